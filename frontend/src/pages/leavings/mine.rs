//! One's own leaving on the account page: the open one (its state and a link to it), or the
//! form that files it.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Capability;
use salesops_domain::leavings::LeavingDto;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, Notice};
use crate::i18n::leavings::LMsg;
use crate::i18n::{AnyText, use_i18n};
use crate::pages::leavings::parts::{FileLeaving, LeavingStateBadge};

#[component]
pub fn MyLeaving() -> impl IntoView {
    let auth = use_auth();
    let me = auth.user().map(|u| u.id);
    let allowed = auth.can(Capability::LeavingsWrite);
    me.filter(|_| allowed).map(|me| view! { <Mine me=me /> })
}

#[component]
fn Mine(me: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let mine = LocalResource::new(move || async move {
        api.leavings(None, Some(me))
            .await
            .map(|l| l.items.into_iter().find(|x| x.state.is_open()))
    });
    let filed = Callback::new(move |_: LeavingDto| {
        notice.set(Some(LMsg::Filed.into()));
        mine.refetch();
    });
    view! {
        <section class="panel narrow" data-testid="my-leaving">
            <h2>{move || i18n.t(LMsg::MyLeaving)}</h2>
            <Notice notice=notice />
            {move || mine.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(Some(l)) => view! {
                    <p data-testid="my-leaving-open">
                        {l.leaving_on.to_string()} " " <LeavingStateBadge state=l.state /> " "
                        <A href=format!("/leavings/{}", l.id) attr:class="small-link">{move || i18n.t(LMsg::Open)}</A>
                    </p>
                }.into_any(),
                Ok(None) => view! {
                    <details class="more">
                        <summary>{move || i18n.t(LMsg::FileOwn)}</summary>
                        <p class="muted small">{move || i18n.t(LMsg::MyLeavingIntro)}</p>
                        <FileLeaving person=me filed=filed />
                    </details>
                }.into_any(),
            })}
        </section>
    }
}
