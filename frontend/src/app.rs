//! The app shell: contexts, router, header with role-aware navigation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use salesops_domain::Role;

use crate::api::{ApiError, use_api};
use crate::auth::{provide_auth, use_auth};
use crate::i18n::{Msg, provide_i18n, use_i18n};
use crate::pages::account::AccountPage;
use crate::pages::admin::teams::TeamsPage;
use crate::pages::admin::users::UsersPage;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let auth = provide_auth();
    let api = use_api();

    // A stored session may be stale: refresh the user (roles, name) once at start. A refused
    // session is cleared by the client, which sends the app to the sign-in page.
    if auth.is_signed_in() {
        spawn_local(async move {
            if let Ok(user) = api.me().await {
                auth.set_user(user);
            }
        });
    }

    view! {
        <Router>
            <Header />
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/") view=|| view! { <Guard roles=&[]><HomePage /></Guard> } />
                    <Route
                        path=path!("/account")
                        view=|| view! { <Guard roles=&[]><AccountPage /></Guard> }
                    />
                    <Route
                        path=path!("/admin/users")
                        view=|| {
                            view! {
                                <Guard roles=&[Role::Admin, Role::Hr]><UsersPage /></Guard>
                            }
                        }
                    />
                    <Route
                        path=path!("/admin/teams")
                        view=|| view! { <Guard roles=&[Role::Admin]><TeamsPage /></Guard> }
                    />
                    // Client screens (src/pages/clients/).
                    <Route
                        path=path!("/clients")
                        view=|| view! { <Guard roles=crate::pages::clients::CLIENT_ROLES><crate::pages::clients::list::ClientListPage /></Guard> }
                    />
                    <Route
                        path=path!("/clients/new")
                        view=|| view! { <Guard roles=crate::pages::clients::CLIENT_ROLES><crate::pages::clients::list::NewClientPage /></Guard> }
                    />
                    <Route
                        path=path!("/clients/team")
                        view=|| view! { <Guard roles=&[Role::Manager, Role::Admin]><crate::pages::clients::team::TeamPage /></Guard> }
                    />
                    <Route
                        path=path!("/clients/import")
                        view=|| view! { <Guard roles=crate::pages::clients::CLIENT_ROLES><crate::pages::clients::import::ImportPage /></Guard> }
                    />
                    <Route
                        path=path!("/clients/:id")
                        view=|| view! { <Guard roles=crate::pages::clients::CLIENT_ROLES><crate::pages::clients::detail::ClientPage /></Guard> }
                    />
                    <Route
                        path=path!("/today")
                        view=|| view! { <Guard roles=crate::pages::clients::CLIENT_ROLES><crate::pages::clients::today::TodayPage /></Guard> }
                    />
                    <Route
                        path=path!("/handovers")
                        view=|| view! { <Guard roles=&[Role::Hr, Role::Admin]><crate::pages::clients::handover::HandoverPage /></Guard> }
                    />
                    // Plans and visits (src/pages/plans/, src/pages/manager/).
                    <Route
                        path=path!("/plans/week")
                        view=|| view! { <Guard roles=crate::pages::plans::PLANNER_ROLES><crate::pages::plans::week::MyWeekPage /></Guard> }
                    />
                    <Route
                        path=path!("/manager/approvals")
                        view=|| view! { <Guard roles=crate::pages::plans::MANAGER_ROLES><crate::pages::manager::approvals::ApprovalsPage /></Guard> }
                    />
                    <Route
                        path=path!("/manager/spot-checks")
                        view=|| view! { <Guard roles=crate::pages::plans::MANAGER_ROLES><crate::pages::manager::spot_checks::SpotChecksPage /></Guard> }
                    />
                    <Route
                        path=path!("/manager/team-week")
                        view=|| view! { <Guard roles=crate::pages::plans::MANAGER_ROLES><crate::pages::manager::team_week::TeamWeekPage /></Guard> }
                    />
                    // Weekly and monthly reports (src/pages/reports/).
                    <Route
                        path=path!("/reports/week")
                        view=|| view! { <Guard roles=crate::pages::reports::WRITER_ROLES><crate::pages::reports::weekly::WeeklyReportPage /></Guard> }
                    />
                    <Route
                        path=path!("/reports/status")
                        view=|| view! { <Guard roles=crate::pages::reports::MANAGER_ROLES><crate::pages::reports::status::ReportsStatusPage /></Guard> }
                    />
                    <Route
                        path=path!("/reports/weekly/:id")
                        view=|| view! { <Guard roles=crate::pages::reports::READER_ROLES><crate::pages::reports::review::ReviewPage /></Guard> }
                    />
                    <Route
                        path=path!("/reports/monthly")
                        view=|| view! { <Guard roles=crate::pages::reports::MANAGER_ROLES><crate::pages::reports::monthly::MonthlyReportPage /></Guard> }
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// Shows `children` to a signed-in user holding one of `roles` (any user when empty); sends
/// everyone else to the sign-in page.
#[component]
fn Guard(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    // A memo, so that renewing the tokens (which rewrites the session) does not rebuild the
    // page and lose what the user was typing.
    let access = Memo::new(move |_| {
        (
            auth.is_signed_in(),
            roles.is_empty() || auth.has_any_role(roles),
        )
    });
    move || {
        let (signed_in, allowed) = access.get();
        if !signed_in {
            view! { <Redirect path="/login" /> }.into_any()
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
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <p>{move || i18n.t(Msg::NotFoundPage)}</p>
            <A href="/">{move || i18n.t(Msg::BackHome)}</A>
        </section>
    }
}

#[component]
fn Header() -> impl IntoView {
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

    view! {
        <header class="topbar">
            <A href="/" attr:class="brand" attr:data-testid="brand">
                {move || i18n.t(Msg::AppName)}
            </A>
            <div class="topbar-tools">
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
                    <A href="/" exact=true attr:data-testid="nav-home">
                        {move || i18n.t(Msg::NavHome)}
                    </A>
                    <crate::pages::clients::ClientNav />
                    <crate::pages::reports::ReportsNav />
                    <crate::pages::plans::PlansNav />
                    <Show when=move || auth.has_any_role(&[Role::Admin, Role::Hr])>
                        <A href="/admin/users" attr:data-testid="nav-users">
                            {move || i18n.t(Msg::NavUsers)}
                        </A>
                    </Show>
                    <Show when=move || auth.has_role(Role::Admin)>
                        <A href="/admin/teams" attr:data-testid="nav-teams">
                            {move || i18n.t(Msg::NavTeams)}
                        </A>
                    </Show>
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

/// Whether an error means the page has nothing more to do (the session ended and the app is
/// on its way to the sign-in page).
pub fn is_signed_out(err: &ApiError) -> bool {
    matches!(err, ApiError::SignedOut)
}
