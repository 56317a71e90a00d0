//! One line of a claim being written: date, place, reason, category, amount, city tier, the
//! receipt photos (taken with the phone's camera and uploaded at once), and what the server's
//! check says of it (its standard and flags).

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::expenses::{ClaimLineDto, ClaimLineInput};
use salesops_domain::plans::ExpenseCategory;
use salesops_domain::visits::VisitDto;
use salesops_domain::{Fen, FieldError};
use wasm_bindgen::JsCast;

use crate::api::use_api;
use crate::components::{FieldErrors, FormErrors, InlineError, local_error, parse_date};
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::{AnyText, I18n, use_i18n};
use crate::pages::money::parts::{FlagBadges, money};

/// A line as typed; every part is a signal, so the line is cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct LineDraft {
    /// Stable while the claim is written (lines may be removed).
    pub key: u32,
    pub date: RwSignal<String>,
    pub place: RwSignal<String>,
    pub reason: RwSignal<String>,
    pub category: RwSignal<String>,
    pub amount: RwSignal<String>,
    pub quantity: RwSignal<String>,
    pub city_tier: RwSignal<String>,
    pub visit_id: Option<i64>,
    pub receipts: RwSignal<Vec<i64>>,
}

impl LineDraft {
    pub fn blank(key: u32, date: chrono::NaiveDate) -> Self {
        LineDraft {
            key,
            date: RwSignal::new(date.to_string()),
            place: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            category: RwSignal::new(ExpenseCategory::Travel.as_str().to_owned()),
            amount: RwSignal::new(String::new()),
            quantity: RwSignal::new(String::new()),
            city_tier: RwSignal::new(String::new()),
            visit_id: None,
            receipts: RwSignal::new(Vec::new()),
        }
    }

    /// A line for a visit of the plan: its day, the client as the place, the visit linked.
    pub fn for_visit(key: u32, visit: &VisitDto) -> Self {
        let line = LineDraft::blank(key, visit.planned_date);
        line.place.set(visit.client_name.clone());
        line.reason.set(
            visit
                .purpose
                .clone()
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| visit.client_name.clone()),
        );
        LineDraft {
            visit_id: Some(visit.id),
            ..line
        }
    }

    /// A stored line, to edit.
    pub fn from_stored(key: u32, l: &ClaimLineDto) -> Self {
        let line = LineDraft::blank(key, l.date);
        line.place.set(l.place.clone().unwrap_or_default());
        line.reason.set(l.reason.clone());
        line.category.set(l.category.as_str().to_owned());
        line.amount.set(Fen(l.amount_fen).plain());
        if l.quantity > 1 {
            line.quantity.set(l.quantity.to_string());
        }
        line.city_tier
            .set(l.city_tier.map(|t| t.to_string()).unwrap_or_default());
        line.receipts.set(l.receipt_ids.clone());
        LineDraft {
            visit_id: l.visit_id,
            ..line
        }
    }

    /// The line as the API takes it (reactive), or what is wrong with it (fields named
    /// `lines[index].…`, as the server names them).
    pub fn input(&self, i18n: I18n, index: usize) -> Result<ClaimLineInput, Vec<FieldError>> {
        let mut wrong = Vec::new();
        let field = |name: &str| format!("lines[{index}].{name}");
        let date = parse_date(&self.date.get());
        if date.is_none() {
            wrong.push(local_error(i18n, &field("date"), M::Date));
        }
        let amount = Fen::parse(&self.amount.get()).ok().filter(|f| f.0 > 0);
        if amount.is_none() {
            wrong.push(local_error(i18n, &field("amount_fen"), M::AmountInvalid));
        }
        let category = ExpenseCategory::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == self.category.get());
        let (Some(date), Some(amount), Some(category)) = (date, amount, category) else {
            return Err(wrong);
        };
        Ok(ClaimLineInput {
            date,
            place: Some(self.place.get().trim().to_owned()).filter(|p| !p.is_empty()),
            reason: self.reason.get().trim().to_owned(),
            category,
            amount_fen: amount.0,
            quantity: self.quantity.get().trim().parse().ok(),
            city_tier: self.city_tier.get().trim().parse().ok(),
            visit_id: self.visit_id,
            receipt_ids: self.receipts.get(),
        })
    }
}

