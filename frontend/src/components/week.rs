//! Previous / this / next week, kept in the URL (`?week=`).

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::period::IsoWeek;

use crate::clock::{this_week, week_span};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn WeekSwitcher(week: Memo<IsoWeek>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |w: IsoWeek| format!("{base}?week={w}");
    view! {
        <div class="week-switch" data-testid="week-switch">
            <A href=move || href(week.get().prev()) attr:class="button-link" attr:data-testid="week-prev" attr:title=move || i18n.t(Msg::PrevWeek)>
                "‹"
            </A>
            <div class="week-label">
                <strong data-testid="week-label">{move || week.get().to_string()}</strong>
                <span class="muted">{move || week_span(week.get())}</span>
            </div>
            <A href=move || href(week.get().next()) attr:class="button-link" attr:data-testid="week-next" attr:title=move || i18n.t(Msg::NextWeek)>
                "›"
            </A>
            <Show when=move || week.get() != this_week()>
                <A href=move || href(this_week()) attr:class="button-link" attr:data-testid="week-this">
                    {move || i18n.t(Msg::ThisWeek)}
                </A>
            </Show>
        </div>
    }
}
