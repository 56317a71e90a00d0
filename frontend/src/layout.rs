//! The frame around every page: the header with the navigation, the guard that keeps a screen
//! from those who may not open it, and the page for unknown addresses.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::Bell;
use crate::i18n::{Msg, use_i18n};
use crate::routes::{Access, nav};

/// Shows `children` to a signed-in user whom `access` allows; sends everyone else to the
/// sign-in page.
#[component]
pub fn Guard(
    access: Access,
    children: ChildrenFn,
    /// The page where a password set by someone else is changed: the only one open until then.
    #[prop(optional)]
    password_page: bool,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    // A memo, so that renewing the tokens (which rewrites the session) does not rebuild the
    // page and lose what the user was typing.
    let state = Memo::new(move |_| {
        let must_change = auth.user().is_some_and(|u| u.must_change_password);
        (
            auth.is_signed_in(),
            access.allows(&auth.roles()),
            must_change,
        )
    });
    move || {
        let (signed_in, allowed, must_change) = state.get();
        if !signed_in {
            view! { <Redirect path="/login" /> }.into_any()
        } else if must_change && !password_page {
            view! { <Redirect path="/account" /> }.into_any()
        } else if allowed {
            children().into_any()
        } else {
            view! {
                <section class="panel">
                    <p data-testid="not-allowed">{move || i18n.t(Msg::NotAllowed)}</p>
                    <A href="/">{move || i18n.t(Msg::BackHome)}</A>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <p>{move || i18n.t(Msg::NotFoundPage)}</p>
            <A href="/">{move || i18n.t(Msg::BackHome)}</A>
        </section>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let api = use_api();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            api.logout().await;
            navigate("/login", Default::default());
        });
    };
    let user_name = move || auth.user().map(|u| u.display_name).unwrap_or_default();
    // Rebuilt only when the roles change, not when the tokens are renewed.
    let roles = Memo::new(move |_| auth.roles());
    let entries = move || {
        let roles = roles.get();
        nav()
            .into_iter()
            .filter(|e| e.shown_to(&roles))
            .map(|e| {
                view! {
                    <A href=e.href exact=e.exact attr:data-testid=e.testid>
                        {move || i18n.t(e.label)}
                    </A>
                }
            })
            .collect_view()
    };

    view! {
        <header class="topbar">
            <A href="/" attr:class="brand" attr:data-testid="brand">
                {move || i18n.t(Msg::AppName)}
            </A>
            <div class="topbar-tools">
                <Show when=move || auth.is_signed_in()>
                    <Bell />
                </Show>
                <Show when=move || auth.is_signed_in()>
                    <A
                        href="/account"
                        attr:class="current-user"
                        attr:title=move || i18n.t(Msg::NavAccount)
                        attr:data-testid="current-user"
                    >
                        {user_name}
                    </A>
                </Show>
                <button
                    type="button"
                    class="link-button"
                    data-testid="lang-switch"
                    title=move || i18n.t(Msg::LangSwitchTitle)
                    on:click=move |_| i18n.set(i18n.lang().other())
                >
                    {move || i18n.t(Msg::LangSwitch)}
                </button>
            </div>
            <Show when=move || auth.is_signed_in()>
                <nav class="nav" data-testid="nav">
                    {entries}
                    <span class="nav-spacer"></span>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="sign-out"
                        on:click=sign_out.clone()
                    >
                        {move || i18n.t(Msg::SignOut)}
                    </button>
                </nav>
            </Show>
        </header>
    }
}
