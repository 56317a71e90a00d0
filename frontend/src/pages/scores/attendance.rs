//! Attendance entry (出勤登记): a day someone was absent or away half a day (person, date,
//! kind, note), the month's records with their removal, and the month's summary per person
//! (days absent, half days and the attendance score, from `/attendance/summary`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::attendance::{
    AttendanceDto, AttendanceKind, AttendanceRequest, AttendanceSummary,
};

use crate::api::use_api;
use crate::clock::today;
use crate::components::{
    Choice, ErrorBanner, Field, FormErrors, InlineError, Notice, SelectField, Submit, local_error,
    non_empty, parse_date, text_choices,
};
use crate::i18n::scores::{S, attendance_kind_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::scores::parts::{MonthSwitcher, month_from_query, pts, this_month};
use crate::pages::scores::people::people;

/// The names to show: `people` first, then anyone else recorded in the month.
pub fn named(people: &[(i64, String)], records: &[AttendanceDto]) -> Vec<(i64, String)> {
    let mut names: Vec<(i64, String)> = people.to_vec();
    for r in records {
        if !names.iter().any(|(id, _)| *id == r.user_id) {
            names.push((r.user_id, r.user_name.clone()));
        }
    }
    names
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let month = Memo::new(move |_| month_from_query(query.with(|q| q.get("month")), this_month()));
    let notice = RwSignal::new(None::<AnyText>);
    let members = people();
    let records = LocalResource::new(move || {
        let m = month.get().to_string();
        async move { api.attendance(&m).await }
    });
    // The month's summary of each person, as the server computes it (`/attendance/summary`).
    let sums = LocalResource::new(move || {
        let m = month.get().to_string();
        let names = members.get();
        let listed = records.get();
        async move {
            let (Some(names), Some(Ok(listed))) = (names, listed) else {
                return None;
            };
            let names = named(&names, &listed.items);
            let asked = names.iter().map(|(id, _)| api.attendance_summary(&m, *id));
            let got = futures::future::join_all(asked).await;
            Some(
                names
                    .into_iter()
                    .zip(got)
                    .filter_map(|((_, name), s)| s.ok().map(|s| (name, s)))
                    .collect::<Vec<(String, AttendanceSummary)>>(),
            )
        }
    });
    let errors = FormErrors::new();
    let person = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let kind = RwSignal::new(AttendanceKind::Absent.as_str().to_owned());
    let note = RwSignal::new(String::new());
    let record = Submit::new(
        errors,
        &["user_id", "date", "kind", "note"],
        move |r: AttendanceRequest| async move {
            api.record_attendance(&r).await.map(|_| {
                note.set(String::new());
                notice.set(Some(S::Recorded.into()));
                records.refetch();
            })
        },
    );
    let remove = Submit::new(errors, &[], move |id: i64| async move {
        api.remove_attendance(id).await.map(|_| {
            notice.set(Some(S::Removed.into()));
            records.refetch();
        })
    });
    let choices = Signal::derive(move || {
        let mut out = vec![Choice::new("", i18n.t(Msg::NoneOption))];
        if let Some(list) = members.get() {
            out.extend(list.into_iter().map(|(id, n)| Choice::new(id, n)));
        }
        out
    });
    let kinds = text_choices(
        AttendanceKind::ALL
            .iter()
            .map(|k| (k.as_str(), attendance_kind_msg(*k)))
            .collect(),
        None,
    );
    let send = move |_| {
        notice.set(None);
        let Ok(user_id) = person.get_untracked().parse::<i64>() else {
            return record.invalid(vec![local_error(i18n, "user_id", Msg::ErrRequired)]);
        };
        let Some(d) = parse_date(&date.get_untracked()) else {
            return record.invalid(vec![local_error(i18n, "date", Msg::ErrRequired)]);
        };
        record.submit(AttendanceRequest {
            user_id,
            date: d,
            kind: kind
                .get_untracked()
                .parse()
                .unwrap_or(AttendanceKind::Absent),
            note: non_empty(&note.get_untracked()),
        });
    };
    let body = move || {
        let result = records.get()?;
        let sums = sums.get().flatten().unwrap_or_default();
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) => {
                view! {
                    <h2>{move || i18n.t(S::Summary)}</h2>
                    <table class="list" data-testid="attendance-summary">
                        <thead><tr>
                            <th>{move || i18n.t(S::Person)}</th>
                            <th>{move || i18n.t(S::AbsentDays)}</th>
                            <th>{move || i18n.t(S::HalfDays)}</th>
                            <th>{move || i18n.t(S::ScoreOf)}</th>
                        </tr></thead>
                        <tbody>
                            {sums.into_iter().map(|(name, s)| view! {
                                <tr data-testid="summary-row" data-user-id=s.user_id>
                                    <td>{name}</td><td>{s.absent_days}</td><td>{s.half_days}</td>
                                    <td data-testid="summary-score">{pts(s.score)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {if l.items.is_empty() {
                        view! { <p class="muted">{move || i18n.t(S::NoAttendance)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list" data-testid="attendance-records">
                                {l.items.into_iter().map(|r| {
                                    let id = r.id;
                                    let kind = attendance_kind_msg(r.kind);
                                    view! {
                                        <li data-testid="attendance-row" data-id=id>
                                            {r.date.to_string()} " · " <strong>{r.user_name.clone()}</strong> " · "
                                            {move || i18n.t(kind)} {r.note.clone().map(|n| format!(" · {n}"))} " "
                                            <button type="button" class="small danger" data-testid="attendance-remove"
                                                disabled=move || remove.pending().get() on:click=move |_| remove.send(id)>
                                                {move || i18n.t(S::Remove)}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            }
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::AttendanceTitle)}</h1>
            <MonthSwitcher month=month base="/attendance" />
            <Notice notice=notice />
            <div class="card" data-testid="attendance-form">
                <ErrorBanner errors=errors />
                <SelectField label=S::Person name="user_id" testid="attendance-person" value=person choices=choices errors=errors />
                <Field label=S::Date name="date" testid="attendance-date" value=date errors=errors kind="date" required=true />
                <SelectField label=S::Kind name="kind" testid="attendance-kind" value=kind choices=kinds errors=errors />
                <Field label=S::Note name="note" testid="attendance-note" value=note errors=errors />
                <button type="button" class="primary" data-testid="attendance-record" disabled=move || record.pending().get() on:click=send>
                    {move || i18n.t(S::Record)}
                </button>
            </div>
        </section>
        <section class="panel">
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

    fn rec(user_id: i64) -> AttendanceDto {
        serde_json::from_value(serde_json::json!({
            "id": 1, "user_id": user_id, "user_name": "乙", "date": "2026-12-01", "kind": "absent",
            "note": null, "recorded_by": 9, "created_at": "2026-12-01T00:00:00Z"
        }))
        .expect("a record")
    }

    #[test]
    fn the_team_first_then_anyone_else_recorded() {
        let people = vec![(1, "甲".to_owned())];
        let n = named(&people, &[rec(2), rec(2), rec(1)]);
        assert_eq!(n, vec![(1, "甲".to_owned()), (2, "乙".to_owned())]);
    }
}
