//! A claim in the manager's inbox: each line with its standard and flags, the amount to cut it
//! to, and whether to allow it above its standard; then approve with a comment or reject
//! with a reason.

use leptos::prelude::*;
use salesops_domain::FieldError;
use salesops_domain::expenses::{ApproveClaimRequest, ClaimDto, LineApproval};

use crate::api::money::MoneyDoc;
use crate::api::{ApiError, use_api};
use crate::clock::local_time;
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::use_i18n;
use crate::pages::money::decision::{Decision, DecisionBar};
use crate::pages::money::parts::{ClaimStateBadge, FlagBadges, money, typed_fen};

/// The manager's decision on one line, as typed.
#[derive(Debug, Clone, Copy)]
struct LineCut {
    id: i64,
    cut: RwSignal<String>,
    allow: RwSignal<bool>,
    over_standard: bool,
}

impl LineCut {
    fn approval(&self, index: usize) -> Result<LineApproval, FieldError> {
        let text = self.cut.get_untracked();
        let approved_fen = if text.trim().is_empty() {
            None
        } else {
            Some(typed_fen(&text).ok_or_else(|| {
                FieldError::new(
                    format!("lines[{index}].approved_fen"),
                    "invalid",
                    format!("#{}: {text}", index + 1),
                )
            })?)
        };
        Ok(LineApproval {
            id: self.id,
            approved_fen,
            allow_over_standard: self.over_standard.then(|| self.allow.get_untracked()),
        })
    }
}

#[component]
pub fn ClaimReview(
    claim: ClaimDto,
    on_decided: Callback<M>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (id, version) = (claim.id, claim.version);
    let cuts: Vec<LineCut> = claim
        .lines
        .iter()
        .map(|l| LineCut {
            id: l.id,
            cut: RwSignal::new(String::new()),
            allow: RwSignal::new(false),
            over_standard: l.over_standard_fen > 0,
        })
        .collect();
    let stored_cuts = StoredValue::new(cuts.clone());
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                let lines = stored_cuts
                    .get_value()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| c.approval(i))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| ApiError::validation(vec![e]))?;
                let request = ApproveClaimRequest {
                    version,
                    comment,
                    lines,
                };
                api.approve_claim(id, &request).await?;
                on_decided.run(M::Approved);
            }
            Decision::Reject(request) => {
                api.reject_money::<ClaimDto>(MoneyDoc::Claim, id, &request)
                    .await?;
                on_decided.run(M::Rejected);
            }
        }
        Ok(())
    };
    let submitted = claim.submitted_at.map(local_time).unwrap_or_default();
    let lines = claim
        .lines
        .iter()
        .zip(cuts)
        .enumerate()
        .map(|(i, (l, cut))| {
            let c = l.category;
            let flags = l.flags.clone();
            view! {
                <li class="card" data-testid="review-line" data-line-id=l.id data-index=i>
                    <div class="visit-head">
                        <strong>{move || i18n.t(M::Line)} " " {i + 1} " · " {l.date.format("%m-%d").to_string()}</strong>
                        <div class="badges"><FlagBadges flags=flags /></div>
                    </div>
                    <div class="small">
                        {move || i18n.t(category_msg(c))} " · " {l.place.clone().unwrap_or_default()} " · " {l.reason.clone()}
                    </div>
                    <div class="figures">
                        <span class="figure">{move || i18n.t(M::Amount)} " " <strong>{money(l.amount_fen)}</strong></span>
                        <span class="figure">
                            {move || i18n.t(M::Standard)} " " {l.standard_fen.map(money).unwrap_or_else(|| "—".to_owned())}
                        </span>
                        <span class="figure">{move || i18n.t(M::Receipt)} " " {l.receipt_ids.len()}</span>
                    </div>
                    <div class="line-decision">
                        <label class="field">
                            <span>{move || i18n.t(M::Cut)}</span>
                            <input
                                type="text"
                                inputmode="decimal"
                                data-testid="review-cut"
                                placeholder=money(l.standard_fen.map_or(l.amount_fen, |s| s.min(l.amount_fen)))
                                prop:value=move || cut.cut.get()
                                on:input=move |ev| cut.cut.set(event_target_value(&ev))
                            />
                        </label>
                        {cut.over_standard.then(|| view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-testid="review-allow-over"
                                    prop:checked=move || cut.allow.get()
                                    on:change=move |ev| cut.allow.set(event_target_checked(&ev))
                                />
                                {move || i18n.t(M::AllowOver)}
                            </label>
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="inbox-item card" data-testid="money-inbox-claim" data-claim-id=id data-owner=claim.owner_name.clone()>
            <div class="visit-head">
                <div>
                    <strong>{claim.owner_name.clone()}</strong> " #" {id}
                    <div class="muted small">{submitted}</div>
                </div>
                <div class="badges">
                    <ClaimStateBadge state=claim.state />
                    <strong data-testid="review-total">{money(claim.total_fen)}</strong>
                </div>
            </div>
            <ul class="plain-list">{lines}</ul>
            <DecisionBar version=version decide=decide reload=reload />
        </li>
    }
}
