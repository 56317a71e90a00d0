//! Spot-checks (电话抽查): the proposed sample of a week's done visits (flagged ones first),
//! each client's phone number to call, and the result buttons.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::spot_checks::{CreateSpotCheckRequest, SampleItem, SpotCheckResult};

use crate::api::use_api;
use crate::clock::week_from_query;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, Submit, WeekSwitcher, non_empty,
};
use crate::i18n::plans::{P, spot_result_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::manager::names::{name_of, team_names};
use crate::pages::plans::parts::{VisitBadges, day_label, time_window};

#[component]
pub fn SpotChecksPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let week = Memo::new(move |_| week_from_query(query.with(|q| q.get("week"))));
    let size = RwSignal::new(5_u32);
    // A new sample on demand; otherwise the week and size decide.
    let round = RwSignal::new(0_u32);
    let names = team_names(api);
    let sample = LocalResource::new(move || {
        let w = week.get();
        let n = size.get();
        round.get();
        async move { api.spot_check_sample(&w.to_string(), n, None).await }
    });

    let list = move || {
        let result = sample.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(s) if s.items.is_empty() => view! {
                <p class="muted" data-testid="sample-empty">{move || i18n.t(P::SampleEmpty)}</p>
            }
            .into_any(),
            Ok(s) => view! {
                <ul class="visit-list" data-testid="sample" data-seed=s.seed.to_string()>
                    {s.items.into_iter().map(|item| view! { <SampleCard item=item names=names /> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(P::SpotTitle)}</h1>
            <p class="muted small">{move || i18n.t(P::SpotHint)}</p>
            <WeekSwitcher week=week base="/manager/spot-checks" />
            <div class="toolbar">
                <label class="inline-field">
                    {move || i18n.t(P::SampleSize)}
                    <select data-testid="sample-size" on:change=move |ev| size.set(event_target_value(&ev).parse().unwrap_or(5))>
                        {[5_u32, 10, 20, 50]
                            .into_iter()
                            .map(|n| view! { <option value=n.to_string() prop:selected=move || size.get() == n>{n}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="sample-new" on:click=move |_| round.update(|r| *r += 1)>
                    {move || i18n.t(P::NewSample)}
                </button>
            </div>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {list}
        </Transition>
    }
}

#[component]
fn SampleCard(item: SampleItem, names: LocalResource<Vec<(i64, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let v = item.visit;
    let visit_id = v.id;
    let owner = v.owner_id;
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let record = Submit::new(
        errors,
        &["note"],
        move |request: CreateSpotCheckRequest| async move { api.record_spot_check(&request).await },
    );
    let busy = record.pending();
    // The result the server recorded.
    let answer = record.value();
    let recorded = Memo::new(move |_| {
        answer.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|c| c.result))
    });
    let send = move |result: SpotCheckResult| {
        if recorded.get_untracked().is_none() {
            record.submit(CreateSpotCheckRequest {
                visit_id,
                result,
                note: non_empty(&note.get_untracked()),
            });
        }
    };

    let phone = match item.client_phone.filter(|p| !p.trim().is_empty()) {
        Some(p) => {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            view! {
                <a class="phone-link" href=format!("tel:{digits}") data-testid="sample-phone">
                    "☎ " {p.clone()}
                </a>
            }
            .into_any()
        }
        None => view! { <span class="muted">{move || i18n.t(P::NoPhone)}</span> }.into_any(),
    };
    let d = v.planned_date;
    let window = time_window(&v);
    let purpose = v.purpose.clone().unwrap_or_default();
    let client = v.client_name.clone();
    let client_attr = client.clone();
    let badges = v.clone();
    let button = move |r: SpotCheckResult, class: &'static str| {
        view! {
            <button
                type="button"
                class=format!("small {class}")
                data-testid=format!("spot-{}", r.as_str())
                disabled=move || busy.get() || recorded.get().is_some()
                on:click=move |_| send(r)
            >
                {move || i18n.t(spot_result_msg(r))}
            </button>
        }
    };

    view! {
        <li class="visit" data-testid="sample-item" data-visit-id=visit_id data-client=client_attr>
            <div class="visit-head">
                <div>
                    <strong>{client}</strong>
                    <div class="muted small">
                        {move || name_of(&names.get().unwrap_or_default(), owner)} " · "
                        {move || day_label(i18n, d)} " " {window.clone()}
                    </div>
                </div>
                <div class="badges"><VisitBadges visit=badges /></div>
            </div>
            {(!purpose.is_empty()).then(|| view! { <p class="visit-line">{move || i18n.t(P::Purpose)} ": " {purpose.clone()}</p> })}
            <p class="visit-line">{phone}</p>
            <ErrorBanner errors=errors />
            {move || match recorded.get() {
                Some(r) => view! {
                    <p class="banner banner-ok" data-testid="spot-recorded" data-result=r.as_str()>
                        {move || i18n.t(P::SpotRecorded)} ": " {move || i18n.t(spot_result_msg(r))}
                    </p>
                }
                .into_any(),
                None => view! {
                    <Field label=P::Note name="note" testid="spot-note" value=note errors=errors />
                    <div class="form-actions">
                        {button(SpotCheckResult::Confirmed, "primary")}
                        {button(SpotCheckResult::NotConfirmed, "danger")}
                        {button(SpotCheckResult::Unreachable, "")}
                    </div>
                }
                .into_any(),
            }}
        </li>
    }
}
