//! The home page's inbox (待办): one line per kind of waiting work, with its count, how long
//! the oldest has waited, and a link to the screen that lists them.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::inbox::InboxItem;

use crate::api::use_api;
use crate::clock::now_ms;
use crate::i18n::inbox::{IMsg, kind_msg};
use crate::i18n::use_i18n;

/// How long something has waited, in the unit the line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    JustNow,
    Hours(i64),
    Days(i64),
}

/// The age of `oldest` at `now_ms` (the browser's clock): whole days once a day has passed,
/// whole hours before; a clock behind the server's reads as "just now".
pub fn age(oldest: DateTime<Utc>, now_ms: f64) -> Age {
    let waited_ms = now_ms - oldest.timestamp_millis() as f64;
    let hours = (waited_ms / 3_600_000.0).floor() as i64;
    match hours {
        h if h >= 24 => Age::Days(h / 24),
        h if h >= 1 => Age::Hours(h),
        _ => Age::JustNow,
    }
}

#[component]
pub fn Inbox() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let inbox = LocalResource::new(move || async move { api.inbox().await });
    view! {
        <section class="panel" data-testid="inbox">
            <h2>{move || i18n.t(IMsg::Title)}</h2>
            {move || inbox.get().map(|r| match r {
                Ok(dto) if dto.items.is_empty() => view! {
                    <p class="muted" data-testid="inbox-empty">{move || i18n.t(IMsg::Empty)}</p>
                }.into_any(),
                Ok(dto) => view! {
                    <ul class="todos">
                        {dto.items.into_iter().map(|item| view! { <Line item=item /> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(_) => view! {
                    <p class="muted">{move || i18n.t(IMsg::LoadFailed)}</p>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Line(item: InboxItem) -> impl IntoView {
    let i18n = use_i18n();
    let msg = kind_msg(item.kind);
    let waited = item.oldest_at.map(|at| age(at, now_ms()));
    let since = move || {
        waited.map(|a| match a {
            Age::JustNow => format!("{} {}", i18n.t(IMsg::Oldest), i18n.t(IMsg::JustNow)),
            Age::Hours(n) => format!("{} {n} {}", i18n.t(IMsg::Oldest), i18n.t(IMsg::HoursAgo)),
            Age::Days(n) => format!("{} {n} {}", i18n.t(IMsg::Oldest), i18n.t(IMsg::DaysAgo)),
        })
    };
    view! {
        <li class="todo" data-testid="inbox-item" data-kind=item.kind.as_str() data-count=item.count>
            <A href=item.link>{move || i18n.t(msg)}</A>
            " "
            <span class="badge" data-testid="inbox-count">{item.count}</span>
            " "
            <span class="muted small" data-testid="inbox-since">{since}</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_days_then_hours() {
        let at = DateTime::from_timestamp(1_000_000, 0).unwrap_or_default();
        let ms = |secs: i64| (1_000_000 + secs) as f64 * 1000.0;
        assert_eq!(age(at, ms(-60)), Age::JustNow);
        assert_eq!(age(at, ms(59 * 60)), Age::JustNow);
        assert_eq!(age(at, ms(3600)), Age::Hours(1));
        assert_eq!(age(at, ms(23 * 3600 + 3599)), Age::Hours(23));
        assert_eq!(age(at, ms(24 * 3600)), Age::Days(1));
        assert_eq!(age(at, ms(3 * 24 * 3600 + 5)), Age::Days(3));
    }
}
