//! The team's scoring sheet (团队考核表) for a month: each member of the manager's teams with
//! their score's state and total; "compute" (POST /scores) for those without one, one by one
//! or all at once; "open" goes to the score's sheet.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use salesops_domain::scoring::score::{CreateScoreRequest, ScoreDto};

use crate::api::scores::ScoreFilter;
use crate::api::{ApiError, use_api};
use crate::components::{ErrorBanner, FormErrors, InlineError, Submit};
use crate::i18n::scores::S;
use crate::i18n::{Msg, use_i18n};
use crate::pages::manager::names::team_names;
use crate::pages::scores::parts::{
    MonthSwitcher, ScoreStateBadge, month_from_query, prev_month, pts, this_month,
};

/// One line of the sheet: a member and their score of the month, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLine {
    pub user_id: i64,
    pub name: String,
    pub score: Option<ScoreDto>,
}

/// The members in the order given, each with their score; scores of people not among the
/// members (the manager's own, seen through another team) follow.
pub fn sheet(members: &[(i64, String)], scores: &[ScoreDto]) -> Vec<SheetLine> {
    let mut lines: Vec<SheetLine> = members
        .iter()
        .map(|(id, name)| SheetLine {
            user_id: *id,
            name: name.clone(),
            score: scores.iter().find(|s| s.user_id == *id).cloned(),
        })
        .collect();
    for s in scores {
        if !members.iter().any(|(id, _)| *id == s.user_id) {
            lines.push(SheetLine {
                user_id: s.user_id,
                name: s.user_name.clone(),
                score: Some(s.clone()),
            });
        }
    }
    lines
}

#[component]
pub fn TeamScoresPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let month = Memo::new(move |_| {
        month_from_query(query.with(|q| q.get("month")), prev_month(this_month()))
    });
    let members = team_names(api);
    let scores = LocalResource::new(move || {
        let m = month.get().to_string();
        async move {
            api.scores(&ScoreFilter {
                month: Some(m),
                ..Default::default()
            })
            .await
        }
    });
    let errors = FormErrors::new();
    // Computes the drafts of these people; a score made meanwhile by someone else (422
    // `taken` on `month`) is no failure.
    let compute = Submit::new(errors, &[], move |ids: Vec<i64>| async move {
        let m = month.get_untracked().to_string();
        let mut first_error: Option<ApiError> = None;
        for user_id in ids {
            let request = CreateScoreRequest {
                user_id,
                month: m.clone(),
            };
            if let Err(e) = api.create_score(&request).await {
                let taken = e.field_errors().iter().any(|f| f.code == "taken");
                if !taken && first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
        scores.refetch();
        first_error.map_or(Ok(()), Err)
    });
    let busy = compute.pending();

    let body = move || {
        let names = members.get()?;
        let result = scores.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(list) => {
                let lines = sheet(&names, &list.items);
                if lines.is_empty() {
                    return Some(view! { <p class="muted" data-testid="team-empty">{move || i18n.t(S::NoMembers)}</p> }.into_any());
                }
                let missing: Vec<i64> = lines
                    .iter()
                    .filter(|l| l.score.is_none())
                    .map(|l| l.user_id)
                    .collect();
                let rows = lines.into_iter().map(|l| {
                    let id = l.user_id;
                    view! {
                        <tr data-testid="sheet-row" data-user-id=id data-name=l.name.clone()>
                            <td data-label=move || i18n.t(S::Person)><strong>{l.name.clone()}</strong></td>
                            <td data-label=move || i18n.t(S::State)><ScoreStateBadge state=l.score.as_ref().map(|s| s.state) /></td>
                            <td data-label=move || i18n.t(S::Total) data-testid="sheet-total">{l.score.as_ref().map(|s| pts(s.total))}</td>
                            <td>
                                {match l.score {
                                    Some(s) => view! {
                                        <A href=format!("/scores/{}", s.id) attr:class="button-like small" attr:data-testid="sheet-open">{move || i18n.t(S::Open)}</A>
                                    }.into_any(),
                                    None => view! {
                                        <button type="button" class="small primary" data-testid="sheet-compute" disabled=move || busy.get()
                                            on:click=move |_| compute.send(vec![id])>
                                            {move || i18n.t(S::Compute)}
                                        </button>
                                    }.into_any(),
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    {(missing.len() > 1).then(|| {
                        let all = missing.clone();
                        view! {
                            <div class="form-actions">
                                <button type="button" data-testid="sheet-compute-all" disabled=move || busy.get()
                                    on:click=move |_| compute.send(all.clone())>
                                    {move || i18n.t(S::ComputeAll)}
                                </button>
                            </div>
                        }
                    })}
                    <table class="list" data-testid="score-sheet">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(S::Person)}</th>
                                <th>{move || i18n.t(S::State)}</th>
                                <th>{move || i18n.t(S::Total)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::TeamScoresTitle)}</h1>
            <MonthSwitcher month=month base="/manager/scores" />
        </section>
        <section class="panel">
            <ErrorBanner errors=errors />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {body}
            </Transition>
        </section>
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn score(user_id: i64, name: &str) -> ScoreDto {
        serde_json::from_value(serde_json::json!({
            "id": user_id * 10, "user_id": user_id, "user_name": name, "month": "2026-11",
            "role": "salesperson", "state": "draft", "rubric_version": 1, "daily_work": 90.0,
            "attendance": 100.0, "total": 93.0, "total_tenths": 930, "items": [],
            "discussion_note": null, "dispute_reason": null, "finalized_by": null,
            "finalized_at": null, "version": 1,
            "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z"
        }))
        .expect("a score")
    }

    #[test]
    fn members_with_and_without_a_score() {
        let members = vec![(1, "甲".to_owned()), (2, "乙".to_owned())];
        let lines = sheet(&members, &[score(2, "乙"), score(9, "丙")]);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].score.is_none());
        assert_eq!(lines[1].score.as_ref().map(|s| s.id), Some(20));
        assert_eq!(lines[2].name, "丙");
    }
}
