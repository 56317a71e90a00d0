//! The steps of a finalized or disputed score: the person acknowledges or disputes it (with a
//! reason), the manager's manager or HR resolves a dispute, HR reopens a score. Each carries the
//! version read; when someone else moved the score first, the page says so and offers a reload.

use leptos::prelude::*;
use salesops_domain::scoring::score::{
    DisputeOutcome, DisputeScoreRequest, ResolveScoreRequest, ScoreDto, ScoreStepRequest,
};

use crate::api::scores::ScoreStep;
use crate::api::{ApiError, use_api};
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, SelectField, Submit, text_choices,
};
use crate::i18n::scores::{S, dispute_outcome_msg};
use crate::i18n::{AnyText, use_i18n};
use crate::pages::money::decision::decided_elsewhere;
use crate::pages::scores::edit::AdjustRows;
use crate::pages::scores::items::ItemsHead;
use crate::pages::scores::parts::StaleNote;

/// The answer of a step: done (with its notice), stale (someone moved first) or refused.
pub fn after_step(
    result: Result<ScoreDto, ApiError>,
    stale: RwSignal<bool>,
    done: Callback<AnyText>,
    msg: S,
) -> Result<(), ApiError> {
    match result {
        Ok(_) => {
            done.run(msg.into());
            Ok(())
        }
        Err(e) if decided_elsewhere(&e) => {
            stale.set(true);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

#[component]
pub fn PersonActions(
    score: ScoreDto,
    done: Callback<AnyText>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let id = score.id;
    let version = score.version;
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let ack = Submit::new(errors, &[], move |_: ()| async move {
        let r = api
            .score_step(
                id,
                ScoreStep::Acknowledge,
                &ScoreStepRequest {
                    version,
                    reason: None,
                },
            )
            .await;
        after_step(r, stale, done, S::Acknowledged)
    });
    let dispute = Submit::new(
        errors,
        &["reason"],
        move |request: DisputeScoreRequest| async move {
            after_step(
                api.dispute_score(id, &request).await,
                stale,
                done,
                S::Disputed,
            )
        },
    );
    let busy = Signal::derive(move || ack.pending().get() || dispute.pending().get());
    view! {
        <div class="score-actions" data-testid="person-actions">
            <StaleNote stale=stale reload=reload />
            <ErrorBanner errors=errors />
            <div class="form-actions">
                <button type="button" class="primary" data-testid="score-acknowledge" disabled=move || busy.get()
                    on:click=move |_| ack.send(())>
                    {move || i18n.t(S::Acknowledge)}
                </button>
                <button type="button" class="danger" data-testid="score-dispute" disabled=move || busy.get()
                    on:click=move |_| disputing.set(true)>
                    {move || i18n.t(S::Dispute)}
                </button>
            </div>
            <Show when=move || disputing.get()>
                <div class="card" data-testid="dispute-form">
                    <Field label=S::DisputeReason name="reason" testid="dispute-reason-input" value=reason errors=errors kind="textarea" rows=3 required=true />
                    <div class="form-actions">
                        <button type="button" class="danger" data-testid="dispute-send" disabled=move || busy.get()
                            on:click=move |_| dispute.submit(DisputeScoreRequest { version, reason: reason.get_untracked().trim().to_owned() })>
                            {move || i18n.t(S::SendDispute)}
                        </button>
                        <button type="button" class="small" on:click=move |_| disputing.set(false)>{move || i18n.t(S::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// Resolving a dispute: upheld as it is, or changed by the adjustments typed beside its items
/// (each with its note); the outcome's note always.
#[component]
pub fn ResolveForm(
    score: ScoreDto,
    done: Callback<AnyText>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let id = score.id;
    let version = score.version;
    let outcome = RwSignal::new(DisputeOutcome::Upheld.as_str().to_owned());
    let note = RwSignal::new(String::new());
    let adjust = AdjustRows::new();
    let items = score.items.clone();
    let changed = move || outcome.get() == DisputeOutcome::Changed.as_str();
    let send = Submit::new(
        errors,
        &["note", "outcome", "items", "row"],
        move |request: ResolveScoreRequest| async move {
            after_step(
                api.resolve_score(id, &request).await,
                stale,
                done,
                S::Resolved,
            )
        },
    );
    let choices = text_choices(
        DisputeOutcome::ALL
            .iter()
            .map(|o| (o.as_str(), dispute_outcome_msg(*o)))
            .collect(),
        None,
    );
    view! {
        <div class="card" data-testid="resolve-form">
            <h3>{move || i18n.t(S::Resolve)}</h3>
            <StaleNote stale=stale reload=reload />
            <ErrorBanner errors=errors />
            <SelectField label=S::Outcome name="outcome" testid="resolve-outcome" value=outcome choices=choices errors=errors />
            <Show when=changed>
                <table class="list" data-testid="resolve-items">
                    <ItemsHead />
                    <tbody>{adjust.rows(items.clone(), errors)}</tbody>
                </table>
                <FieldErrors name="items" errors=errors />
            </Show>
            <Field label=S::ResolveNote name="note" testid="resolve-note" value=note errors=errors kind="textarea" rows=2 required=true />
            <button type="button" class="primary" data-testid="resolve-send" disabled=move || send.pending().get()
                on:click=move |_| {
                    let outcome = outcome.get_untracked().parse().unwrap_or(DisputeOutcome::Upheld);
                    let items = if outcome == DisputeOutcome::Changed {
                        match adjust.typed(i18n) {
                            Ok(items) => items,
                            Err(bad) => return send.invalid(bad),
                        }
                    } else {
                        Vec::new()
                    };
                    send.submit(ResolveScoreRequest { version, outcome, note: note.get_untracked().trim().to_owned(), items });
                }>
                {move || i18n.t(S::Resolve)}
            </button>
        </div>
    }
}

/// HR unlocks a score (back to draft), with a reason.
#[component]
pub fn ReopenForm(score: ScoreDto, done: Callback<AnyText>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let id = score.id;
    let version = score.version;
    let reason = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let send = Submit::new(
        errors,
        &["reason"],
        move |request: ScoreStepRequest| async move {
            after_step(
                api.score_step(id, ScoreStep::Reopen, &request).await,
                stale,
                done,
                S::Reopened,
            )
        },
    );
    view! {
        <div class="score-actions" data-testid="reopen">
            <StaleNote stale=stale reload=reload />
            <Show when=move || !open.get()>
                <button type="button" class="small" data-testid="score-reopen" on:click=move |_| open.set(true)>
                    {move || i18n.t(S::Reopen)}
                </button>
            </Show>
            <Show when=move || open.get()>
                <div class="card">
                    <ErrorBanner errors=errors />
                    <Field label=S::ReopenReason name="reason" testid="reopen-reason" value=reason errors=errors kind="textarea" rows=2 required=true />
                    <div class="form-actions">
                        <button type="button" class="danger" data-testid="reopen-send" disabled=move || send.pending().get()
                            on:click=move |_| {
                                let r = reason.get_untracked().trim().to_owned();
                                if r.is_empty() {
                                    send.invalid(vec![crate::components::local_error(i18n, "reason", S::ReasonRequired)]);
                                    return;
                                }
                                send.submit(ScoreStepRequest { version, reason: Some(r) });
                            }>
                            {move || i18n.t(S::Reopen)}
                        </button>
                        <button type="button" class="small" on:click=move |_| open.set(false)>{move || i18n.t(S::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
