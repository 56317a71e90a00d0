//! One client: details and badges, stage and credit, the timeline of follow-ups and cases
//! (newest first), the short follow-up form and satisfaction.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use salesops_domain::cases::{CaseDto, CaseListQuery};
use salesops_domain::clients::ClientDto;
use salesops_domain::follow_ups::{FollowUpDto, FollowUpKind};

use crate::api::{ApiError, ListInfo, use_api};
use crate::clock::local_time;
use crate::components::{InlineError, ListNote, Notice};
use crate::i18n::clients::{CMsg, case_state_msg, kind_msg, source_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::case_actions::CaseActions;
use crate::pages::clients::detail_forms::{Satisfaction, StageCredit};
use crate::pages::clients::edit::EditDetailsForm;
use crate::pages::clients::follow_up::FollowUpForm;
use crate::pages::clients::parts::{CreditBadge, OverdueBadge, StageBadge, TierBadge};
use crate::pages::deals::client_deals::ClientDeals;

/// One entry of the timeline.
#[derive(Debug, Clone)]
enum Entry {
    FollowUp(FollowUpDto),
    Case(CaseDto),
}

impl Entry {
    fn at(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Entry::FollowUp(f) => f.occurred_at,
            Entry::Case(c) => c.opened_at,
        }
    }
}

type Timeline = LocalResource<Result<(Vec<Entry>, ListInfo), ApiError>>;

#[component]
pub fn ClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));

    // `?log=call|visit` (from "today") opens the form with that kind.
    let start_kind =
        query.with_untracked(|q| q.get("log").and_then(|k| k.parse::<FollowUpKind>().ok()));
    let adding = RwSignal::new(start_kind);
    let notice = RwSignal::new(
        query
            .with_untracked(|q| q.get("created").is_some())
            .then_some(AnyText::from(CMsg::ClientCreated)),
    );

    let client = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.get_client(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let timeline: Timeline = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else {
                return Ok((
                    Vec::new(),
                    ListInfo {
                        shown: 0,
                        total: 0,
                        complete: true,
                    },
                ));
            };
            let follow_ups = api.client_follow_ups(id).await?;
            let cases = api
                .list_cases(&CaseListQuery {
                    client_id: Some(id),
                    ..Default::default()
                })
                .await?;
            let info = follow_ups.info().and(cases.info());
            let mut entries: Vec<Entry> = follow_ups
                .items
                .into_iter()
                .map(Entry::FollowUp)
                .chain(cases.items.into_iter().map(Entry::Case))
                .collect();
            entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
            Ok((entries, info))
        }
    });

    let refresh = Callback::new(move |()| {
        client.refetch();
        timeline.refetch();
    });
    let on_saved = Callback::new(move |()| {
        adding.set(None);
        notice.set(Some(CMsg::FollowUpSaved.into()));
        refresh.run(());
    });
    let on_cancel = Callback::new(move |()| adding.set(None));

    let page = move || {
        let result = client.get()?;
        Some(match result {
            Err(e) => view! {
                <section class="panel">
                    <InlineError error=e />
                    <A href="/clients">{move || i18n.t(CMsg::BackToClients)}</A>
                </section>
            }
            .into_any(),
            Ok(None) => view! {
                <section class="panel"><p>{move || i18n.t(Msg::NotFoundPage)}</p></section>
            }
            .into_any(),
            Ok(Some(c)) => view! {
                <ClientView client=c adding=adding on_saved=on_saved on_cancel=on_cancel notice=notice refresh=refresh timeline=timeline />
            }
            .into_any(),
        })
    };

    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {page}
        </Transition>
    }
}

