//! The app: contexts, the router, and which screen each address shows to whom.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::use_api;
use crate::auth::provide_auth;
use crate::i18n::provide_i18n;
use crate::layout::{Guard, Header, NotFound};
use crate::pages::account::AccountPage;
use crate::pages::admin::api_keys::ApiKeysPage;
use crate::pages::admin::jobs::JobsPage;
use crate::pages::admin::teams::TeamsPage;
use crate::pages::admin::users::UsersPage;
use crate::pages::admin::webhooks::WebhooksPage;
use crate::pages::clients::cases::CasesPage;
use crate::pages::clients::detail::ClientPage;
use crate::pages::clients::handover::HandoverPage;
use crate::pages::clients::import::ImportPage;
use crate::pages::clients::list::ClientListPage;
use crate::pages::clients::new::NewClientPage;
use crate::pages::clients::team::TeamPage;
use crate::pages::clients::today::TodayPage;
use crate::pages::deals::contract::ContractPage;
use crate::pages::deals::contract_form::ContractFormPage;
use crate::pages::deals::contracts::{ContractReviewPage, ContractsPage};
use crate::pages::deals::pipeline::PipelinePage;
use crate::pages::deals::project::ProjectPage;
use crate::pages::deals::receivables::ReceivablesPage;
use crate::pages::home::HomePage;
use crate::pages::leavings::detail::LeavingPage;
use crate::pages::leavings::list::LeavingsPage;
use crate::pages::login::LoginPage;
use crate::pages::manager::approvals::ApprovalsPage;
use crate::pages::manager::spot_checks::SpotChecksPage;
use crate::pages::manager::team_week::TeamWeekPage;
use crate::pages::money::advances::MyAdvancesPage;
use crate::pages::money::claim_detail::ClaimPage;
use crate::pages::money::claim_form::ClaimFormPage;
use crate::pages::money::finance_queue::FinanceQueuePage;
use crate::pages::money::inbox::MoneyInboxPage;
use crate::pages::money::my_claims::MyClaimsPage;
use crate::pages::money::reports::FinanceReportsPage;
use crate::pages::money::standards::StandardsPage;
use crate::pages::pay::branch_profits::BranchProfitsPage;
use crate::pages::pay::grades::PayGradesPage;
use crate::pages::pay::pay_items::PayItemsPage;
use crate::pages::pay::payroll::PayrollPage;
use crate::pages::pay::settings::PaySettingsPage;
use crate::pages::plans::week::MyWeekPage;
use crate::pages::reports::monthly::MonthlyReportPage;
use crate::pages::reports::review::ReviewPage;
use crate::pages::reports::status::ReportsStatusPage;
use crate::pages::reports::weekly::WeeklyReportPage;
use crate::pages::rubrics::list::RubricsPage;
use crate::pages::scores::alerts::AlertsPage;
use crate::pages::scores::attendance::AttendancePage;
use crate::pages::scores::detail::ScorePage;
use crate::pages::scores::evidence::VisitEvidencePage;
use crate::pages::scores::hr::HrScoresPage;
use crate::pages::scores::mine::MyScorePage;
use crate::pages::scores::team::TeamScoresPage;
use crate::pages::scores::trainings::TrainingsPage;
use crate::routes;

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
                    <Route path=path!("/") view=|| view! { <Guard access=routes::HOME><HomePage /></Guard> } />
                    <Route path=path!("/account") view=|| view! { <Guard access=routes::ACCOUNT password_page=true><AccountPage /></Guard> } />
                    <Route path=path!("/admin/users") view=|| view! { <Guard access=routes::USERS><UsersPage /></Guard> } />
                    <Route path=path!("/admin/teams") view=|| view! { <Guard access=routes::TEAMS><TeamsPage /></Guard> } />
                    <Route path=path!("/admin/jobs") view=|| view! { <Guard access=routes::JOBS><JobsPage /></Guard> } />
                    <Route path=path!("/clients") view=|| view! { <Guard access=routes::CLIENTS><ClientListPage /></Guard> } />
                    <Route path=path!("/clients/new") view=|| view! { <Guard access=routes::NEW_CLIENT><NewClientPage /></Guard> } />
                    <Route path=path!("/clients/team") view=|| view! { <Guard access=routes::TEAM_CLIENTS><TeamPage /></Guard> } />
                    <Route path=path!("/clients/import") view=|| view! { <Guard access=routes::IMPORT><ImportPage /></Guard> } />
                    <Route path=path!("/clients/:id") view=|| view! { <Guard access=routes::CLIENT><ClientPage /></Guard> } />
                    <Route path=path!("/today") view=|| view! { <Guard access=routes::TODAY><TodayPage /></Guard> } />
                    <Route path=path!("/cases") view=|| view! { <Guard access=routes::CASES><CasesPage /></Guard> } />
                    <Route path=path!("/handovers") view=|| view! { <Guard access=routes::HANDOVERS><HandoverPage /></Guard> } />
                    <Route path=path!("/plans/week") view=|| view! { <Guard access=routes::MY_WEEK><MyWeekPage /></Guard> } />
                    <Route path=path!("/manager/approvals") view=|| view! { <Guard access=routes::APPROVALS><ApprovalsPage /></Guard> } />
                    <Route path=path!("/manager/spot-checks") view=|| view! { <Guard access=routes::SPOT_CHECKS><SpotChecksPage /></Guard> } />
                    <Route path=path!("/manager/team-week") view=|| view! { <Guard access=routes::TEAM_WEEK><TeamWeekPage /></Guard> } />
                    <Route path=path!("/reports/week") view=|| view! { <Guard access=routes::WEEKLY_REPORT><WeeklyReportPage /></Guard> } />
                    <Route path=path!("/reports/status") view=|| view! { <Guard access=routes::REPORTS_STATUS><ReportsStatusPage /></Guard> } />
                    <Route path=path!("/reports/weekly/:id") view=|| view! { <Guard access=routes::REPORT><ReviewPage /></Guard> } />
                    <Route path=path!("/reports/monthly") view=|| view! { <Guard access=routes::MONTHLY><MonthlyReportPage /></Guard> } />
                    <Route path=path!("/claims") view=|| view! { <Guard access=routes::MY_CLAIMS><MyClaimsPage /></Guard> } />
                    <Route path=path!("/claims/new") view=|| view! { <Guard access=routes::MY_CLAIMS><ClaimFormPage /></Guard> } />
                    <Route path=path!("/claims/:id/edit") view=|| view! { <Guard access=routes::MY_CLAIMS><ClaimFormPage /></Guard> } />
                    <Route path=path!("/claims/:id") view=|| view! { <Guard access=routes::MY_CLAIMS><ClaimPage /></Guard> } />
                    <Route path=path!("/advances") view=|| view! { <Guard access=routes::MY_CLAIMS><MyAdvancesPage /></Guard> } />
                    <Route path=path!("/money/inbox") view=|| view! { <Guard access=routes::MONEY_INBOX><MoneyInboxPage /></Guard> } />
                    <Route path=path!("/finance/claims") view=|| view! { <Guard access=routes::FINANCE_QUEUE><FinanceQueuePage /></Guard> } />
                    <Route path=path!("/finance/reports") view=|| view! { <Guard access=routes::FINANCE_REPORTS><FinanceReportsPage /></Guard> } />
                    <Route path=path!("/deals/pipeline") view=|| view! { <Guard access=routes::PIPELINE><PipelinePage /></Guard> } />
                    <Route path=path!("/projects/:id") view=|| view! { <Guard access=routes::PROJECT><ProjectPage /></Guard> } />
                    <Route path=path!("/contracts") view=|| view! { <Guard access=routes::CONTRACTS><ContractsPage /></Guard> } />
                    <Route path=path!("/contracts/new") view=|| view! { <Guard access=routes::CONTRACT_FORM><ContractFormPage /></Guard> } />
                    <Route path=path!("/contracts/review") view=|| view! { <Guard access=routes::CONTRACT_REVIEW><ContractReviewPage /></Guard> } />
                    <Route path=path!("/contracts/:id/edit") view=|| view! { <Guard access=routes::CONTRACT_FORM><ContractFormPage /></Guard> } />
                    <Route path=path!("/contracts/:id") view=|| view! { <Guard access=routes::CONTRACT><ContractPage /></Guard> } />
                    <Route path=path!("/receivables") view=|| view! { <Guard access=routes::RECEIVABLES><ReceivablesPage /></Guard> } />
                    <Route path=path!("/admin/standards") view=|| view! { <Guard access=routes::STANDARDS><StandardsPage /></Guard> } />
                    <Route path=path!("/finance/payroll") view=|| view! { <Guard access=routes::PAYROLL><PayrollPage /></Guard> } />
                    <Route path=path!("/pay/items") view=|| view! { <Guard access=routes::PAY_ITEMS><PayItemsPage /></Guard> } />
                    <Route path=path!("/finance/branch-profits") view=|| view! { <Guard access=routes::BRANCH_PROFITS><BranchProfitsPage /></Guard> } />
                    <Route path=path!("/admin/pay-grades") view=|| view! { <Guard access=routes::PAY_GRADES><PayGradesPage /></Guard> } />
                    <Route path=path!("/admin/pay-settings") view=|| view! { <Guard access=routes::PAY_SETTINGS><PaySettingsPage /></Guard> } />
                    <Route path=path!("/admin/rubrics") view=|| view! { <Guard access=routes::RUBRICS><RubricsPage /></Guard> } />
                    <Route path=path!("/admin/api-keys") view=|| view! { <Guard access=routes::API_KEYS><ApiKeysPage /></Guard> } />
                    <Route path=path!("/admin/webhooks") view=|| view! { <Guard access=routes::WEBHOOKS><WebhooksPage /></Guard> } />
                    <Route path=path!("/leavings") view=|| view! { <Guard access=routes::LEAVINGS><LeavingsPage /></Guard> } />
                    <Route path=path!("/leavings/:id") view=|| view! { <Guard access=routes::LEAVING><LeavingPage /></Guard> } />
                    <Route path=path!("/scores/me") view=|| view! { <Guard access=routes::MY_SCORE><MyScorePage /></Guard> } />
                    <Route path=path!("/scores/visit/:id") view=|| view! { <Guard access=routes::SCORE><VisitEvidencePage /></Guard> } />
                    <Route path=path!("/scores/:id") view=|| view! { <Guard access=routes::SCORE><ScorePage /></Guard> } />
                    <Route path=path!("/manager/scores") view=|| view! { <Guard access=routes::TEAM_SCORES><TeamScoresPage /></Guard> } />
                    <Route path=path!("/trainings") view=|| view! { <Guard access=routes::TRAININGS><TrainingsPage /></Guard> } />
                    <Route path=path!("/attendance") view=|| view! { <Guard access=routes::ATTENDANCE><AttendancePage /></Guard> } />
                    <Route path=path!("/hr/scores") view=|| view! { <Guard access=routes::SCORES_OVERVIEW><HrScoresPage /></Guard> } />
                    <Route path=path!("/hr/alerts") view=|| view! { <Guard access=routes::SCORE_ALERTS><AlertsPage /></Guard> } />
                </Routes>
            </main>
        </Router>
    }
}
