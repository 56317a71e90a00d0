//! Advances paid out with a balance left (借支余额), on finance's queue: the money a salesperson
//! hands back is recorded against the balance (at most the balance; the server says so).

use leptos::prelude::*;
use salesops_domain::advances::{AdvanceDto, AdvanceState, RepaymentRequest};

use crate::api::use_api;
use crate::components::{ErrorBanner, Field, FormErrors, InlineError, Submit, local_error};
use crate::i18n::money::M;
use crate::i18n::{Msg, use_i18n};
use crate::pages::money::parts::{money, typed_fen};

/// The paid advances with a balance, each with its repayment form.
#[component]
pub fn OutstandingAdvances(on_done: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let paid =
        LocalResource::new(move || async move { api.advances_in_state(AdvanceState::Paid).await });
    let done = Callback::new(move |m: M| {
        paid.refetch();
        on_done.run(m);
    });
    view! {
        <h2>{move || i18n.t(M::OutstandingRepay)}</h2>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || paid.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(l) => {
                    let open: Vec<AdvanceDto> = l.items.into_iter().filter(|a| a.balance_fen > 0).collect();
                    if open.is_empty() {
                        return view! { <p class="muted small" data-testid="outstanding-empty">{move || i18n.t(M::InboxEmpty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain-list">
                            {open.into_iter().map(|a| view! { <Repay advance=a done=done /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn Repay(advance: AdvanceDto, done: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let id = advance.id;
    let save = Submit::new(
        errors,
        &["amount_fen", "note"],
        move |request: RepaymentRequest| async move {
            api.repay_advance(id, &request).await?;
            done.run(M::Repaid);
            Ok(())
        },
    );
    let send = move |_| {
        let Some(fen) = typed_fen(&amount.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "amount_fen", M::AmountInvalid)]);
            return;
        };
        let note = note.get_untracked().trim().to_owned();
        save.submit(RepaymentRequest {
            amount_fen: fen,
            note: (!note.is_empty()).then_some(note),
        });
    };
    view! {
        <li class="card" data-testid="outstanding-advance" data-advance-id=id>
            <strong>{advance.owner_name.clone()}</strong> " #" {id} " " {advance.reason.clone()}
            <p class="small">
                {move || i18n.t(M::Balance)} " "
                <strong data-testid="outstanding-balance">{money(advance.balance_fen)}</strong>
            </p>
            <ErrorBanner errors=errors />
            <Field label=M::RepaidAmount name="amount_fen" testid="repay-amount" value=amount errors=errors inputmode="decimal" />
            <Field label=M::RepayNote name="note" testid="repay-note" value=note errors=errors />
            <button type="button" class="small" data-testid="repay-submit" disabled=move || save.pending().get() on:click=send>
                {move || i18n.t(M::RecordRepayment)}
            </button>
        </li>
    }
}