#[component]
fn ClientView(
    client: ClientDto,
    adding: RwSignal<Option<FollowUpKind>>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
    refresh: Callback<()>,
    timeline: Timeline,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = client.clone();
    let client_id = c.id;
    let tel = c.phone.clone().map(|p| {
        let href = format!("tel:{}", p.replace([' ', '-'], ""));
        view! { <a class="tel" href=href data-testid="client-tel">{p}</a> }
    });
    let next = c.next_follow_up_date;
    let last = c.last_follow_up_at;
    let detail_row = |label: CMsg, value: Option<String>| {
        value.map(|v| {
            view! {
                <div class="dl-row">
                    <dt>{move || i18n.t(label)}</dt>
                    <dd>{v}</dd>
                </div>
            }
        })
    };
    let source = c.source;
    let editing = RwSignal::new(false);
    let edit_client = StoredValue::new(client.clone());
    let on_edit_saved = Callback::new(move |()| {
        editing.set(false);
        notice.set(Some(CMsg::ClientSaved.into()));
        refresh.run(());
    });
    let on_edit_cancel = Callback::new(move |()| editing.set(false));

    view! {
        <section class="panel client-head">
            <div class="panel-head">
                <h1 data-testid="client-title">{c.name.clone()}</h1>
                <A href="/clients" attr:class="small-link">{move || i18n.t(CMsg::BackToClients)}</A>
            </div>
            {c.company.clone().map(|co| view! { <p class="client-company" data-testid="client-company-line">{co}</p> })}
            <div class="cl-badges">
                <TierBadge tier=c.tier />
                <StageBadge stage=c.stage />
                <CreditBadge credit=c.credit />
                {c.overdue.then(|| view! { <OverdueBadge /> })}
            </div>
            <p class="client-meta">
                {tel}
                <span class="muted">
                    {move || i18n.t(CMsg::NextFollowUp)} ": "
                    <span data-testid="client-next">
                        {move || next.map(|d| d.to_string()).unwrap_or_else(|| i18n.t(CMsg::NotTracked).to_owned())}
                    </span>
                </span>
                <span class="muted">
                    {move || i18n.t(CMsg::LastFollowUp)} ": "
                    {move || last.map(local_time).unwrap_or_else(|| i18n.t(CMsg::Never).to_owned())}
                </span>
            </p>
            <Notice notice=notice />
            <div class="quick-actions">
                <button type="button" class="primary" data-testid="log-call" on:click=move |_| adding.set(Some(FollowUpKind::Call))>
                    {move || i18n.t(CMsg::LogCall)}
                </button>
                <button type="button" class="primary" data-testid="log-visit" on:click=move |_| adding.set(Some(FollowUpKind::Visit))>
                    {move || i18n.t(CMsg::LogVisit)}
                </button>
                <button type="button" data-testid="add-follow-up" on:click=move |_| adding.set(Some(FollowUpKind::Meeting))>
                    {move || i18n.t(CMsg::AddFollowUp)}
                </button>
            </div>
            {move || adding.get().map(|kind| view! {
                <FollowUpForm client_id=client_id kind=kind on_saved=on_saved on_cancel=on_cancel />
            })}
        </section>
        <section class="panel">
            <h2>{move || i18n.t(CMsg::Timeline)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || timeline.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok((entries, _)) if entries.is_empty() => view! {
                        <p class="muted" data-testid="timeline-empty">{move || i18n.t(CMsg::TimelineEmpty)}</p>
                    }.into_any(),
                    Ok((entries, info)) => view! {
                        <ol class="timeline" data-testid="timeline">
                            {entries.into_iter().map(|e| view! { <TimelineEntry entry=e refresh=refresh notice=notice /> }).collect_view()}
                        </ol>
                        <ListNote info=info />
                    }.into_any(),
                })}
            </Transition>
        </section>
        <ClientDeals client_id=client_id />
        <Satisfaction client=client.clone() refresh=refresh notice=notice />
        <section class="panel">
            <div class="panel-head">
                <h2>{move || i18n.t(CMsg::Details)}</h2>
                <Show when=move || !editing.get()>
                    <button type="button" class="small" data-testid="client-edit" on:click=move |_| editing.set(true)>
                        {move || i18n.t(CMsg::EditDetails)}
                    </button>
                </Show>
            </div>
            <StageCredit client=client.clone() refresh=refresh notice=notice />
            <Show when=move || editing.get()>
                <EditDetailsForm client=edit_client.get_value() on_saved=on_edit_saved on_cancel=on_edit_cancel refresh=refresh />
            </Show>
            <dl class="details" data-testid="client-details" hidden=move || editing.get()>
                {detail_row(CMsg::Company, c.company.clone())}
                {detail_row(CMsg::Position, c.position.clone())}
                {detail_row(CMsg::Phone, c.phone.clone())}
                {detail_row(CMsg::Phone2, c.phone2.clone())}
                {detail_row(CMsg::Email, c.email.clone())}
                {detail_row(CMsg::Address, c.address.clone())}
                {detail_row(CMsg::Region, c.region.clone())}
                {detail_row(CMsg::Industry, c.industry.clone())}
                <div class="dl-row">
                    <dt>{move || i18n.t(CMsg::Source)}</dt>
                    <dd>{move || i18n.t(source_msg(source))}</dd>
                </div>
                {detail_row(CMsg::Needs, c.needs.clone())}
                {detail_row(CMsg::Interests, c.interests.clone())}
                {detail_row(CMsg::Owner, Some(c.owner_name.clone()))}
            </dl>
        </section>
    }
}

#[component]
fn TimelineEntry(
    entry: Entry,
    refresh: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    match entry {
        Entry::FollowUp(f) => {
            let kind = f.kind;
            let line = |label: CMsg, v: Option<String>| {
                v.map(|v| view! { <p class="tl-line"><span class="muted">{move || i18n.t(label)} ": "</span>{v}</p> })
            };
            view! {
                <li class="tl-item" data-testid="timeline-follow-up" data-kind=kind.as_str()>
                    <div class="tl-head">
                        <span class=format!("badge kind-{}", kind.as_str())>{move || i18n.t(kind_msg(kind))}</span>
                        <time class="muted">{local_time(f.occurred_at)}</time>
                    </div>
                    <p class="tl-summary" data-testid="timeline-summary">{f.summary.clone()}</p>
                    {line(CMsg::Needs, f.needs.clone())}
                    {line(CMsg::Complaint, f.complaint.clone())}
                    {line(CMsg::NextStep, f.next_step.clone())}
                    {line(CMsg::NextFollowUpDate, f.next_follow_up_date.map(|d| d.to_string()))}
                </li>
            }
            .into_any()
        }
        Entry::Case(c) => {
            let state = c.state;
            view! {
                <li class="tl-item tl-case" data-testid="timeline-case" data-case-id=c.id.to_string() data-state=state.as_str()>
                    <div class="tl-head">
                        <span class="badge badge-case">{move || i18n.t(CMsg::CaseTitle)}</span>
                        <span class=format!("badge case-{}", state.as_str()) data-testid="case-state">{move || i18n.t(case_state_msg(state))}</span>
                        {c.overdue.then(|| view! { <OverdueBadge /> })}
                        <time class="muted">{local_time(c.opened_at)}</time>
                    </div>
                    <p class="tl-summary">{c.summary.clone()}</p>
                    {c.resolution.clone().map(|r| view! {
                        <p class="tl-line" data-testid="case-answer"><span class="muted">{move || i18n.t(CMsg::CaseResolution)} ": "</span>{r}</p>
                    })}
                    <CaseActions case=c.clone() refresh=refresh notice=notice />
                </li>
            }
            .into_any()
        }
    }
}
