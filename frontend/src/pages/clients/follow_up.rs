//! The one short follow-up form: kind, summary, next follow-up date; a complaint (and whether
//! to open a case for it) folded away.

use leptos::prelude::*;
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpKind};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, Submit, non_empty, parse_date,
};
use crate::i18n::clients::{CMsg, kind_msg};
use crate::i18n::use_i18n;

const FIELDS: &[&str] = &[
    "kind",
    "summary",
    "complaint",
    "next_follow_up_date",
    "open_case",
];

/// `on_saved` runs after the API accepted the follow-up.
#[component]
pub fn FollowUpForm(
    client_id: i64,
    kind: FollowUpKind,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let kind_v = RwSignal::new(kind.as_str().to_owned());
    let summary = RwSignal::new(String::new());
    let next_date = RwSignal::new(String::new());
    let complaint = RwSignal::new(String::new());
    let open_case = RwSignal::new(false);
    let errors = FormErrors::new();
    let save = Submit::new(
        errors,
        FIELDS,
        move |request: CreateFollowUpRequest| async move {
            api.create_follow_up(client_id, &request).await?;
            on_saved.run(());
            Ok(())
        },
    );
    let busy = save.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let complaint_v = non_empty(&complaint.get_untracked());
        save.submit(CreateFollowUpRequest {
            kind: kind_v.get_untracked().parse().unwrap_or(kind),
            occurred_at: None,
            summary: summary.get_untracked().trim().to_owned(),
            needs: None,
            open_case: open_case.get_untracked() && complaint_v.is_some(),
            complaint: complaint_v,
            next_step: None,
            next_follow_up_date: parse_date(&next_date.get_untracked()),
            contract_id: None,
            method: None,
        });
    };

    // A collection names a contract and a method: it is logged from the receivables screen.
    let kind_buttons = FollowUpKind::ALL
        .iter()
        .filter(|k| **k != FollowUpKind::Collection)
        .map(|k| {
            let k = *k;
            view! {
                <label class="chip" class:chip-on=move || kind_v.get() == k.as_str()>
                    <input
                        type="radio"
                        name=format!("kind-{client_id}")
                        value=k.as_str()
                        data-testid=format!("follow-up-kind-{}", k.as_str())
                        prop:checked=move || kind_v.get() == k.as_str()
                        on:change=move |_| kind_v.set(k.as_str().to_owned())
                    />
                    <span>{move || i18n.t(kind_msg(k))}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <form class="card follow-up-form" on:submit=submit data-testid="follow-up-form" novalidate>
            <ErrorBanner errors=errors />
            <fieldset class="field">
                <legend>{move || i18n.t(CMsg::Kind)}</legend>
                <div class="chips">{kind_buttons}</div>
                <FieldErrors name="kind" errors=errors />
            </fieldset>
            <Field
                label=CMsg::Summary
                name="summary"
                testid="follow-up-summary"
                value=summary
                errors=errors
                kind="textarea"
                required=true
            />
            <Field
                label=CMsg::NextFollowUpDate
                name="next_follow_up_date"
                testid="follow-up-next-date"
                value=next_date
                errors=errors
                kind="date"
            />
            <details class="more">
                <summary>{move || i18n.t(CMsg::Complaint)}</summary>
                <Field
                    label=CMsg::Complaint
                    name="complaint"
                    testid="follow-up-complaint"
                    value=complaint
                    errors=errors
                    kind="textarea"
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="follow-up-open-case"
                        prop:checked=move || open_case.get()
                        on:change=move |ev| open_case.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(CMsg::OpenCase)}</span>
                </label>
            </details>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="follow-up-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::Save) }}
                </button>
                <button type="button" data-testid="follow-up-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(CMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}
