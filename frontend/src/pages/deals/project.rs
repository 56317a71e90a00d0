//! One project: its client, stage, amounts and dates, the stage buttons, the edit of its
//! details (an open project, for its owner, a manager or an admin), its contracts and its
//! history.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use salesops_domain::deals::ProjectDto;
use salesops_domain::{Capability, Role};

use crate::api::deals::{ContractFilter, DealDoc};
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, Notice};
use crate::i18n::deals::D;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::deals::contracts::ContractRows;
use crate::pages::deals::parts::{DealHistory, ProjectStageBadge, money};
use crate::pages::deals::project_form::EditProjectForm;
use crate::pages::deals::stage::StageButtons;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let notice = RwSignal::new(None::<AnyText>);
    let project = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.project(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let on_moved = Callback::new(move |_: ProjectDto| {
        notice.set(Some(D::StageMoved.into()));
        project.refetch();
    });
    let on_saved = Callback::new(move |_: ProjectDto| {
        notice.set(Some(D::ProjectSaved.into()));
        project.refetch();
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || project.get().map(|r| match r {
                Err(e) => view! { <section class="panel"><InlineError error=e /></section> }.into_any(),
                Ok(None) => view! { <section class="panel"><p>{move || i18n.t(Msg::NotFoundPage)}</p></section> }.into_any(),
                Ok(Some(p)) => view! { <ProjectView project=p notice=notice on_moved=on_moved on_saved=on_saved /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProjectView(
    project: ProjectDto,
    notice: RwSignal<Option<AnyText>>,
    on_moved: Callback<ProjectDto>,
    on_saved: Callback<ProjectDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let p = project.clone();
    let id = p.id;
    let contracts = LocalResource::new(move || async move {
        api.contracts(&ContractFilter {
            project_id: Some(id),
            ..Default::default()
        })
        .await
    });
    let row = |label: D, value: Option<String>| {
        value.map(|v| {
            view! {
                <div class="dl-row">
                    <dt>{move || i18n.t(label)}</dt>
                    <dd>{v}</dd>
                </div>
            }
        })
    };
    let draft = format!(
        "/contracts/new?client_id={}&project_id={}",
        p.client_id, p.id
    );
    let writer = auth.can(Capability::DealsWrite);
    // The server decides (the owner, the owner's manager or an admin); the button is shown to
    // whoever may be one of them, on an open project.
    let is_owner = auth.user().is_some_and(|u| u.id == p.owner_id);
    let may_edit = writer
        && p.stage.is_open()
        && (is_owner || auth.has_role(Role::Manager) || auth.has_role(Role::Admin));
    let editing = RwSignal::new(false);
    let edited = project.clone();
    view! {
        <section class="panel" data-testid="project-detail" data-project-id=id data-stage=p.stage.as_str()>
            <div class="panel-head">
                <h1 data-testid="project-title">{p.name.clone()}</h1>
                <A href="/deals/pipeline" attr:class="small-link">{move || i18n.t(D::BackToPipeline)}</A>
            </div>
            <div class="cl-badges"><ProjectStageBadge stage=p.stage /></div>
            <Notice notice=notice />
            <dl class="details">
                <div class="dl-row">
                    <dt>{move || i18n.t(D::Client)}</dt>
                    <dd><A href=format!("/clients/{}", p.client_id)>{p.client_name.clone()}</A></dd>
                </div>
                {row(D::Expected, Some(money(p.expected_amount_fen)))}
                {row(D::BidDate, p.bid_date.map(|d| d.to_string()))}
                {row(D::ExpectedClose, p.expected_close.map(|d| d.to_string()))}
                {row(D::Owner, Some(p.owner_name.clone()))}
                {row(D::Notes, p.notes.clone())}
                {row(D::LostReason, p.lost_reason.clone())}
            </dl>
            {may_edit.then(|| view! {
                <Show when=move || !editing.get()>
                    <button type="button" data-testid="project-edit" on:click=move |_| { notice.set(None); editing.set(true); }>
                        {move || i18n.t(D::EditProject)}
                    </button>
                </Show>
            })}
            {move || (may_edit && editing.get()).then(|| view! {
                <EditProjectForm
                    project=edited.clone()
                    on_saved=on_saved
                    on_cancel=Callback::new(move |_| editing.set(false))
                />
            })}
            {writer.then(|| view! { <StageButtons project=project.clone() on_moved=on_moved /> })}
        </section>
        <section class="panel">
            <div class="panel-head">
                <h2>{move || i18n.t(D::ContractsTitle)}</h2>
                {writer.then(|| view! {
                    <A href=draft.clone() attr:class="button-like" attr:data-testid="project-draft-contract">
                        {move || i18n.t(D::DraftContract)}
                    </A>
                })}
            </div>
            {move || contracts.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(l) => view! { <ContractRows contracts=l.items /> }.into_any(),
            })}
            <DealHistory doc=DealDoc::Project id=id />
        </section>
    }
}
