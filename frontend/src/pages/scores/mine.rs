//! 我的考核: the signed-in person's score for a month (last month unless `?month=` says
//! otherwise) with its items, evidence, adjustments and discussion note, acknowledge or
//! dispute once it is finalized, and the trend of the last twelve months.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::scores::ScoreFilter;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::InlineError;
use crate::i18n::scores::S;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::scores::detail::ScoreDoc;
use crate::pages::scores::parts::{MonthSwitcher, month_from_query, prev_month, this_month};
use crate::pages::scores::trend::TrendChart;

#[component]
pub fn MyScorePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let month = Memo::new(move |_| {
        month_from_query(query.with(|q| q.get("month")), prev_month(this_month()))
    });
    let notice = RwSignal::new(None::<AnyText>);
    let score = LocalResource::new(move || {
        let m = month.get().to_string();
        async move {
            let filter = ScoreFilter {
                user_id: Some(me),
                month: Some(m),
                ..Default::default()
            };
            api.scores(&filter)
                .await
                .map(|l| l.items.into_iter().next())
        }
    });
    let reload = Callback::new(move |_: ()| score.refetch());
    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::MyScoreTitle)}</h1>
            <MonthSwitcher month=month base="/scores/me" />
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || score.get().map(|r| match r {
                Err(e) => view! { <section class="panel"><InlineError error=e /></section> }.into_any(),
                Ok(None) => view! {
                    <section class="panel"><p class="muted" data-testid="no-score">{move || i18n.t(S::NoScore)}</p></section>
                }.into_any(),
                Ok(Some(s)) => view! { <ScoreDoc score=s notice=notice reload=reload /> }.into_any(),
            })}
        </Transition>
        <TrendChart user_id=me />
    }
}
