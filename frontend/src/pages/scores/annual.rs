//! The annual table (年度考核) of one person: the months scored with their totals, the months
//! missing (never counted as zeros) and the average.

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::scoring::score::AnnualScore;
use salesops_domain::users::UserListQuery;

use crate::api::use_api;
use crate::components::{Choice, ErrorBanner, FormErrors, InlineError, SelectField, Submit};
use crate::i18n::scores::{S, score_state_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::scores::parts::{pts, this_month};

/// The people scored: salespeople and managers, enabled.
fn scored(roles: &[Role]) -> bool {
    roles.contains(&Role::Salesperson) || roles.contains(&Role::Manager)
}

#[component]
pub fn AnnualTable() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let year = RwSignal::new(this_month().year.to_string());
    let person = RwSignal::new(String::new());
    let people = LocalResource::new(move || async move {
        api.all_users(&UserListQuery {
            disabled: Some(false),
            ..Default::default()
        })
        .await
    });
    let choices = Signal::derive(move || {
        let mut out = vec![Choice::new("", i18n.t(Msg::NoneOption))];
        if let Some(Ok(l)) = people.get() {
            out.extend(
                l.items
                    .iter()
                    .filter(|u| scored(&u.roles))
                    .map(|u| Choice::new(u.id, u.display_name.clone())),
            );
        }
        out
    });
    let years = Signal::derive(move || {
        let now = this_month().year;
        (now - 4..=now)
            .rev()
            .map(|y| Choice::new(y, y.to_string()))
            .collect::<Vec<_>>()
    });
    let show = Submit::new(errors, &[], move |(y, id): (i32, i64)| async move {
        api.annual_score(y, id).await
    });
    let result = show.value();
    view! {
        <section class="panel" data-testid="annual">
            <h2>{move || i18n.t(S::Annual)}</h2>
            {move || people.get().and_then(|r| r.err()).map(|e| view! { <InlineError error=e /> })}
            <div class="filters">
                <SelectField label=S::Person name="user_id" testid="annual-person" value=person choices=choices errors=errors />
                <SelectField label=S::Year name="year" testid="annual-year" value=year choices=years errors=errors />
                <button type="button" data-testid="annual-show" disabled=move || show.pending().get()
                    on:click=move |_| {
                        if let (Ok(y), Ok(id)) = (year.get_untracked().parse(), person.get_untracked().parse()) {
                            show.send((y, id));
                        }
                    }>
                    {move || i18n.t(S::ShowAnnual)}
                </button>
            </div>
            <ErrorBanner errors=errors />
            {move || result.get().and_then(|r| r.ok()).map(|a| view! { <AnnualView annual=a /> })}
        </section>
    }
}

#[component]
fn AnnualView(annual: AnnualScore) -> impl IntoView {
    let i18n = use_i18n();
    let missing = annual.missing_months.join("、");
    view! {
        <div class="figures" data-testid="annual-figures">
            <span class="figure">{move || i18n.t(S::Average)} " "
                <strong data-testid="annual-average">{annual.average.map(pts).unwrap_or_else(|| "—".to_owned())}</strong>
            </span>
            {(!annual.complete).then(|| view! { <span class="muted small">{move || i18n.t(S::IncompleteYear)}</span> })}
        </div>
        <table class="list" data-testid="annual-months">
            <thead>
                <tr>
                    <th>{move || i18n.t(S::Month)}</th>
                    <th>{move || i18n.t(S::Total)}</th>
                    <th>{move || i18n.t(S::State)}</th>
                </tr>
            </thead>
            <tbody>
                {annual.months.into_iter().map(|m| {
                    let state = m.state;
                    view! {
                        <tr data-testid="annual-month" data-month=m.month.clone()>
                            <td>{m.month.clone()}</td>
                            <td>{pts(m.total)}</td>
                            <td>{move || i18n.t(score_state_msg(state))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!missing.is_empty()).then(|| view! {
            <p class="small" data-testid="annual-missing">{move || i18n.t(S::MissingMonths)} ": " {missing.clone()}</p>
        })}
    }
}
