//! A contract's payment schedule as it is typed: rows added and removed, and whether they add
//! up to the contract's amount (the domain's `check_schedule`, the server's own rule) with the
//! difference shown as you type.

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::deals::{ScheduleItem, check_schedule, schedule_total};

use crate::components::{FieldErrors, FormErrors, parse_date};
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::pages::deals::parts::{fen_text, money, typed_fen};

/// One row as typed; every part is a signal, so the row is cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct RowDraft {
    /// Stable while the schedule is written (rows may be removed).
    pub key: u32,
    pub due_on: RwSignal<String>,
    pub amount: RwSignal<String>,
    pub label: RwSignal<String>,
}

impl RowDraft {
    pub fn blank(key: u32) -> Self {
        RowDraft {
            key,
            due_on: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            label: RwSignal::new(String::new()),
        }
    }

    pub fn of(key: u32, item: &ScheduleItem) -> Self {
        RowDraft {
            key,
            due_on: RwSignal::new(item.due_on.to_string()),
            amount: RwSignal::new(fen_text(item.amount_fen)),
            label: RwSignal::new(item.label.clone()),
        }
    }

    /// The row as the API takes it; `None` while its date or amount is not a valid one.
    pub fn item(&self) -> Option<ScheduleItem> {
        Some(ScheduleItem {
            due_on: parse_date(&self.due_on.get())?,
            amount_fen: typed_fen(&self.amount.get())?,
            label: self.label.get().trim().to_owned(),
        })
    }
}

/// Where the typed schedule stands against the contract's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// The contract's amount is not (yet) a valid one.
    NoAmount,
    /// A row's date or amount is not (yet) valid.
    Incomplete,
    /// Every row is valid; the schedule adds up to `total`, `diff` short of the amount
    /// (negative: over it). Adds up when `diff` is 0.
    Counted { total: i64, diff: i64 },
}

impl Tally {
    pub fn of(amount_fen: Option<i64>, rows: &[Option<ScheduleItem>]) -> Tally {
        let Some(amount) = amount_fen else {
            return Tally::NoAmount;
        };
        let Some(items) = rows.iter().cloned().collect::<Option<Vec<_>>>() else {
            return Tally::Incomplete;
        };
        match (check_schedule(amount, &items), schedule_total(&items)) {
            (Ok(()), _) => Tally::Counted {
                total: amount,
                diff: 0,
            },
            (Err(_), Some(total)) => Tally::Counted {
                total,
                diff: amount.saturating_sub(total),
            },
            (Err(_), None) => Tally::Incomplete,
        }
    }

    pub fn adds_up(self) -> bool {
        matches!(self, Tally::Counted { diff: 0, .. })
    }
}

/// The rows, the add button, and the running total with its difference.
#[component]
pub fn ScheduleEditor(
    rows: RwSignal<Vec<RowDraft>>,
    next_key: StoredValue<u32>,
    tally: Memo<Tally>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(RowDraft::blank(key)));
    };
    let input =
        move |value: RwSignal<String>, kind: &'static str, testid: &'static str, label: D| {
            view! {
                <label class="field">
                    <span>{move || i18n.t(label)}</span>
                    <input
                        type=kind
                        inputmode=(testid == "schedule-amount").then_some("decimal")
                        data-testid=testid
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                </label>
            }
        };
    let summary = move || match tally.get() {
        Tally::Counted { total, diff } => {
            let text = if diff == 0 {
                i18n.t(D::AddsUp).to_owned()
            } else {
                format!("{} {}", i18n.t(D::Difference), Fen(diff))
            };
            view! {
                <p class="schedule-total" class:text-danger=diff != 0 data-testid="schedule-total" data-total-fen=total data-diff-fen=diff>
                    {move || i18n.t(D::ScheduleTotal)} " " <strong>{money(total)}</strong> " · "
                    <span data-testid="schedule-diff">{text}</span>
                </p>
            }
            .into_any()
        }
        Tally::Incomplete | Tally::NoAmount => view! {
            <p class="schedule-total muted" data-testid="schedule-total" data-diff-fen="">
                {move || i18n.t(D::ScheduleTotal)} " —"
            </p>
        }
        .into_any(),
    };
    let numbered = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <fieldset class="field span-all schedule" data-testid="schedule">
            <legend>{move || i18n.t(D::Schedule)}</legend>
            <For each=numbered key=|(i, r)| (*i, r.key) let:entry>
                {
                    let (index, row) = entry;
                    let key = row.key;
                    view! {
                        <div class="schedule-row" data-testid="schedule-row" data-index=index>
                            {input(row.due_on, "date", "schedule-due", D::DueOn)}
                            {input(row.amount, "text", "schedule-amount", D::LineAmount)}
                            {input(row.label, "text", "schedule-label", D::LineLabel)}
                            <button type="button" class="small danger" data-testid="schedule-remove"
                                disabled=move || rows.with(|r| r.len() <= 1)
                                on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))>
                                {move || i18n.t(D::RemoveRow)}
                            </button>
                            <FieldErrors name=format!("schedule[{index}]") errors=errors />
                        </div>
                    }
                }
            </For>
            <FieldErrors name="schedule" errors=errors exact=true />
            <div class="form-actions">
                <button type="button" class="small" data-testid="schedule-add" on:click=add>
                    {move || i18n.t(D::AddRow)}
                </button>
            </div>
            {summary}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn item(fen: i64) -> Option<ScheduleItem> {
        Some(ScheduleItem {
            due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            amount_fen: fen,
            label: "预付款".to_owned(),
        })
    }

    #[test]
    fn the_tally_shows_what_is_left() {
        assert_eq!(Tally::of(None, &[item(100)]), Tally::NoAmount);
        assert_eq!(Tally::of(Some(100), &[item(40), None]), Tally::Incomplete);
        assert_eq!(
            Tally::of(Some(100), &[item(40), item(30)]),
            Tally::Counted {
                total: 70,
                diff: 30
            }
        );
        assert_eq!(
            Tally::of(Some(100), &[item(40), item(80)]),
            Tally::Counted {
                total: 120,
                diff: -20
            }
        );
        assert!(Tally::of(Some(100), &[item(40), item(60)]).adds_up());
        assert!(!Tally::of(Some(100), &[item(40)]).adds_up());
    }
}
