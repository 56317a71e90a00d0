//! The claim being written (报销单): from this week's approved plan, one line per planned or
//! logged visit; the standard and flags of each line shown as it is typed (the server's
//! preview, once typing pauses); save as a draft, or submit — a refusal names its lines.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use salesops_domain::advances::{AdvanceDto, AdvanceState};
use salesops_domain::expenses::{ClaimDto, ClaimPreviewDto, ClaimRequest, ClaimState};
use salesops_domain::visits::{VisitDto, VisitStatus};

use crate::api::{ApiError, use_api};
use crate::auth::use_auth;
use crate::clock::{this_week, today};
use crate::components::{ErrorBanner, FormErrors, InlineError, Submit};
use crate::i18n::money::M;
use crate::i18n::{Msg, use_i18n};
use crate::pages::money::claim_line::{LineDraft, LineEditor};
use crate::pages::money::parts::{ClaimStateBadge, money};
use crate::pages::money::refusal::{Refusal, RefusalPanel};

/// How long typing must pause before the lines are checked.
const PAUSE: Duration = Duration::from_millis(400);

/// What the form starts from: a stored claim to edit, or the week's approved plan.
#[derive(Debug, Clone)]
struct Start {
    claim: Option<ClaimDto>,
    plan_id: Option<i64>,
    visits: Vec<VisitDto>,
    /// The caller's paid advances with a balance left, which the claim may settle first.
    advances: Vec<AdvanceDto>,
}