/// The editor of one line; `checked` is what the server's check says of it (once it is
/// complete), `refused` whether a refused submission named it.
#[component]
pub fn LineEditor(
    line: LineDraft,
    #[prop(into)] index: Signal<usize>,
    #[prop(into)] checked: Signal<Option<ClaimLineDto>>,
    #[prop(into)] refused: Signal<bool>,
    errors: FormErrors,
    on_remove: Callback<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None);
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        uploading.set(true);
        upload_error.set(None);
        spawn_local(async move {
            match api.upload_receipt(&file).await {
                Ok(r) => line.receipts.update(|ids| ids.push(r.id)),
                Err(e) => upload_error.set(Some(e)),
            }
            uploading.set(false);
            input.set_value("");
        });
    };
    let flags = Signal::derive(move || checked.get().map(|c| c.flags).unwrap_or_default());
    let standard = move || {
        checked.get().map(|c| match c.standard_fen {
            Some(s) => format!("{} {}", i18n.t(M::Standard), money(s)),
            None => i18n.t(M::NoStandard).to_owned(),
        })
    };
    let input = |label: M, value: RwSignal<String>, testid: &'static str, kind: &'static str| {
        view! {
            <label class="field">
                <span>{move || i18n.t(label)}</span>
                <input
                    type=kind
                    data-testid=testid
                    inputmode=(testid == "line-amount").then_some("decimal")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };
    let categories = ExpenseCategory::ALL
        .iter()
        .map(|c| {
            let c = *c;
            view! {
                <option value=c.as_str() prop:selected=move || line.category.get() == c.as_str()>
                    {move || i18n.t(category_msg(c))}
                </option>
            }
        })
        .collect_view();
    let tiers: [(&str, AnyText); 4] = [
        ("", M::EveryCity.into()),
        ("1", M::Tier1.into()),
        ("2", M::Tier2.into()),
        ("3", M::Tier3.into()),
    ];
    let tier_options = tiers
        .into_iter()
        .map(|(v, label)| {
            view! {
                <option value=v prop:selected=move || line.city_tier.get() == v>{move || i18n.t(label)}</option>
            }
        })
        .collect_view();

    view! {
        <li
            class="card claim-line"
            class:refused=move || refused.get()
            data-testid="claim-line"
            data-index=move || index.get()
            data-visit-id=line.visit_id.map(|v| v.to_string()).unwrap_or_default()
            data-refused=move || refused.get().to_string()
        >
            <div class="visit-head">
                <strong>{move || i18n.t(M::Line)} " " {move || index.get() + 1}</strong>
                <div class="badges">
                    <span class="small muted" data-testid="line-standard">{standard}</span>
                    <FlagBadges flags=flags />
                </div>
            </div>
            <div class="form-grid line-grid">
                {input(M::Date, line.date, "line-date", "date")}
                {input(M::Place, line.place, "line-place", "text")}
                {input(M::Reason, line.reason, "line-reason", "text")}
                <label class="field">
                    <span>{move || i18n.t(M::Category)}</span>
                    <select data-testid="line-category" on:change=move |ev| line.category.set(event_target_value(&ev))>
                        {categories}
                    </select>
                </label>
                {input(M::Amount, line.amount, "line-amount", "text")}
                {input(M::Quantity, line.quantity, "line-quantity", "number")}
                <label class="field">
                    <span>{move || i18n.t(M::CityTier)}</span>
                    <select data-testid="line-city-tier" on:change=move |ev| line.city_tier.set(event_target_value(&ev))>
                        {tier_options}
                    </select>
                </label>
            </div>
            <div class="receipt-row">
                <label class="button-like">
                    {move || i18n.t(M::TakePhoto)}
                    <input
                        type="file"
                        accept="image/*,application/pdf"
                        capture="environment"
                        class="visually-hidden"
                        data-testid="line-receipt-input"
                        on:change=upload
                    />
                </label>
                <Show when=move || uploading.get()>
                    <span class="muted small">{move || i18n.t(M::Uploading)}</span>
                </Show>
                <span class="small" data-testid="line-receipts" data-count=move || line.receipts.get().len()>
                    {move || {
                        let n = line.receipts.get().len();
                        (n > 0).then(|| format!("{} ×{n}", i18n.t(M::ReceiptAttached)))
                    }}
                </span>
                <button type="button" class="small danger" data-testid="line-remove" on:click=move |_| on_remove.run(line.key)>
                    {move || i18n.t(M::RemoveLine)}
                </button>
            </div>
            {move || upload_error.get().map(|e| view! { <InlineError error=e /> })}
            {move || view! { <FieldErrors name=format!("lines[{}]", index.get()) errors=errors /> }}
        </li>
    }
}
