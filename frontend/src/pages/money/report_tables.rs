//! The budget against actual of a month, and the advances not yet settled, as tables.

use leptos::prelude::*;
use salesops_domain::finance::BudgetRow;

use crate::api::use_api;
use crate::components::InlineError;
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::use_i18n;
use crate::pages::money::parts::money;

/// A row worth a line: a budget was set or something was claimed.
fn shown(row: &BudgetRow) -> bool {
    row.budget_fen != 0 || row.claimed_fen != 0
}

#[component]
pub fn BudgetTable(#[prop(into)] month: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let report = LocalResource::new(move || {
        let m = month.get();
        async move { api.budget_report(&m).await }
    });
    move || {
        report.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(r) if !r.rows.iter().any(shown) => view! { <p class="muted small">{move || i18n.t(M::NoData)}</p> }.into_any(),
            Ok(r) => view! {
                <table class="diff report-table" data-testid="budget-table">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(M::Person)}</th>
                            <th>{move || i18n.t(M::Category)}</th>
                            <th>{move || i18n.t(M::Budget)}</th>
                            <th>{move || i18n.t(M::Claimed)}</th>
                            <th>{move || i18n.t(M::Variance)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.rows.into_iter().filter(shown).map(|row| {
                            let c = row.category;
                            view! {
                                <tr data-testid="budget-row">
                                    <td>{row.owner_name.clone()}</td>
                                    <td>{move || i18n.t(category_msg(c))}</td>
                                    <td>{money(row.budget_fen)}</td>
                                    <td>{money(row.claimed_fen)}</td>
                                    <td class:text-danger=row.variance_fen < 0>{money(row.variance_fen)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        })
    }
}

#[component]
pub fn AdvancesTable() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let report = LocalResource::new(move || async move { api.advance_report().await });
    move || {
        report.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(r) if r.per_person.is_empty() => view! { <p class="muted small">{move || i18n.t(M::NoData)}</p> }.into_any(),
            Ok(r) => view! {
                <table class="diff report-table" data-testid="advances-table">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(M::Person)}</th>
                            <th>{move || i18n.t(M::InboxAdvances)}</th>
                            <th>{move || i18n.t(M::Balance)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.per_person.into_iter().map(|p| view! {
                            <tr data-testid="advances-row">
                                <td>{p.owner_name.clone()}</td>
                                <td>{p.advances}</td>
                                <td>{money(p.balance_fen)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><td>{move || i18n.t(M::Total)}</td><td></td><td>{money(r.total_balance_fen)}</td></tr>
                    </tfoot>
                </table>
            }.into_any(),
        })
    }
}