/// `/claims/new` and `/claims/:id/edit`.
#[component]
pub fn ClaimFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let start = LocalResource::new(move || async move {
        let advances: Vec<AdvanceDto> = api
            .my_advances(me)
            .await?
            .items
            .into_iter()
            .filter(|a| a.state == AdvanceState::Paid && a.balance_fen > 0)
            .collect();
        if let Some(id) = id {
            let claim = api.claim(id).await?;
            return Ok::<Start, ApiError>(Start {
                plan_id: claim.plan_id,
                claim: Some(claim),
                visits: Vec::new(),
                advances,
            });
        }
        let plan = api.my_week_plan(me, &this_week().to_string()).await?;
        let plan = plan.filter(|p| p.state == salesops_domain::plans::PlanState::Approved);
        let visits = match &plan {
            Some(p) => api.plan_visits(p.id).await?,
            None => Vec::new(),
        };
        Ok(Start {
            claim: None,
            plan_id: plan.map(|p| p.id),
            visits,
            advances,
        })
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(M::NewClaimTitle)}</h1>
                <a href="/claims" class="small-link">{move || i18n.t(M::Back)}</a>
            </div>
            {move || match start.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <InlineError error=e /> }.into_any(),
                Some(Ok(s)) => view! { <ClaimForm start=s /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ClaimForm(start: Start) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let errors = FormErrors::new();
    let plan_id = start.plan_id;
    let advance = RwSignal::new(start.claim.as_ref().and_then(|c| c.advance_id));
    let advances = start.advances.clone();
    let next_key = StoredValue::new(0u32);
    let key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let initial: Vec<LineDraft> = match &start.claim {
        Some(c) => c
            .lines
            .iter()
            .map(|l| LineDraft::from_stored(key(), l))
            .collect(),
        None => {
            let mut visits: Vec<&VisitDto> = start
                .visits
                .iter()
                .filter(|v| v.status != VisitStatus::Missed)
                .collect();
            visits.sort_by_key(|v| (v.planned_date, v.id));
            visits
                .into_iter()
                .map(|v| LineDraft::for_visit(key(), v))
                .collect()
        }
    };
    let initial = if initial.is_empty() {
        vec![LineDraft::blank(key(), today())]
    } else {
        initial
    };
    let lines = RwSignal::new(initial);
    // The stored claim (id, version, state) once saved.
    let stored = RwSignal::new(start.claim.as_ref().map(|c| (c.id, c.version, c.state)));
    let refusal = RwSignal::new(None::<Refusal>);

    // The server's check of the complete lines, by line index, once typing pauses.
    let preview = RwSignal::new(None::<(Vec<usize>, ClaimPreviewDto)>);
    let ticket = StoredValue::new(0u64);
    Effect::new(move |_| {
        let complete: Vec<(usize, _)> = lines
            .get()
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.input(i18n, i).ok().map(|input| (i, input)))
            .collect();
        let t = ticket.get_value() + 1;
        ticket.set_value(t);
        if complete.is_empty() {
            preview.set(None);
            return;
        }
        let (index, inputs): (Vec<usize>, Vec<_>) = complete.into_iter().unzip();
        let request = ClaimRequest {
            plan_id,
            advance_id: None,
            lines: inputs,
            version: None,
        };
        set_timeout(
            move || {
                if ticket.try_get_value() != Some(t) {
                    return;
                }
                spawn_local(async move {
                    if let Ok(p) = api.preview_claim(&request).await
                        && ticket.try_get_value() == Some(t)
                    {
                        preview.set(Some((index, p)));
                    }
                });
            },
            PAUSE,
        );
    });
    let checked_of = move |index: usize| {
        preview.with(|p| {
            p.as_ref().and_then(|(idx, dto)| {
                idx.iter()
                    .position(|i| *i == index)
                    .and_then(|pos| dto.lines.get(pos).cloned())
            })
        })
    };

    // The request of every line, or the lines' errors shown beside them.
    let request = move || -> Option<ClaimRequest> {
        let mut wrong = Vec::new();
        let mut inputs = Vec::new();
        for (i, l) in lines.get_untracked().iter().enumerate() {
            match l.input(i18n, i) {
                Ok(input) => inputs.push(input),
                Err(e) => wrong.extend(e),
            }
        }
        if !wrong.is_empty() {
            errors.invalid(wrong, &["lines"]);
            return None;
        }
        Some(ClaimRequest {
            plan_id,
            advance_id: advance.get_untracked(),
            lines: inputs,
            version: stored.get_untracked().map(|(_, v, _)| v),
        })
    };

    let save = Submit::new(
        errors,
        &["lines"],
        move |(request, submit): (ClaimRequest, bool)| {
            let navigate = navigate.clone();
            async move {
                refusal.set(None);
                let claim = match stored.get_untracked() {
                    Some((id, _, _)) => api.update_claim(id, &request).await?,
                    None => api.create_claim(&request).await?,
                };
                stored.set(Some((claim.id, claim.version, claim.state)));
                if !submit {
                    return Ok(M::Saved);
                }
                match api.submit_claim(claim.id, claim.version).await {
                    Ok(c) => {
                        stored.set(Some((c.id, c.version, c.state)));
                        navigate(&format!("/claims/{}", c.id), Default::default());
                        Ok(M::ClaimSubmitted)
                    }
                    Err(e) => {
                        refusal.set(Refusal::of(&e, &claim));
                        Err(e)
                    }
                }
            }
        },
    );
    let send = move |submit: bool| {
        if let Some(r) = request()
            && save.check(&r)
        {
            save.send((r, submit));
        }
    };
    let saved_note = move || {
        save.value()
            .get()
            .and_then(|r| r.ok())
            .map(|m| view! { <div class="banner banner-ok" role="status" data-testid="notice">{move || i18n.t(m)}</div> })
    };
    let remove = Callback::new(move |k: u32| lines.update(|ls| ls.retain(|l| l.key != k)));
    let add = move |_| lines.update(|ls| ls.push(LineDraft::blank(key(), today())));
    let total = move || preview.with(|p| p.as_ref().map(|(_, d)| money(d.total_fen)));
    let busy = save.pending();

    view! {
        <div data-testid="claim-form" data-plan-id=plan_id.map(|p| p.to_string()).unwrap_or_default()>
            <p class="muted small" data-testid="claim-plan">
                {move || if plan_id.is_some() { i18n.t(M::FromPlan) } else { i18n.t(M::NoApprovedPlan) }}
            </p>
            {move || stored.get().map(|(_, _, s)| view! { <ClaimStateBadge state=s /> })}
            <ErrorBanner errors=errors />
            {saved_note}
            <RefusalPanel refusal=refusal />
            <ul class="plain-list">
                <For each=move || lines.get() key=|l| l.key let:line>
                    {
                        let k = line.key;
                        let index = Signal::derive(move || {
                            lines.with(|ls| ls.iter().position(|l| l.key == k).unwrap_or_default())
                        });
                        let checked = Signal::derive(move || checked_of(index.get()));
                        let refused = Signal::derive(move || {
                            refusal.with(|r| r.as_ref().is_some_and(|r| r.lines.contains(&index.get())))
                        });
                        view! { <LineEditor line=line index=index checked=checked refused=refused errors=errors on_remove=remove /> }
                    }
                </For>
            </ul>
            <AdvancePicker advances=advances advance=advance />
            <button type="button" class="small" data-testid="claim-add-line" on:click=add>
                {move || i18n.t(M::AddLine)}
            </button>
            <p class="claim-total">
                {move || i18n.t(M::Total)} ": " <strong data-testid="claim-total">{total}</strong>
            </p>
            <div class="form-actions sticky-actions">
                <button type="button" data-testid="claim-save" disabled=move || busy.get() on:click=move |_| send(false)>
                    {move || i18n.t(M::SaveDraft)}
                </button>
                <button type="button" class="primary" data-testid="claim-submit" disabled=move || busy.get() on:click=move |_| send(true)>
                    {move || i18n.t(M::Submit)}
                </button>
            </div>
        </div>
    }
}

/// Which of the caller's paid advances the claim settles first (冲抵借支): shown only when
/// there is one with a balance left.
#[component]
fn AdvancePicker(advances: Vec<AdvanceDto>, advance: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    if advances.is_empty() {
        return ().into_any();
    }
    let options = advances
        .into_iter()
        .map(|a| {
            let id = a.id;
            let label = format!("#{} {} · {}", a.id, a.reason, money(a.balance_fen));
            view! {
                <option value=id.to_string() selected=move || advance.get() == Some(id)>{label}</option>
            }
        })
        .collect_view();
    view! {
        <label class="field">
            <span>{move || i18n.t(M::SettleAdvance)}</span>
            <select
                data-testid="claim-advance"
                on:change=move |ev| advance.set(event_target_value(&ev).parse::<i64>().ok())
            >
                <option value="" selected=move || advance.get().is_none()>{move || i18n.t(M::NoAdvance)}</option>
                {options}
            </select>
        </label>
    }
    .into_any()
}

/// Whether a claim in `state` is written by its owner still.
pub fn editable(state: ClaimState) -> bool {
    matches!(state, ClaimState::Draft | ClaimState::Rejected)
}
