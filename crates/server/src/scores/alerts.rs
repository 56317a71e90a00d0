//! The alerts (考核预警, SPEC §6): below 60 in a month, or below 70 three months running
//! (finalized scores only; a run crosses a year's end). The list reads the people and their
//! totals and lets the domain's rule decide; the inbox counts the same alerts in SQL, two
//! statements whatever the number of people.

use std::collections::BTreeMap;

use diesel::prelude::*;
use salesops_domain::Capability;
use salesops_domain::period::Month;
use salesops_domain::scoring::score::{AlertDto, ScoreState, counts, points};
use salesops_domain::scoring::{self, ALERT_BELOW, RUN_BELOW, RUN_MONTHS, previous};

use crate::access::Ctx;
use crate::db::DbConn;
use crate::db::list::{self, Waiting};
use crate::db::schema::{improvement_plans, scores, users};
use crate::error::AppResult;
use crate::scores::queries as q;
use crate::scores::read::{scored_only, scored_people, scored_scope};
use crate::scores::service::month;

/// The alerts of `month`, with an open improvement plan if any.
pub fn alerts(conn: &mut DbConn, ctx: &Ctx, month_text: &str) -> AppResult<Vec<AlertDto>> {
    ctx.require(Capability::ScoresSupervise)?;
    let month = month(month_text)?;
    let people = scored_people(conn, ctx)?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let window = [previous(previous(month)), previous(month), month];
    let texts: Vec<String> = window.iter().map(Month::to_string).collect();
    let mut totals: BTreeMap<i64, Vec<(Month, i64)>> = BTreeMap::new();
    for (user, m, total, state) in q::totals_of(conn, &ids, &texts)? {
        if let (true, Ok(m)) = (counts(state), m.parse::<Month>()) {
            totals.entry(user).or_default().push((m, total));
        }
    }
    let open: Vec<(i64, i64)> = improvement_plans::table
        .filter(improvement_plans::user_id.eq_any(&ids))
        .filter(improvement_plans::state.eq("open"))
        .select((improvement_plans::user_id, improvement_plans::id))
        .load(conn)?;
    let mut out = Vec::new();
    for (user_id, user_name, _, team_name, _) in people {
        let Some(mine) = totals.get(&user_id) else {
            continue;
        };
        for alert in scoring::alerts(month, mine) {
            let figures = alert
                .months
                .iter()
                .filter_map(|m| mine.iter().find(|(t, _)| t.to_string() == *m))
                .map(|(_, p)| points(*p))
                .collect();
            out.push(AlertDto {
                user_id,
                user_name: user_name.clone(),
                team_name: team_name.clone(),
                kind: alert.kind,
                months: alert.months,
                totals: figures,
                open_plan_id: open.iter().find(|(u, _)| *u == user_id).map(|(_, id)| *id),
            });
        }
    }
    Ok(out)
}

diesel::alias!(scores as earlier: EarlierScores);

/// The inbox's count: how many alerts `GET /alerts?month=<last month>` lists (the month the
/// alerts screen opens on), and when the earliest of their month's scores was finalized. The
/// domain's rule in two counts over the month's scores: those below [`ALERT_BELOW`], and those
/// below [`RUN_BELOW`] whose person was below it in each of the months before (the run's
/// months are one score each: a score is unique per person and month). Like the list, it
/// counts the people [`scored_only`] keeps.
pub fn waiting(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::ScoresSupervise)?;
    let month = previous(Month::of(ctx.today()));
    let owners = scored_scope(conn, ctx)?;
    let draft = ScoreState::Draft.as_str();
    let of_month = |below: i64| {
        let query = scores::table
            .inner_join(users::table)
            .filter(scores::month.eq(month.to_string()))
            .filter(scores::state.ne(draft))
            .filter(scores::total.lt(below))
            .into_boxed();
        scored_only!(query, owners.as_deref(), ctx.user_id)
    };
    let below = list::waiting!(conn, of_month(ALERT_BELOW), scores::finalized_at);
    let mut run = of_month(RUN_BELOW);
    let mut before = month;
    for _ in 1..RUN_MONTHS {
        before = previous(before);
        run = run.filter(
            scores::user_id.eq_any(
                earlier
                    .filter(earlier.field(scores::month).eq(before.to_string()))
                    .filter(earlier.field(scores::state).ne(draft))
                    .filter(earlier.field(scores::total).lt(RUN_BELOW))
                    .select(earlier.field(scores::user_id)),
            ),
        );
    }
    let run = list::waiting!(conn, run, scores::finalized_at);
    Ok(Waiting {
        count: below.count + run.count,
        since: [below.since, run.since].into_iter().flatten().min(),
    })
}
