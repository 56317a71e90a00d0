//! The pipeline (项目跟踪): the projects in the caller's scope by stage — a list per stage on a
//! phone, columns on a desktop — with each stage's count and expected amount; a new project;
//! each project's stage buttons. `?new=1&client_id=` opens the form for that client.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use salesops_domain::Capability;
use salesops_domain::deals::{PipelineStage, ProjectDto, ProjectStage};

use crate::api::deals::ProjectFilter;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, ListNote, Notice};
use crate::i18n::deals::{D, project_stage_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::deals::parts::money;
use crate::pages::deals::project_form::NewProjectForm;
use crate::pages::deals::stage::StageButtons;

#[component]
pub fn PipelinePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let preset = query.with_untracked(|q| q.get("client_id").and_then(|v| v.parse::<i64>().ok()));
    let adding = RwSignal::new(query.with_untracked(|q| q.get("new").is_some()));
    let closed = RwSignal::new(false);
    let notice = RwSignal::new(None::<AnyText>);
    let projects = LocalResource::new(move || {
        let filter = ProjectFilter {
            open: (!closed.get()).then_some(true),
            ..Default::default()
        };
        async move { api.projects(&filter).await }
    });
    let totals = LocalResource::new(move || async move { api.pipeline().await });
    let changed = Callback::new(move |msg: D| {
        notice.set(Some(msg.into()));
        projects.refetch();
        totals.refetch();
    });
    let on_created = Callback::new(move |_: ProjectDto| {
        adding.set(false);
        changed.run(D::ProjectCreated);
    });
    let can_write = move || auth.can(Capability::DealsWrite);

    let board =
        move || {
            let list = projects.get()?;
            let sums = totals.get().and_then(Result::ok).unwrap_or_default();
            Some(match list {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(list) => {
                    let info = list.info();
                    let stages: Vec<ProjectStage> = ProjectStage::ALL
                        .iter()
                        .copied()
                        .filter(|s| closed.get_untracked() || s.is_open())
                        .collect();
                    let columns = stages
                    .into_iter()
                    .map(|stage| {
                        let mine: Vec<ProjectDto> =
                            list.items.iter().filter(|p| p.stage == stage).cloned().collect();
                        let sum = sums.iter().find(|s| s.stage == stage).cloned();
                        view! { <StageColumn stage=stage projects=mine sum=sum changed=changed /> }
                    })
                    .collect_view();
                    view! {
                        <div class="pipeline" data-testid="pipeline">{columns}</div>
                        <ListNote info=info />
                    }
                    .into_any()
                }
            })
        };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(D::PipelineTitle)}</h1>
                <Show when=can_write>
                    <button type="button" class="primary" data-testid="project-new" on:click=move |_| adding.update(|a| *a = !*a)>
                        {move || i18n.t(D::NewProject)}
                    </button>
                </Show>
            </div>
            <Notice notice=notice />
            <Show when=move || adding.get() && can_write()>
                <NewProjectForm client=preset on_created=on_created />
            </Show>
            <label class="check">
                <input type="checkbox" data-testid="pipeline-closed" prop:checked=move || closed.get()
                    on:change=move |ev| closed.set(event_target_checked(&ev)) />
                <span>{move || i18n.t(D::ShowClosed)}</span>
            </label>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {board}
        </Transition>
    }
}

#[component]
fn StageColumn(
    stage: ProjectStage,
    projects: Vec<ProjectDto>,
    sum: Option<PipelineStage>,
    changed: Callback<D>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (count, fen) = sum.map_or((projects.len() as i64, 0), |s| {
        (s.count, s.expected_amount_fen)
    });
    let cards = if projects.is_empty() {
        view! { <p class="muted small">{move || i18n.t(D::NoProjects)}</p> }.into_any()
    } else {
        projects
            .into_iter()
            .map(|p| view! { <ProjectCard project=p changed=changed /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="pipe-col" data-testid="pipeline-stage" data-stage=stage.as_str()>
            <h2 class="pipe-head">
                <span>{move || i18n.t(project_stage_msg(stage))}</span>
                <span class="badge" data-testid="stage-count">{count}</span>
            </h2>
            <p class="small muted">
                {move || i18n.t(D::Expected)} " "
                <strong data-testid="stage-amount">{money(fen)}</strong>
            </p>
            {cards}
        </section>
    }
}

/// One project: its name (to its page), client, amount, owner, and the stage buttons.
#[component]
pub fn ProjectCard(project: ProjectDto, changed: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let p = project.clone();
    let on_moved = Callback::new(move |_: ProjectDto| changed.run(D::StageMoved));
    let contract_link = format!(
        "/contracts/new?client_id={}&project_id={}",
        p.client_id, p.id
    );
    let won = p.stage == ProjectStage::Won;
    view! {
        <article class="card deal-card" data-testid="project-card" data-project-id=p.id data-stage=p.stage.as_str()>
            <A href=format!("/projects/{}", p.id) attr:class="deal-name" attr:data-testid="project-link">{p.name.clone()}</A>
            <p class="small">
                <A href=format!("/clients/{}", p.client_id)>{p.client_name.clone()}</A>
                " · " <span data-testid="project-amount-shown">{money(p.expected_amount_fen)}</span>
                " · " <span class="muted">{p.owner_name.clone()}</span>
            </p>
            {p.bid_date.map(|d| view! { <p class="small muted">{move || i18n.t(D::BidDate)} " " {d.to_string()}</p> })}
            {p.lost_reason.clone().map(|r| view! { <p class="small muted" data-testid="project-lost-reason">{r}</p> })}
            {move || auth.can(Capability::DealsWrite).then(|| view! {
                <StageButtons project=project.clone() on_moved=on_moved />
            })}
            {(won && auth.can(Capability::DealsWrite)).then(|| view! {
                <A href=contract_link.clone() attr:class="button-like primary" attr:data-testid="project-draft-contract">
                    {move || i18n.t(D::DraftContract)}
                </A>
            })}
        </article>
    }
}
