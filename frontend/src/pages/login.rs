//! The sign-in page.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use salesops_domain::auth::LoginRequest;

use crate::api::use_api;
use crate::auth::{Session, use_auth};
use crate::components::{ErrorBanner, Field, FormErrors, Submit};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let api = use_api();
    let navigate = use_navigate();

    // Someone already signed in has nothing to do here.
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if auth.is_signed_in() {
                navigate("/", Default::default());
            }
        }
    });

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let sign_in = Submit::new(
        errors,
        &["username", "password"],
        move |request: LoginRequest| {
            let navigate = navigate.clone();
            async move {
                let tokens = api.login(&request).await?;
                auth.store(Session::from(tokens));
                password.set(String::new());
                navigate("/", Default::default());
                Ok(())
            }
        },
    );
    let busy = sign_in.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_in.submit(LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };

    view! {
        <section class="panel login-panel">
            <h1>{move || i18n.t(Msg::SignInTitle)}</h1>
            <form on:submit=submit data-testid="login-form" novalidate>
                <ErrorBanner errors=errors />
                <Field
                    label=Msg::Username
                    name="username"
                    testid="login-username"
                    value=username
                    errors=errors
                    autocomplete="username"
                    required=true
                />
                <Field
                    label=Msg::Password
                    name="password"
                    testid="login-password"
                    value=password
                    errors=errors
                    kind="password"
                    autocomplete="current-password"
                    required=true
                />
                <button
                    type="submit"
                    class="primary wide"
                    data-testid="login-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { i18n.t(Msg::SigningIn) } else { i18n.t(Msg::SignIn) }}
                </button>
            </form>
        </section>
    }
}
