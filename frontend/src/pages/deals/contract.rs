//! One contract: what it is for and its amount (in words too), where its review stands and
//! what the caller may do next, the schedule being worked on, the schedule in force with what
//! was received against each line, the payments, the collection letter and the history.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use salesops_domain::deals::{ContractDto, ContractState, capital_numerals};

use crate::api::deals::DealDoc;
use crate::api::use_api;
use crate::components::{InlineError, Notice};
use crate::i18n::deals::D;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::deals::contract_actions::ContractActions;
use crate::pages::deals::letter::LetterView;
use crate::pages::deals::parts::{ContractStateBadge, DealHistory, money};
use crate::pages::deals::payments::Payments;

#[component]
pub fn ContractPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let notice = RwSignal::new(None::<AnyText>);
    let contract = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.contract(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let changed = Callback::new(move |m: D| {
        notice.set(Some(m.into()));
        contract.refetch();
    });
    let reload = Callback::new(move |()| contract.refetch());
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || contract.get().map(|r| match r {
                Err(e) => view! { <section class="panel"><InlineError error=e /></section> }.into_any(),
                Ok(None) => view! { <section class="panel"><p>{move || i18n.t(Msg::NotFoundPage)}</p></section> }.into_any(),
                Ok(Some(c)) => view! { <ContractView contract=c notice=notice changed=changed reload=reload /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ContractView(
    contract: ContractDto,
    notice: RwSignal<Option<AnyText>>,
    changed: Callback<D>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = contract.clone();
    let id = c.id;
    let row = |label: D, value: Option<String>, testid: &'static str| {
        value.map(|v| {
            view! {
                <div class="dl-row">
                    <dt>{move || i18n.t(label)}</dt>
                    <dd data-testid=testid>{v}</dd>
                </div>
            }
        })
    };
    let in_force = c.signed_revision.is_some();
    // The working copy differs from what is in force while a new revision is written.
    let working = !in_force || c.state != ContractState::Signed;
    view! {
        <section class="panel" data-testid="contract-detail" data-contract-id=id data-state=c.state.as_str()>
            <div class="panel-head">
                <h1 data-testid="contract-title-shown">{c.number.clone()} " " {c.title.clone()}</h1>
                <A href="/contracts" attr:class="small-link">{move || i18n.t(D::BackToContracts)}</A>
            </div>
            <div class="cl-badges"><ContractStateBadge state=c.state /></div>
            <Notice notice=notice />
            <dl class="details">
                <div class="dl-row">
                    <dt>{move || i18n.t(D::Client)}</dt>
                    <dd><A href=format!("/clients/{}", c.client_id)>{c.client_name.clone()}</A></dd>
                </div>
                {c.project_id.map(|p| view! {
                    <div class="dl-row">
                        <dt>{move || i18n.t(D::Project)}</dt>
                        <dd><A href=format!("/projects/{p}")>{format!("#{p}")}</A></dd>
                    </div>
                })}
                {row(D::Owner, Some(c.owner_name.clone()), "contract-owner")}
                {row(D::Amount, Some(money(c.amount_fen)), "contract-amount-shown")}
                {row(D::Capital, Some(capital_numerals(c.amount_fen)), "contract-capital")}
                {row(D::Revision, Some(c.revision.to_string()), "contract-revision")}
                {row(D::SignedRevision, c.signed_revision.map(|r| r.to_string()), "contract-signed-revision")}
                {row(D::SignedOn, c.signed_on.map(|d| d.to_string()), "contract-signed-on")}
                {row(D::ReviewComment, c.review_comment.clone().filter(|t| !t.is_empty()), "contract-review-comment")}
            </dl>
            <ContractActions contract=contract.clone() changed=changed reload=reload />
        </section>
        {working.then(|| view! {
            <section class="panel">
                <h2>{move || i18n.t(D::Schedule)}</h2>
                <table class="plain-table" data-testid="contract-schedule">
                    <thead><tr>
                        <th>{move || i18n.t(D::DueOn)}</th>
                        <th>{move || i18n.t(D::LineLabel)}</th>
                        <th>{move || i18n.t(D::Amount)}</th>
                    </tr></thead>
                    <tbody>
                        {c.schedule.iter().map(|s| view! {
                            <tr data-testid="contract-schedule-line">
                                <td>{s.due_on.to_string()}</td>
                                <td>{s.label.clone()}</td>
                                <td>{money(s.amount_fen)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
        {in_force.then(|| view! { <LinesInForce contract=contract.clone() /> })}
        {in_force.then(|| view! {
            <section class="panel">
                <Payments contract=contract.clone() changed=changed />
                {(c.outstanding_fen > 0).then(|| view! { <LetterView contract_id=id /> })}
            </section>
        })}
        <section class="panel">
            <DealHistory doc=DealDoc::Contract id=id />
        </section>
    }
}

/// The signed schedule's lines with what was received against each, and the totals.
#[component]
fn LinesInForce(contract: ContractDto) -> impl IntoView {
    let i18n = use_i18n();
    let lines = contract
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr data-testid="contract-line" data-line-id=l.id data-outstanding-fen=l.outstanding_fen>
                    <td>{l.due_on.to_string()}</td>
                    <td>{l.label.clone()}</td>
                    <td>{money(l.amount_fen)}</td>
                    <td data-testid="line-received">{money(l.received_fen)}</td>
                    <td data-testid="line-outstanding">{money(l.outstanding_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{move || i18n.t(D::Lines)}</h2>
            <div class="table-scroll">
                <table class="plain-table" data-testid="contract-lines">
                    <thead><tr>
                        <th>{move || i18n.t(D::DueOn)}</th>
                        <th>{move || i18n.t(D::LineLabel)}</th>
                        <th>{move || i18n.t(D::Amount)}</th>
                        <th>{move || i18n.t(D::Received)}</th>
                        <th>{move || i18n.t(D::Outstanding)}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                    <tfoot><tr>
                        <td>{move || i18n.t(D::Total)}</td>
                        <td></td>
                        <td>{money(contract.signed_amount_fen.unwrap_or(contract.amount_fen))}</td>
                        <td data-testid="contract-received">{money(contract.received_fen)}</td>
                        <td data-testid="contract-outstanding">{money(contract.outstanding_fen)}</td>
                    </tr></tfoot>
                </table>
            </div>
        </section>
    }
}
