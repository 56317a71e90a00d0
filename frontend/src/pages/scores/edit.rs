//! The manager's sheet of a draft score: computed items read-only with their evidence and an
//! override of their points, manual items' occurrences to enter; every change with its note
//! (PATCH `/scores/{id}` with the version read); recompute; the discussion note (讲评) and
//! finalize, which first saves what was changed.

use leptos::prelude::*;
use salesops_domain::FieldError;
use salesops_domain::scoring::score::{
    AdjustScoreRequest, FinalizeScoreRequest, ItemAdjustment, ScoreDto, ScoreItemDto,
    ScoreStepRequest,
};

use crate::api::scores::ScoreStep;
use crate::api::{ApiError, use_api};
use crate::components::{ErrorBanner, Field, FieldErrors, FormErrors, Submit, local_error};
use crate::i18n::scores::S;
use crate::i18n::{AnyText, I18n, use_i18n};
use crate::pages::money::decision::decided_elsewhere;
use crate::pages::scores::items::{ItemRow, ItemsHead};
use crate::pages::scores::parts::{StaleNote, typed_count, typed_points};

/// What is typed beside one item.
#[derive(Debug, Clone, Copy)]
struct RowInput {
    occurrences: RwSignal<String>,
    points: RwSignal<String>,
    note: RwSignal<String>,
}

/// The adjustment typed beside `item`: `Ok(None)` when nothing changed, else the adjustment,
/// or why it cannot be sent.
pub fn adjustment_of(
    item: &ScoreItemDto,
    occurrences: &str,
    points: &str,
    note: &str,
) -> Result<Option<ItemAdjustment>, S> {
    let manual = item.source.metric().is_none();
    let occ_changed = manual && occurrences.trim() != item.occurrences.to_string();
    let pts_typed = !manual && !points.trim().is_empty();
    if !occ_changed && !pts_typed {
        return Ok(None);
    }
    let occurrences = if occ_changed {
        Some(typed_count(occurrences).ok_or(S::OccurrencesInvalid)?)
    } else {
        None
    };
    let points = if pts_typed {
        Some(typed_points(points, item.max_points).ok_or(S::PointsInvalid)?)
    } else {
        None
    };
    let note = note.trim();
    if note.is_empty() {
        return Err(S::NoteRequired);
    }
    Ok(Some(ItemAdjustment {
        code: item.code.clone(),
        occurrences,
        points,
        note: note.to_owned(),
    }))
}

/// The field name of a row's local errors.
fn row_field(code: &str) -> String {
    format!("row.{code}")
}

/// The inputs typed beside a score's items (the sheet's, and a dispute's resolution).
#[derive(Debug, Clone, Copy)]
pub struct AdjustRows {
    inputs: StoredValue<Vec<(ScoreItemDto, RowInput)>>,
}

impl AdjustRows {
    pub fn new() -> Self {
        AdjustRows {
            inputs: StoredValue::new(Vec::new()),
        }
    }

    /// The rows of `items`, each with its inputs (fresh ones: call it where the items change).
    pub fn rows(self, items: Vec<ScoreItemDto>, errors: FormErrors) -> impl IntoView {
        let mut kept = Vec::new();
        let view = items
            .into_iter()
            .map(|item| {
                let row = RowInput {
                    occurrences: RwSignal::new(item.occurrences.to_string()),
                    points: RwSignal::new(String::new()),
                    note: RwSignal::new(String::new()),
                };
                kept.push((item.clone(), row));
                let extra =
                    view! { <RowInputs item=item.clone() row=row errors=errors /> }.into_any();
                view! { <ItemRow item=item extra=extra /> }
            })
            .collect_view();
        self.inputs.set_value(kept);
        view
    }

    /// The adjustments typed, or the rows' errors (to show beside them).
    pub fn typed(self, i18n: I18n) -> Result<Vec<ItemAdjustment>, Vec<FieldError>> {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        self.inputs.with_value(|rows| {
            for (item, row) in rows {
                match adjustment_of(
                    item,
                    &row.occurrences.get_untracked(),
                    &row.points.get_untracked(),
                    &row.note.get_untracked(),
                ) {
                    Ok(Some(a)) => out.push(a),
                    Ok(None) => {}
                    Err(m) => bad.push(local_error(i18n, &row_field(&item.code), m)),
                }
            }
        });
        if bad.is_empty() { Ok(out) } else { Err(bad) }
    }
}

