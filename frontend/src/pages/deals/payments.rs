//! A signed contract's payments (回款记录), and finance's form to record one: the day it came
//! in, the amount in 元, how, and the slip or bill number. The server allocates it to the
//! oldest lines first and refuses more than is outstanding (shown beside the amount).

use leptos::prelude::*;
use salesops_domain::Capability;
use salesops_domain::deals::{ContractDto, PaymentMethod, PaymentRequest};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::today;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, SelectField, Submit, local_error, non_empty,
    parse_date, text_choices,
};
use crate::i18n::deals::{D, payment_method_msg};
use crate::i18n::use_i18n;
use crate::pages::deals::parts::{money, payment_method_choices, typed_fen};

#[component]
pub fn Payments(contract: ContractDto, changed: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let id = contract.id;
    let payments = LocalResource::new(move || async move { api.payments(id).await });
    let list = move || {
        payments.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.is_empty() => {
                view! { <p class="muted small" data-testid="payments-empty">{move || i18n.t(D::NoPayments)}</p> }
                    .into_any()
            }
            Ok(l) => view! {
                <table class="plain-table" data-testid="payments">
                    <thead><tr>
                        <th>{move || i18n.t(D::ReceivedOn)}</th>
                        <th>{move || i18n.t(D::Amount)}</th>
                        <th>{move || i18n.t(D::Method)}</th>
                        <th>{move || i18n.t(D::Reference)}</th>
                    </tr></thead>
                    <tbody>
                        {l.into_iter().map(|p| {
                            let m = p.method;
                            view! {
                                <tr data-testid="payment-row" data-payment-id=p.id data-amount-fen=p.amount_fen>
                                    <td>{p.received_on.to_string()}</td>
                                    <td>{money(p.amount_fen)}</td>
                                    <td>{move || i18n.t(payment_method_msg(m))}</td>
                                    <td>{p.reference.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        })
    };
    let outstanding = contract.outstanding_fen;
    view! {
        <h2>{move || i18n.t(D::Payments)}</h2>
        {list}
        {(auth.can(Capability::PaymentsWrite) && outstanding > 0).then(|| view! {
            <RecordPayment contract_id=id changed=changed />
        })}
    }
}

const FIELDS: &[&str] = &["received_on", "amount_fen", "method", "reference"];

#[component]
fn RecordPayment(contract_id: i64, changed: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let received_on = RwSignal::new(today().to_string());
    let amount = RwSignal::new(String::new());
    let method = RwSignal::new(PaymentMethod::BankTransfer.as_str().to_owned());
    let reference = RwSignal::new(String::new());
    let save = Submit::new(errors, FIELDS, move |request: PaymentRequest| async move {
        api.record_payment(contract_id, &request).await?;
        changed.run(D::PaymentRecorded);
        Ok(())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_date(&received_on.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "received_on", D::DateInvalid)]);
            return;
        };
        let Some(fen) = typed_fen(&amount.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "amount_fen", D::AmountInvalid)]);
            return;
        };
        save.submit(PaymentRequest {
            received_on: day,
            amount_fen: fen,
            method: method
                .get_untracked()
                .parse()
                .unwrap_or(PaymentMethod::BankTransfer),
            reference: non_empty(&reference.get_untracked()),
        });
    };
    view! {
        <form class="card form-grid" data-testid="payment-form" on:submit=submit novalidate>
            <h3 class="span-all">{move || i18n.t(D::RecordPayment)}</h3>
            <div class="span-all"><ErrorBanner errors=errors /></div>
            <Field label=D::ReceivedOn name="received_on" testid="payment-date" value=received_on errors=errors kind="date" />
            <Field label=D::PaymentAmount name="amount_fen" testid="payment-amount" value=amount errors=errors inputmode="decimal" required=true />
            <SelectField label=D::Method name="method" testid="payment-method" value=method choices=text_choices(payment_method_choices(), None) errors=errors />
            <Field label=D::Reference name="reference" testid="payment-reference" value=reference errors=errors />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="payment-submit" disabled=move || save.pending().get()>
                    {move || i18n.t(D::RecordPayment)}
                </button>
            </div>
        </form>
    }
}
