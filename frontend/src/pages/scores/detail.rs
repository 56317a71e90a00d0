//! One score (`/scores/:id`), and the same document under "my score": the person, month,
//! state and totals, the items with their evidence and adjustments, the discussion note,
//! and the steps the reader may take — the manager's sheet on a draft, the person's
//! acknowledge / dispute on a finalized score, resolve on a disputed one, HR's reopen — and
//! the history.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use salesops_domain::Role;
use salesops_domain::scoring::score::{ScoreDto, ScoreState};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, Notice, Timeline};
use crate::i18n::scores::{S, score_action_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::scores::actions::{PersonActions, ReopenForm, ResolveForm};
use crate::pages::scores::edit::ScoreEditor;
use crate::pages::scores::items::{ScoreItems, ScoreTotals};
use crate::pages::scores::parts::ScoreStateBadge;

#[component]
pub fn ScorePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let notice = RwSignal::new(None::<AnyText>);
    let score = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.score(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let reload = Callback::new(move |_: ()| score.refetch());
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || score.get().map(|r| match r {
                Err(e) => view! { <section class="panel"><InlineError error=e /></section> }.into_any(),
                Ok(None) => view! { <section class="panel"><p>{move || i18n.t(Msg::NotFoundPage)}</p></section> }.into_any(),
                Ok(Some(s)) => view! { <ScoreDoc score=s notice=notice reload=reload /> }.into_any(),
            })}
        </Transition>
    }
}

/// Whether the signed-in user may work on `score` as its manager (a draft, not their own).
pub fn may_edit(score: &ScoreDto, me: Option<i64>, roles: &[Role]) -> bool {
    score.state == ScoreState::Draft
        && me != Some(score.user_id)
        && (roles.contains(&Role::Manager) || roles.contains(&Role::Admin))
}

/// The score with the steps its reader may take; `reload` reads it again after a step.
#[component]
pub fn ScoreDoc(
    score: ScoreDto,
    notice: RwSignal<Option<AnyText>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id);
    let roles = auth.roles();
    let mine = me == Some(score.user_id);
    let editing = may_edit(&score, me, &roles);
    let hr = roles.contains(&Role::Hr);
    let resolver = score.state == ScoreState::Disputed
        && !mine
        && (hr || roles.contains(&Role::Manager) || roles.contains(&Role::Admin));
    let reopener = hr && score.state != ScoreState::Draft;
    let done = Callback::new(move |msg: AnyText| {
        notice.set(Some(msg));
        reload.run(());
    });
    let id = score.id;
    let history = LocalResource::new(move || async move { api.score_history(id).await });
    let s = score.clone();
    let current = RwSignal::new(score);
    view! {
        <section class="panel" data-testid="score-detail" data-score-id=id data-state=s.state.as_str()>
            <div class="panel-head">
                <h1 data-testid="score-title">{s.user_name.clone()} " · " {s.month.clone()}</h1>
                <ScoreStateBadge state=Some(s.state) />
            </div>
            <Notice notice=notice />
            {move || view! { <ScoreTotals score=current.get() /> }}
        </section>
        <section class="panel">
            {if editing {
                view! { <ScoreEditor score=current done=done reload=reload /> }.into_any()
            } else {
                view! {
                    <ScoreItems items=s.items.clone() />
                    <h3>{move || i18n.t(S::Discussion)}</h3>
                    <p data-testid="discussion-note" class="pre-wrap">
                        {s.discussion_note.clone().unwrap_or_else(|| i18n.t(S::NoDiscussion).to_owned())}
                    </p>
                }.into_any()
            }}
            {s.dispute_reason.clone().map(|r| view! {
                <h3>{move || i18n.t(S::DisputeReason)}</h3>
                <p data-testid="dispute-reason" class="pre-wrap">{r}</p>
            })}
            {(mine && s.state == ScoreState::Finalized).then(|| view! {
                <PersonActions score=s.clone() done=done reload=reload />
            })}
            {resolver.then(|| view! { <ResolveForm score=s.clone() done=done reload=reload /> })}
            {reopener.then(|| view! { <ReopenForm score=s.clone() done=done reload=reload /> })}
        </section>
        <section class="panel">
            <Timeline
                entries=history
                title=S::History
                empty=S::NoHistory
                label=|a| score_action_msg(a).map(AnyText::from)
                testid="score-history"
            />
        </section>
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_manager_edits_a_draft_of_someone_else() {
        let mut s: ScoreDto = serde_json::from_value(serde_json::json!({
            "id": 1, "user_id": 5, "user_name": "x", "month": "2026-11", "role": "salesperson",
            "state": "draft", "rubric_version": 1, "daily_work": 90.0, "attendance": 100.0,
            "total": 93.0, "total_tenths": 930, "items": [],
            "discussion_note": null, "dispute_reason": null, "finalized_by": null,
            "finalized_at": null, "version": 1,
            "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z"
        }))
        .expect("a score");
        assert!(may_edit(&s, Some(2), &[Role::Manager]));
        assert!(!may_edit(&s, Some(5), &[Role::Manager]), "not one's own");
        assert!(!may_edit(&s, Some(2), &[Role::Hr]));
        s.state = ScoreState::Finalized;
        assert!(!may_edit(&s, Some(2), &[Role::Manager]));
    }
}
