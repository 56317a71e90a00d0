//! Incentives and deductions (特别奖励/扣款) per person and month, each with a note: the
//! month's list, a new one and removing one (finance and HR enter them; admin reads).

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::Capability;
use salesops_domain::pay::{PayItemDto, PayItemKind, PayItemRequest};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, SelectField, Submit,
    local_error, parse_id, text_choices,
};
use crate::i18n::pay::{PayMsg, pay_item_kind_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::parts::visible_users;
use crate::pages::money::parts::{money, typed_fen};
use crate::pages::pay::parts::{holds, people_choices, this_month};

#[component]
pub fn PayItemsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let month = RwSignal::new(this_month());
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let writes = holds(Capability::PayItemsWrite);
    let items = LocalResource::new(move || {
        let m = month.get();
        async move { api.pay_items(&m).await }
    });
    let changed = Callback::new(move |m: PayMsg| {
        notice.set(Some(m.into()));
        items.refetch();
    });
    let remove = Callback::new(move |id: i64| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(PayMsg::ConfirmDelete)).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        errors.clear();
        spawn_local(async move {
            match api.delete_pay_item(id).await {
                Ok(()) => changed.run(PayMsg::Deleted),
                Err(e) => errors.show(&e, &[]),
            }
        });
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(PayMsg::PayItemsTitle)}</h1>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            <label class="inline-field">
                <span>{move || i18n.t(PayMsg::Month)}</span>
                <input type="month" data-testid="pay-items-month" prop:value=move || month.get()
                    on:change=move |ev| month.set(event_target_value(&ev)) />
            </label>
            <Show when=move || writes.get()>
                <NewPayItem month=month saved=changed />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || items.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="pay-items-empty">{move || i18n.t(PayMsg::NoPayItems)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <table class="list" data-testid="pay-items-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(PayMsg::Person)}</th>
                                    <th>{move || i18n.t(PayMsg::Kind)}</th>
                                    <th>{move || i18n.t(PayMsg::Amount)}</th>
                                    <th>{move || i18n.t(PayMsg::Note)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.items.into_iter().map(|p| view! { <ItemRow item=p writes=writes remove=remove /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ItemRow(item: PayItemDto, writes: Signal<bool>, remove: Callback<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, kind) = (item.id, item.kind);
    view! {
        <tr data-testid="pay-item-row" data-pay-item-id=id data-kind=kind.as_str()>
            <td data-label=move || i18n.t(PayMsg::Person)>{item.user_name.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::Kind)>
                <span class="badge" class:badge-warn=kind == PayItemKind::Deduction>{move || i18n.t(pay_item_kind_msg(kind))}</span>
            </td>
            <td data-label=move || i18n.t(PayMsg::Amount) data-testid="pay-item-amount">{money(item.amount_fen)}</td>
            <td data-label=move || i18n.t(PayMsg::Note)>{item.note.clone()}</td>
            <td class="actions">
                <Show when=move || writes.get()>
                    <button type="button" class="small" data-testid="pay-item-delete" on:click=move |_| remove.run(id)>
                        {move || i18n.t(PayMsg::Delete)}
                    </button>
                </Show>
            </td>
        </tr>
    }
}

#[component]
fn NewPayItem(month: RwSignal<String>, saved: Callback<PayMsg>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let person = RwSignal::new(String::new());
    let kind = RwSignal::new(PayItemKind::Incentive.as_str().to_owned());
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // Those who may list users (HR) choose among them; finance among the people on the
    // month's payroll.
    let users = use_auth()
        .can(Capability::UsersRead)
        .then(|| visible_users(api, None));
    let sheet = LocalResource::new(move || {
        let m = month.get();
        async move {
            match users {
                Some(_) => None,
                None => api.payroll(&m).await.ok(),
            }
        }
    });
    let people = people_choices(
        move || match users {
            Some(users) => users
                .get()
                .unwrap_or_default()
                .into_iter()
                .filter(|u| !u.disabled)
                .map(|u| (u.id, u.display_name))
                .collect(),
            None => sheet
                .get()
                .flatten()
                .map(|s| s.rows.into_iter().map(|r| (r.user_id, r.name)).collect())
                .unwrap_or_default(),
        },
        Some(PayMsg::ChoosePerson.into()),
    );
    let create = Submit::new(
        errors,
        &["user_id", "month", "kind", "amount_fen", "note"],
        move |r: PayItemRequest| async move {
            api.create_pay_item(&r).await?;
            amount.set(String::new());
            note.set(String::new());
            saved.run(PayMsg::PayItemSaved);
            Ok(())
        },
    );
    let send = move |_| {
        let Some(user_id) = parse_id(&person.get_untracked()) else {
            create.invalid(vec![local_error(i18n, "user_id", PayMsg::ChoosePerson)]);
            return;
        };
        let Some(fen) = typed_fen(&amount.get_untracked()) else {
            create.invalid(vec![local_error(i18n, "amount_fen", PayMsg::AmountInvalid)]);
            return;
        };
        let kind = PayItemKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == kind.get_untracked())
            .unwrap_or(PayItemKind::Incentive);
        create.submit(PayItemRequest {
            user_id,
            month: month.get_untracked(),
            kind,
            amount_fen: fen,
            note: note.get_untracked(),
        });
    };
    let kinds = text_choices(
        PayItemKind::ALL
            .iter()
            .map(|k| (k.as_str(), pay_item_kind_msg(*k)))
            .collect(),
        None,
    );
    view! {
        <details class="card more" data-testid="pay-item-new" open>
            <summary>{move || i18n.t(PayMsg::NewPayItem)}</summary>
            <ErrorBanner errors=errors />
            {users.is_none().then(|| view! { <p class="muted small">{move || i18n.t(PayMsg::PeopleFromPayroll)}</p> })}
            <div class="form-grid">
                <SelectField label=PayMsg::Person name="user_id" testid="pay-item-person" value=person choices=people errors=errors />
                <SelectField label=PayMsg::Kind name="kind" testid="pay-item-kind" value=kind choices=kinds errors=errors />
                <Field label=PayMsg::Amount name="amount_fen" testid="pay-item-amount-input" value=amount errors=errors inputmode="decimal" />
                <Field label=PayMsg::Note name="note" testid="pay-item-note" value=note errors=errors />
            </div>
            <button type="button" class="primary" data-testid="pay-item-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(PayMsg::Add)}
            </button>
        </details>
    }
}
