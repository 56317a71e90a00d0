//! The pay settings (薪酬设置, admin): the coefficient cap, and the commission rules (提成规则)
//! in force from a month on. Finance and HR read them.

use leptos::prelude::*;
use salesops_domain::Capability;
use salesops_domain::pay::{
    CommissionRuleDto, CommissionRuleRequest, PaySettingsDto, PaySettingsRequest,
};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, Submit, local_error,
};
use crate::i18n::pay::PayMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::pay::parts::{holds, this_month};

#[component]
pub fn PaySettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let manages = holds(Capability::PayManage);
    let settings = LocalResource::new(move || async move { api.pay_settings().await });
    let rules = LocalResource::new(move || async move {
        api.commission_rules().await.map(|mut l| {
            l.items
                .sort_by(|a, b| b.effective_from.cmp(&a.effective_from));
            l
        })
    });
    let saved = Callback::new(move |()| {
        notice.set(Some(PayMsg::Saved.into()));
        settings.refetch();
        rules.refetch();
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(PayMsg::PaySettingsTitle)}</h1>
            <Notice notice=notice />
            <p class="muted small">{move || i18n.t(PayMsg::CoefficientRule)}</p>
            <Show when=move || !manages.get()>
                <p class="muted small">{move || i18n.t(PayMsg::ReadOnly)}</p>
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(s) => view! { <CapForm settings=s manages=manages saved=saved /> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="panel">
            <h2>{move || i18n.t(PayMsg::CommissionTitle)}</h2>
            <Show when=move || manages.get()>
                <NewRule saved=saved />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || rules.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="rules-empty">{move || i18n.t(PayMsg::NoCommissionRules)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <table class="list" data-testid="rules-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(PayMsg::EffectiveFrom)}</th>
                                    <th>{move || i18n.t(PayMsg::WithinTarget)}</th>
                                    <th>{move || i18n.t(PayMsg::AboveTarget)}</th>
                                    <th>{move || i18n.t(PayMsg::SettleByCollection)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.items.into_iter().map(|r| view! { <RuleRow rule=r /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CapForm(settings: PaySettingsDto, manages: Signal<bool>, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let cap = RwSignal::new(
        settings
            .coefficient_cap
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let put = Submit::new(
        errors,
        &["coefficient_cap"],
        move |r: PaySettingsRequest| async move {
            api.put_pay_settings(&r).await?;
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let text = cap.get_untracked();
        let value = if text.trim().is_empty() {
            None
        } else {
            match text.trim().parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    put.invalid(vec![local_error(
                        i18n,
                        "coefficient_cap",
                        PayMsg::CapInvalid,
                    )]);
                    return;
                }
            }
        };
        put.submit(PaySettingsRequest {
            coefficient_cap: value,
        });
    };
    view! {
        <div data-testid="pay-settings">
            <ErrorBanner errors=errors />
            <Field label=PayMsg::CoefficientCap name="coefficient_cap" testid="pay-cap" value=cap errors=errors
                inputmode="decimal" readonly=Signal::derive(move || !manages.get()) />
            {settings.updated_at.map(|at| view! {
                <p class="muted small">{move || i18n.t(PayMsg::UpdatedAt)} " " {local_time(at)}</p>
            })}
            <Show when=move || manages.get()>
                <button type="button" class="primary" data-testid="pay-cap-save" disabled=move || put.pending().get() on:click=send>
                    {move || i18n.t(PayMsg::Save)}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn RuleRow(rule: CommissionRuleDto) -> impl IntoView {
    let i18n = use_i18n();
    let settle = rule.settle_by_collection;
    view! {
        <tr data-testid="rule-row" data-effective-from=rule.effective_from.clone()>
            <td data-label=move || i18n.t(PayMsg::EffectiveFrom)>{rule.effective_from.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::WithinTarget)>{format!("{}‰", rule.within_target_permille)}</td>
            <td data-label=move || i18n.t(PayMsg::AboveTarget)>{format!("{}‰", rule.above_target_permille)}</td>
            <td data-label=move || i18n.t(PayMsg::SettleByCollection)>
                {move || i18n.t(if settle { PayMsg::Yes } else { PayMsg::No })}
            </td>
        </tr>
    }
}

#[component]
fn NewRule(saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let from = RwSignal::new(this_month());
    let within = RwSignal::new("5".to_owned());
    let above = RwSignal::new("10".to_owned());
    let settle = RwSignal::new(true);
    let create = Submit::new(
        errors,
        &[
            "effective_from",
            "within_target_permille",
            "above_target_permille",
            "settle_by_collection",
        ],
        move |r: CommissionRuleRequest| async move {
            api.create_commission_rule(&r).await?;
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let parse = |v: RwSignal<String>| v.get_untracked().trim().parse::<i64>().ok();
        let (Some(w), Some(a)) = (parse(within), parse(above)) else {
            let mut bad = Vec::new();
            if parse(within).is_none() {
                bad.push(local_error(
                    i18n,
                    "within_target_permille",
                    PayMsg::PermilleInvalid,
                ));
            }
            if parse(above).is_none() {
                bad.push(local_error(
                    i18n,
                    "above_target_permille",
                    PayMsg::PermilleInvalid,
                ));
            }
            create.invalid(bad);
            return;
        };
        create.submit(CommissionRuleRequest {
            effective_from: from.get_untracked(),
            within_target_permille: w,
            above_target_permille: a,
            settle_by_collection: settle.get_untracked(),
        });
    };
    view! {
        <details class="card more" data-testid="rule-new">
            <summary>{move || i18n.t(PayMsg::NewCommissionRule)}</summary>
            <ErrorBanner errors=errors />
            <div class="form-grid">
                <Field label=PayMsg::EffectiveFrom name="effective_from" testid="rule-from" value=from errors=errors kind="month" />
                <Field label=PayMsg::WithinTarget name="within_target_permille" testid="rule-within" value=within errors=errors inputmode="numeric" />
                <Field label=PayMsg::AboveTarget name="above_target_permille" testid="rule-above" value=above errors=errors inputmode="numeric" />
                <label class="check">
                    <input type="checkbox" data-testid="rule-settle" prop:checked=move || settle.get()
                        on:change=move |ev| settle.set(event_target_checked(&ev)) />
                    {move || i18n.t(PayMsg::SettleByCollection)}
                </label>
            </div>
            <button type="button" class="primary" data-testid="rule-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(PayMsg::Save)}
            </button>
        </details>
    }
}
