//! The signed-in user's own account: change password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::auth::ChangePasswordRequest;

use crate::api::use_api;
use crate::components::{ErrorBanner, FormErrors, SuccessBanner, TextField};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.clear();
        notice.set(None);
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        spawn_local(async move {
            match api.change_password(&request).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    notice.set(Some(Msg::PasswordChanged));
                }
                Err(e) => errors.show(&e, &["current_password", "new_password"]),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="panel narrow">
            <h1>{move || i18n.t(Msg::AccountTitle)}</h1>
            <h2>{move || i18n.t(Msg::ChangePassword)}</h2>
            <SuccessBanner notice=notice />
            <form on:submit=submit novalidate>
                <ErrorBanner errors=errors />
                <TextField
                    label=Msg::CurrentPassword
                    name="current_password"
                    testid="current-password"
                    value=current
                    errors=errors
                    kind="password"
                    autocomplete="current-password"
                />
                <TextField
                    label=Msg::NewPassword
                    name="new_password"
                    testid="new-password"
                    value=new
                    errors=errors
                    kind="password"
                    autocomplete="new-password"
                />
                <button
                    type="submit"
                    class="primary"
                    data-testid="change-password-submit"
                    disabled=move || busy.get()
                >
                    {move || i18n.t(Msg::Save)}
                </button>
            </form>
        </section>
    }
}
