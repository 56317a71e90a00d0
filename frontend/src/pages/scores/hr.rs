//! HR's overview of a month's scores (考核汇总): who is not finalized yet (overdue after the
//! 8th of the next month), the counts, the disputes to resolve, and the annual table.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use salesops_domain::scoring::score::{ScoreState, ScoreStatus};

use crate::api::scores::ScoreFilter;
use crate::api::use_api;
use crate::components::InlineError;
use crate::i18n::scores::S;
use crate::i18n::{Msg, use_i18n};
use crate::pages::scores::annual::AnnualTable;
use crate::pages::scores::parts::{
    MonthSwitcher, ScoreStateBadge, month_from_query, prev_month, pts, this_month,
};

#[component]
pub fn HrScoresPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let month = Memo::new(move |_| {
        month_from_query(query.with(|q| q.get("month")), prev_month(this_month()))
    });
    let status = LocalResource::new(move || {
        let m = month.get().to_string();
        async move { api.score_status(&m).await }
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::HrTitle)}</h1>
            <MonthSwitcher month=month base="/hr/scores" />
        </section>
        <section class="panel">
            <h2>{move || i18n.t(S::Pending)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || status.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(s) => view! { <StatusView status=s /> }.into_any(),
                })}
            </Transition>
        </section>
        <Disputes />
        <AnnualTable />
    }
}

#[component]
fn StatusView(status: ScoreStatus) -> impl IntoView {
    let i18n = use_i18n();
    let counts = format!(
        "{} / {} / {}",
        status.finalized, status.acknowledged, status.disputed
    );
    let rows = status
        .pending
        .iter()
        .map(|p| {
            let p = p.clone();
            view! {
                <tr data-testid="pending-row" data-user-id=p.user_id data-overdue=p.overdue.to_string()>
                    <td data-label=move || i18n.t(S::Person)><strong>{p.user_name.clone()}</strong></td>
                    <td>{p.team_name.clone().unwrap_or_default()}</td>
                    <td data-label=move || i18n.t(S::State)>
                        <ScoreStateBadge state=p.state />
                        {p.overdue.then(|| view! { " " <span class="badge badge-warn" data-testid="overdue">{move || i18n.t(S::Overdue)}</span> })}
                    </td>
                    <td>
                        {p.score_id.map(|id| view! {
                            <A href=format!("/scores/{id}") attr:class="small-link">{move || i18n.t(S::Open)}</A>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let empty = status.pending.is_empty();
    view! {
        <div class="figures" data-testid="status-figures">
            <span class="figure">{move || i18n.t(S::DueOn)} " " <strong data-testid="due-on">{status.due_on.to_string()}</strong></span>
            <span class="figure">{move || i18n.t(S::Counts)} " " <strong>{counts}</strong></span>
        </div>
        {if empty {
            view! { <p class="muted" data-testid="all-finalized">{move || i18n.t(S::AllFinalized)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="pending-table">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(S::Person)}</th>
                            <th>{move || i18n.t(Msg::Team)}</th>
                            <th>{move || i18n.t(S::State)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }.into_any()
        }}
    }
}

/// The disputed scores (any month), each opened on its page to resolve.
#[component]
fn Disputes() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let list = LocalResource::new(move || async move {
        api.scores(&ScoreFilter {
            state: Some(ScoreState::Disputed),
            ..Default::default()
        })
        .await
    });
    view! {
        <section class="panel" data-testid="disputes">
            <h2>{move || i18n.t(S::Disputes)}</h2>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(l) if l.items.is_empty() => view! { <p class="muted">{move || i18n.t(S::NoDisputes)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="plain-list">
                        {l.items.into_iter().map(|s| view! {
                            <li data-testid="dispute-row" data-score-id=s.id>
                                <A href=format!("/scores/{}", s.id)>{s.user_name.clone()} " · " {s.month.clone()}</A>
                                " · " {pts(s.total)} " · "
                                <span class="small">{s.dispute_reason.clone().unwrap_or_default()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
    }
}