impl Default for AdjustRows {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn ScoreEditor(
    score: RwSignal<ScoreDto>,
    done: Callback<AnyText>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let notice = RwSignal::new(None::<S>);
    let adjust = AdjustRows::new();
    let discussion = RwSignal::new(score.get_untracked().discussion_note.unwrap_or_default());

    let failed = move |e: ApiError| -> Result<(), ApiError> {
        if decided_elsewhere(&e) {
            stale.set(true);
            Ok(())
        } else {
            Err(e)
        }
    };
    // Saves the adjustments (when there are any), then finalizes with the note when given.
    let save = Submit::new(
        errors,
        &["items", "row", "discussion_note"],
        move |(items, finalize): (Vec<ItemAdjustment>, Option<String>)| async move {
            let mut current = score.get_untracked();
            if !items.is_empty() {
                let request = AdjustScoreRequest {
                    version: current.version,
                    items,
                };
                match api.adjust_score(current.id, &request).await {
                    Ok(s) => {
                        current = s.clone();
                        score.set(s);
                        notice.set(Some(S::AdjustmentsSaved));
                    }
                    Err(e) => return failed(e),
                }
            }
            if let Some(note) = finalize {
                let request = FinalizeScoreRequest {
                    version: current.version,
                    discussion_note: note,
                };
                match api.finalize_score(current.id, &request).await {
                    Ok(_) => done.run(S::Finalized.into()),
                    Err(e) => return failed(e),
                }
            }
            Ok(())
        },
    );
    let recompute = Submit::new(errors, &[], move |_: ()| async move {
        let s = score.get_untracked();
        let request = ScoreStepRequest {
            version: s.version,
            reason: None,
        };
        match api.score_step(s.id, ScoreStep::Recompute, &request).await {
            Ok(s) => {
                score.set(s);
                notice.set(Some(S::Recomputed));
                Ok(())
            }
            Err(e) => failed(e),
        }
    });
    let busy = Signal::derive(move || save.pending().get() || recompute.pending().get());
    let send = move |finalize: bool| {
        notice.set(None);
        let items = match adjust.typed(i18n) {
            Ok(items) => items,
            Err(bad) => return save.invalid(bad),
        };
        let note = discussion.get_untracked().trim().to_owned();
        if finalize && note.is_empty() {
            return save.invalid(vec![local_error(
                i18n,
                "discussion_note",
                S::DiscussionRequired,
            )]);
        }
        if !finalize && items.is_empty() {
            notice.set(Some(S::NoChanges));
            return;
        }
        if !items.is_empty() {
            let request = AdjustScoreRequest {
                version: 0,
                items: items.clone(),
            };
            if !save.check(&request) {
                return;
            }
        }
        save.send((items, finalize.then_some(note)));
    };

    let rows = move || adjust.rows(score.get().items, errors);

    view! {
        <div data-testid="score-editor">
            <StaleNote stale=stale reload=reload />
            {move || notice.get().map(|m| view! { <p class="banner banner-ok" role="status" data-testid="editor-notice">{move || i18n.t(m)}</p> })}
            <ErrorBanner errors=errors />
            <table class="list" data-testid="score-items">
                <ItemsHead />
                <tbody>{rows}</tbody>
            </table>
            <FieldErrors name="items" errors=errors />
            <div class="form-actions">
                <button type="button" data-testid="score-save" disabled=move || busy.get() on:click=move |_| send(false)>
                    {move || i18n.t(S::SaveAdjustments)}
                </button>
                <button type="button" class="small" data-testid="score-recompute" disabled=move || busy.get()
                    on:click=move |_| { notice.set(None); recompute.send(()); }>
                    {move || i18n.t(S::Recompute)}
                </button>
            </div>
            <h3>{move || i18n.t(S::Discussion)}</h3>
            <Field label=S::DiscussionNote name="discussion_note" testid="discussion-input" value=discussion errors=errors kind="textarea" rows=4 required=true />
            <div class="form-actions">
                <button type="button" class="primary" data-testid="score-finalize" disabled=move || busy.get() on:click=move |_| send(true)>
                    {move || i18n.t(S::Finalize)}
                </button>
            </div>
        </div>
    }
}

/// The inputs beside one item: occurrences (manual) or an override of the points (computed),
/// and the note.
#[component]
fn RowInputs(item: ScoreItemDto, row: RowInput, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let manual = item.source.metric().is_none();
    let code = item.code.clone();
    let input =
        move |value: RwSignal<String>, testid: &'static str, label: S, mode: &'static str| {
            view! {
                <label class="inline-field">
                    <span class="small muted">{move || i18n.t(label)}</span>
                    <input type="text" inputmode=mode data-testid=testid
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </label>
            }
        };
    view! {
        <div class="item-inputs" data-testid="item-inputs" data-code=code.clone()>
            {if manual {
                input(row.occurrences, "item-occurrences-input", S::Occurrences, "numeric").into_any()
            } else {
                input(row.points, "item-points-input", S::OverridePoints, "decimal").into_any()
            }}
            <label class="inline-field">
                <span class="small muted">{move || i18n.t(S::AdjustNote)}</span>
                <input type="text" data-testid="item-note-input"
                    prop:value=move || row.note.get()
                    on:input=move |ev| row.note.set(event_target_value(&ev)) />
            </label>
            <FieldErrors name=row_field(&code) errors=errors exact=true />
        </div>
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn item(source: &str) -> ScoreItemDto {
        serde_json::from_value(serde_json::json!({
            "code": "visits", "title": "拜访", "title_en": "Visits", "group": "daily",
            "max_points": 20.0, "occurrences": 1, "deduction": 2.0, "points": 18.0,
            "source": source, "evidence": [], "adjustment": null
        }))
        .expect("an item")
    }

    #[test]
    fn an_adjustment_needs_a_change_and_a_note() {
        let manual = item("manual");
        assert!(matches!(adjustment_of(&manual, "1", "", ""), Ok(None)));
        assert!(matches!(
            adjustment_of(&manual, "3", "", " "),
            Err(S::NoteRequired)
        ));
        assert!(matches!(
            adjustment_of(&manual, "x", "", "n"),
            Err(S::OccurrencesInvalid)
        ));
        let a = adjustment_of(&manual, "3", "", "迟到三次").ok().flatten();
        assert_eq!(a.as_ref().and_then(|a| a.occurrences), Some(3));
        assert_eq!(a.as_ref().and_then(|a| a.points), None);
        let computed = item("computed:weekly_reports");
        assert!(
            matches!(adjustment_of(&computed, "5", "", ""), Ok(None)),
            "occurrences are computed"
        );
        assert!(matches!(
            adjustment_of(&computed, "1", "25", "n"),
            Err(S::PointsInvalid)
        ));
        let a = adjustment_of(&computed, "1", "19.5", "补交").ok().flatten();
        assert_eq!(a.and_then(|a| a.points), Some(19.5));
    }
}
