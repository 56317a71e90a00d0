//! Branch profits (分公司利润): what finance records per team and month, and the profit share
//! it gives (20 % of the profit is the pool; the manager at least half of it).

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::pay::{BranchProfitDto, BranchProfitRequest, DEFAULT_MANAGER_PERMILLE};
use salesops_domain::{Capability, Fen, Role};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, SelectField, Submit,
    local_error, parse_id,
};
use crate::i18n::pay::PayMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::admin::options::{all_teams, team_choices};
use crate::pages::money::parts::money;
use crate::pages::pay::parts::{holds, people_choices, this_month};

#[component]
pub fn BranchProfitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let month = RwSignal::new(this_month());
    let notice = RwSignal::new(None::<AnyText>);
    // Finance records profits (the capability also lets HR enter pay items).
    let writes = holds(Capability::PayItemsWrite);
    let finance = Signal::derive(move || writes.get() && auth.has_role(Role::Finance));
    let profits = LocalResource::new(move || {
        let m = month.get();
        async move { api.branch_profits(Some(&m)).await }
    });
    let saved = Callback::new(move |()| {
        notice.set(Some(PayMsg::Saved.into()));
        profits.refetch();
    });
    let errors = FormErrors::new();
    let remove = Callback::new(move |id: i64| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(PayMsg::ConfirmDelete)).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        errors.clear();
        spawn_local(async move {
            match api.delete_branch_profit(id).await {
                Ok(()) => {
                    notice.set(Some(PayMsg::Deleted.into()));
                    profits.refetch();
                }
                Err(e) => errors.show(&e, &[]),
            }
        });
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(PayMsg::BranchProfitsTitle)}</h1>
            <p class="muted small">{move || i18n.t(PayMsg::ProfitIntro)}</p>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            <label class="inline-field">
                <span>{move || i18n.t(PayMsg::Month)}</span>
                <input type="month" data-testid="profits-month" prop:value=move || month.get()
                    on:change=move |ev| month.set(event_target_value(&ev)) />
            </label>
            <Show when=move || finance.get() fallback=move || view! {
                <p class="muted small">{move || i18n.t(PayMsg::FinanceOnlyEntry)}</p>
            }>
                <NewProfit month=month saved=saved />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || profits.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="profits-empty">{move || i18n.t(PayMsg::NoBranchProfits)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <table class="list" data-testid="profits-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(PayMsg::Team)}</th>
                                    <th>{move || i18n.t(PayMsg::Month)}</th>
                                    <th>{move || i18n.t(PayMsg::Profit)}</th>
                                    <th>{move || i18n.t(PayMsg::ManagerShare)}</th>
                                    <th>{move || i18n.t(PayMsg::FinanceLeadShare)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.items.into_iter().map(|p| view! { <ProfitRow profit=p finance=finance remove=remove /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProfitRow(
    profit: BranchProfitDto,
    finance: Signal<bool>,
    remove: Callback<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = profit.id;
    view! {
        <tr data-testid="profit-row" data-team-id=profit.team_id>
            <td data-label=move || i18n.t(PayMsg::Team)>{profit.team_name.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::Month)>{profit.month.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::Profit) class:text-danger=profit.profit_fen < 0>{money(profit.profit_fen)}</td>
            <td data-label=move || i18n.t(PayMsg::ManagerShare) data-testid="profit-manager-share">
                {money(profit.manager_share_fen)} " "
                <span class="muted small">{format!("({}‰)", profit.manager_permille)}</span>
            </td>
            <td data-label=move || i18n.t(PayMsg::FinanceLeadShare) data-testid="profit-finance-share">{money(profit.finance_lead_share_fen)}</td>
            <td class="actions">
                <Show when=move || finance.get()>
                    <button type="button" class="small" data-testid="profit-delete" on:click=move |_| remove.run(id)>
                        {move || i18n.t(PayMsg::Delete)}
                    </button>
                </Show>
            </td>
        </tr>
    }
}

#[component]
fn NewProfit(month: RwSignal<String>, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let teams = all_teams(api);
    let team = RwSignal::new(String::new());
    let profit = RwSignal::new(String::new());
    let permille = RwSignal::new(DEFAULT_MANAGER_PERMILLE.to_string());
    let lead = RwSignal::new(String::new());
    // The finance lead: the caller (finance may not list users), or none.
    let leads = people_choices(
        move || {
            auth.user()
                .map(|u| vec![(u.id, u.display_name)])
                .unwrap_or_default()
        },
        Some(Msg::NoneOption.into()),
    );
    let create = Submit::new(
        errors,
        &[
            "team_id",
            "month",
            "profit_fen",
            "manager_permille",
            "finance_lead_id",
        ],
        move |r: BranchProfitRequest| async move {
            api.create_branch_profit(&r).await?;
            profit.set(String::new());
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let Some(team_id) = parse_id(&team.get_untracked()) else {
            create.invalid(vec![local_error(i18n, "team_id", Msg::ErrRequired)]);
            return;
        };
        let Ok(Fen(fen)) = Fen::parse(&profit.get_untracked()) else {
            create.invalid(vec![local_error(i18n, "profit_fen", PayMsg::AmountInvalid)]);
            return;
        };
        let text = permille.get_untracked();
        let manager_permille = if text.trim().is_empty() {
            None
        } else {
            match text.trim().parse::<i64>() {
                Ok(p) => Some(p),
                Err(_) => {
                    create.invalid(vec![local_error(
                        i18n,
                        "manager_permille",
                        PayMsg::PermilleInvalid,
                    )]);
                    return;
                }
            }
        };
        create.submit(BranchProfitRequest {
            team_id,
            month: month.get_untracked(),
            profit_fen: fen,
            manager_permille,
            finance_lead_id: parse_id(&lead.get_untracked()),
        });
    };
    view! {
        <details class="card more" data-testid="profit-new">
            <summary>{move || i18n.t(PayMsg::NewBranchProfit)}</summary>
            <ErrorBanner errors=errors />
            <div class="form-grid">
                <SelectField label=PayMsg::Team name="team_id" testid="profit-team" value=team
                    choices=team_choices(teams, Some(Msg::NoneOption.into())) errors=errors />
                <Field label=PayMsg::Profit name="profit_fen" testid="profit-amount" value=profit errors=errors inputmode="decimal" />
                <Field label=PayMsg::ManagerPermille name="manager_permille" testid="profit-permille" value=permille errors=errors inputmode="numeric" />
                <SelectField label=PayMsg::FinanceLead name="finance_lead_id" testid="profit-lead" value=lead choices=leads errors=errors />
            </div>
            <button type="button" class="primary" data-testid="profit-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(PayMsg::Save)}
            </button>
        </details>
    }
}
