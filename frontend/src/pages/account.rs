//! The signed-in user's own account: change password.

use leptos::prelude::*;
use salesops_domain::auth::ChangePasswordRequest;

use crate::api::use_api;
use crate::components::{ErrorBanner, Field, FormErrors, Notice, Submit};
use crate::i18n::{AnyText, Msg, use_i18n};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);
    let change = Submit::new(
        errors,
        &["current_password", "new_password"],
        move |request: ChangePasswordRequest| async move {
            api.change_password(&request).await?;
            current.set(String::new());
            new.set(String::new());
            notice.set(Some(Msg::PasswordChanged.into()));
            Ok(())
        },
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        change.submit(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };

    view! {
        <section class="panel narrow">
            <h1>{move || i18n.t(Msg::AccountTitle)}</h1>
            <h2>{move || i18n.t(Msg::ChangePassword)}</h2>
            <Notice notice=notice />
            <form on:submit=submit novalidate>
                <ErrorBanner errors=errors />
                <Field
                    label=Msg::CurrentPassword
                    name="current_password"
                    testid="current-password"
                    value=current
                    errors=errors
                    kind="password"
                    autocomplete="current-password"
                />
                <Field
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
                    disabled=move || change.pending().get()
                >
                    {move || i18n.t(Msg::Save)}
                </button>
            </form>
        </section>
    }
}
