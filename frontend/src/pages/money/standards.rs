//! The expense standards (费用标准), kept by admin: the list, a new standard, and changing one
//! (amount, unit, the date it takes effect).

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::expenses::{
    CreateExpenseStandardRequest, ExpenseStandardDto, StandardRole, StandardUnit,
    UpdateExpenseStandardRequest,
};
use salesops_domain::plans::ExpenseCategory;

use crate::api::use_api;
use crate::clock::today;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, SelectField, Submit,
    local_error, parse_date, text_choices,
};
use crate::i18n::money::{M, standard_role_msg, unit_msg};
use crate::i18n::plans::category_msg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::money::parts::{category_choices, money, typed_fen};

fn unit_choices() -> Vec<(&'static str, M)> {
    StandardUnit::ALL
        .iter()
        .map(|u| (u.as_str(), unit_msg(*u)))
        .collect()
}

fn tier_text(t: Option<i32>) -> M {
    match t {
        Some(1) => M::Tier1,
        Some(2) => M::Tier2,
        Some(3) => M::Tier3,
        _ => M::EveryCity,
    }
}

#[component]
pub fn StandardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let standards = LocalResource::new(move || async move { api.expense_standards().await });
    let saved = Callback::new(move |()| {
        notice.set(Some(M::StandardSaved.into()));
        standards.refetch();
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(M::StandardsTitle)}</h1>
            <Notice notice=notice />
            <NewStandard saved=saved />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || standards.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="standards-empty">{move || i18n.t(M::NoStandards)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="plain-list">
                            {l.items.into_iter().map(|s| view! { <StandardRow standard=s saved=saved /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewStandard(saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let category = RwSignal::new(ExpenseCategory::Travel.as_str().to_owned());
    let amount = RwSignal::new(String::new());
    let unit = RwSignal::new(StandardUnit::PerNight.as_str().to_owned());
    let tier = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let from = RwSignal::new(today().to_string());
    let known = &[
        "category",
        "amount_fen",
        "unit",
        "city_tier",
        "role",
        "effective_from",
    ];
    let create = Submit::new(
        errors,
        known,
        move |r: CreateExpenseStandardRequest| async move {
            api.create_standard(&r).await?;
            amount.set(String::new());
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let fen = typed_fen(&amount.get_untracked());
        let date = parse_date(&from.get_untracked());
        let category = ExpenseCategory::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == category.get_untracked());
        let unit = StandardUnit::ALL
            .iter()
            .copied()
            .find(|u| u.as_str() == unit.get_untracked());
        let (Some(fen), Some(date), Some(category), Some(unit)) = (fen, date, category, unit)
        else {
            create.invalid(vec![local_error(i18n, "amount_fen", M::AmountInvalid)]);
            return;
        };
        create.submit(CreateExpenseStandardRequest {
            category,
            amount_fen: fen,
            unit,
            city_tier: tier.get_untracked().parse().ok(),
            role: StandardRole::ALL
                .iter()
                .copied()
                .find(|r| r.as_str() == role.get_untracked()),
            effective_from: date,
        });
    };
    let tiers = text_choices(
        vec![
            ("", M::EveryCity),
            ("1", M::Tier1),
            ("2", M::Tier2),
            ("3", M::Tier3),
        ],
        None,
    );
    let roles = text_choices(
        vec![
            ("", M::EveryRole),
            ("salesperson", M::RoleSalesperson),
            ("manager", M::RoleManager),
        ],
        None,
    );
    view! {
        <details class="card more" data-testid="standard-new">
            <summary>{move || i18n.t(M::NewStandard)}</summary>
            <ErrorBanner errors=errors />
            <div class="form-grid">
                <SelectField label=M::Category name="category" testid="standard-category" value=category choices=text_choices(category_choices(), None) errors=errors />
                <Field label=M::Amount name="amount_fen" testid="standard-amount" value=amount errors=errors inputmode="decimal" />
                <SelectField label=M::Unit name="unit" testid="standard-unit" value=unit choices=text_choices(unit_choices(), None) errors=errors />
                <SelectField label=M::CityTier name="city_tier" testid="standard-tier" value=tier choices=tiers errors=errors />
                <SelectField label=M::Role name="role" testid="standard-role" value=role choices=roles errors=errors />
                <Field label=M::EffectiveFrom name="effective_from" testid="standard-from" value=from errors=errors kind="date" />
            </div>
            <button type="button" class="primary" data-testid="standard-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(M::NewStandard)}
            </button>
        </details>
    }
}

#[component]
fn StandardRow(standard: ExpenseStandardDto, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let editing = RwSignal::new(false);
    let id = standard.id;
    let amount = RwSignal::new(Fen(standard.amount_fen).plain());
    let unit = RwSignal::new(standard.unit.as_str().to_owned());
    let from = RwSignal::new(standard.effective_from.to_string());
    let update = Submit::new(
        errors,
        &["amount_fen", "unit", "effective_from"],
        move |r: UpdateExpenseStandardRequest| async move {
            api.update_standard(id, &r).await?;
            editing.set(false);
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let Some(fen) = typed_fen(&amount.get_untracked()) else {
            update.invalid(vec![local_error(i18n, "amount_fen", M::AmountInvalid)]);
            return;
        };
        update.submit(UpdateExpenseStandardRequest {
            amount_fen: Some(fen),
            unit: StandardUnit::ALL
                .iter()
                .copied()
                .find(|u| u.as_str() == unit.get_untracked()),
            effective_from: parse_date(&from.get_untracked()),
        });
    };
    let (c, u, t, r) = (
        standard.category,
        standard.unit,
        standard.city_tier,
        standard.role,
    );
    view! {
        <li class="card" data-testid="standard-row" data-standard-id=id data-category=c.as_str()>
            <div class="visit-head">
                <div>
                    <strong>{move || i18n.t(category_msg(c))}</strong> " "
                    <span data-testid="standard-amount-shown">{money(standard.amount_fen)}</span> " "
                    {move || i18n.t(unit_msg(u))}
                    <div class="muted small">
                        {move || i18n.t(tier_text(t))} " · " {move || i18n.t(standard_role_msg(r))} " · "
                        {move || i18n.t(M::EffectiveFrom)} " " {standard.effective_from.to_string()}
                    </div>
                </div>
                <button type="button" class="small" data-testid="standard-edit" on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || i18n.t(M::Edit)}
                </button>
            </div>
            <Show when=move || editing.get()>
                <ErrorBanner errors=errors />
                <Field label=M::Amount name="amount_fen" testid="standard-edit-amount" value=amount errors=errors inputmode="decimal" />
                <SelectField label=M::Unit name="unit" testid="standard-edit-unit" value=unit choices=text_choices(unit_choices(), None) errors=errors />
                <Field label=M::EffectiveFrom name="effective_from" testid="standard-edit-from" value=from errors=errors kind="date" />
                <button type="button" class="primary small" data-testid="standard-save" disabled=move || update.pending().get() on:click=send>
                    {move || i18n.t(M::Save)}
                </button>
            </Show>
        </li>
    }
}
