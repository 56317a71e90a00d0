//! The signed-in user's own account: change password.

use leptos::prelude::*;
use salesops_domain::auth::ChangePasswordRequest;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, Field, FormErrors, Notice, Submit};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::leavings::mine::MyLeaving;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let must_change = move || auth.user().is_some_and(|u| u.must_change_password);
    let navigate = leptos_router::hooks::use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);
    let change = Submit::new(
        errors,
        &["current_password", "new_password"],
        move |request: ChangePasswordRequest| {
            let navigate = navigate.clone();
            async move {
                api.change_password(&request).await?;
                current.set(String::new());
                new.set(String::new());
                notice.set(Some(Msg::PasswordChanged.into()));
                // The password is the user's own now: every page opens again.
                if let Some(mut user) = auth.user()
                    && user.must_change_password
                {
                    user.must_change_password = false;
                    auth.set_user(user);
                    navigate("/", Default::default());
                }
                Ok(())
            }
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
            <Show when=must_change>
                <p class="notice warn" data-testid="must-change-password">
                    {move || i18n.t(Msg::MustChangePassword)}
                </p>
            </Show>
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
        <MyLeaving />
    }
}
