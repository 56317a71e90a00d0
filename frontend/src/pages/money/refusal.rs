//! A refused submission of a claim (409 `false_visit`, `no_receipt`, `over_budget`): which
//! rule, which lines (by their number on the form), and for a budget the figures.

use leptos::prelude::*;
use salesops_domain::budgets::CreateSupplementRequest;
use salesops_domain::expenses::{BudgetExcess, ClaimDto};

use crate::api::{ApiError, use_api};
use crate::components::{ErrorBanner, Field, FormErrors, Submit};
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::use_i18n;
use crate::pages::money::parts::money;

#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: String,
    /// The refused lines' indexes on the form (0-based).
    pub lines: Vec<usize>,
    pub excess: Vec<BudgetExcess>,
}

impl Refusal {
    /// The refusal in `e`, if it is one of the claim rules; lines found by their ids in
    /// `claim` (as saved just before).
    pub fn of(e: &ApiError, claim: &ClaimDto) -> Option<Refusal> {
        let ApiError::Problem { problem, .. } = e else {
            return None;
        };
        if !matches!(
            problem.code.as_str(),
            "false_visit" | "no_receipt" | "over_budget"
        ) {
            return None;
        }
        let mut lines: Vec<usize> = problem
            .line_ids
            .iter()
            .filter_map(|id| claim.lines.iter().position(|l| l.id == *id))
            .collect();
        if lines.is_empty() {
            lines = problem
                .errors
                .iter()
                .filter_map(|f| line_index(&f.field))
                .collect();
        }
        Some(Refusal {
            code: problem.code.clone(),
            lines,
            excess: problem.excess.clone(),
        })
    }

    fn message(&self) -> M {
        match self.code.as_str() {
            "false_visit" => M::RefusedFalseVisit,
            "no_receipt" => M::RefusedNoReceipt,
            _ => M::RefusedOverBudget,
        }
    }
}

/// `lines[3]` → 3.
fn line_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("lines[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

#[component]
pub fn RefusalPanel(refusal: RwSignal<Option<Refusal>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        refusal.get().map(|r| {
            let msg = r.message();
            let names = r
                .lines
                .iter()
                .map(|i| format!("{} {}", i18n.t(M::Line), i + 1))
                .collect::<Vec<_>>()
                .join("、");
            let excess = r
                .excess
                .iter()
                .map(|x| {
                    let c = x.category;
                    view! {
                        <li data-testid="refusal-excess">
                            {x.period.clone()} " " {move || i18n.t(category_msg(c))} ": "
                            {move || i18n.t(M::Budget)} " " {money(x.budget_fen)} " · "
                            {move || i18n.t(M::Used)} " " {money(x.used_fen)} " · "
                            {move || i18n.t(M::Requested)} " " {money(x.requested_fen)}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="banner banner-error" role="alert" data-testid="claim-refusal" data-code=r.code.clone()>
                    <div>
                        <p>{move || i18n.t(msg)}</p>
                        <p>
                            {move || i18n.t(M::RefusedLines)} ": "
                            <strong data-testid="refused-lines">{names}</strong>
                        </p>
                        <ul class="plain-list small">{excess}</ul>
                        {(!r.excess.is_empty()).then(|| view! { <AskSupplement excess=r.excess.clone() /> })}
                    </div>
                </div>
            }
        })
    }
}

/// Asks the manager for the supplements the claim needs (追加预算): what each period and
/// category lacks, with one reason, submitted at once.
#[component]
fn AskSupplement(excess: Vec<BudgetExcess>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let reason = RwSignal::new(String::new());
    let asked = RwSignal::new(false);
    let requests: Vec<CreateSupplementRequest> = excess
        .iter()
        .map(|x| CreateSupplementRequest {
            period: x.period.clone(),
            category: x.category,
            amount_fen: (x.used_fen + x.requested_fen - x.budget_fen).max(1),
            reason: String::new(),
        })
        .collect();
    let ask = Submit::new(
        errors,
        &["reason"],
        move |list: Vec<CreateSupplementRequest>| async move {
            for request in &list {
                let created = api.create_supplement(request).await?;
                api.submit_supplement(created.id, created.version).await?;
            }
            asked.set(true);
            Ok(())
        },
    );
    let send = move |_| {
        let text = reason.get_untracked().trim().to_owned();
        let list: Vec<CreateSupplementRequest> = requests
            .iter()
            .cloned()
            .map(|r| CreateSupplementRequest {
                reason: text.clone(),
                ..r
            })
            .collect();
        if list.iter().all(|r| ask.check(r)) {
            ask.send(list);
        }
    };
    view! {
        <Show
            when=move || !asked.get()
            fallback=move || view! { <p data-testid="supplement-asked">{move || i18n.t(M::SupplementAsked)}</p> }
        >
            <ErrorBanner errors=errors />
            <Field label=M::SupplementReason name="reason" testid="supplement-reason" value=reason errors=errors kind="textarea" rows=2 />
            <button type="button" class="small" data-testid="supplement-ask" disabled=move || ask.pending().get() on:click=send.clone()>
                {move || i18n.t(M::AskSupplement)}
            </button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_named_by_its_index() {
        assert_eq!(line_index("lines[3]"), Some(3));
        assert_eq!(line_index("lines[0].amount_fen"), Some(0));
        assert_eq!(line_index("reason"), None);
    }
}
