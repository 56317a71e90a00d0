use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::spot_checks::{
    self as rules, Candidate, CreateSpotCheckRequest, SampleItem, SampleQuery, SpotCheckDto,
    SpotCheckResult, SpotCheckSample,
};
use salesops_domain::visits::VisitStatus;
use salesops_domain::{Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{clients, spot_checks, visits};
use crate::error::{AppError, AppResult};
use crate::visits::queries::{self as visits_q, VisitChangeset, VisitRow};
use crate::visits::service::{dto as visit_dto, visit_in_scope};

#[derive(Queryable, Selectable)]
#[diesel(table_name = spot_checks)]
struct SpotCheckRow {
    id: i64,
    visit_id: i64,
    checker_id: i64,
    result: String,
    note: Option<String>,
    created_at: NaiveDateTime,
}

impl SpotCheckRow {
    fn into_dto(self) -> AppResult<SpotCheckDto> {
        Ok(SpotCheckDto {
            id: self.id,
            visit_id: self.visit_id,
            checker_id: self.checker_id,
            result: self
                .result
                .parse()
                .map_err(|_| AppError::Internal(format!("stored result `{}`", self.result)))?,
            note: self.note,
            created_at: clock::utc(self.created_at),
        })
    }
}

/// The members (not the caller) whose visits the caller may check: an admin checks anyone but
/// themself, a manager the members of their teams.
fn checkable_owners(conn: &mut DbConn, principal: &Principal) -> AppResult<Option<Vec<i64>>> {
    principal.require_any(&[Role::Manager, Role::Admin])?;
    Ok(principal.visible_owners(conn)?.map(|mut ids| {
        ids.retain(|id| *id != principal.user_id);
        ids
    }))
}

/// Proposes a random sample of the week's done, unchecked visits; flagged ones come first.
pub fn sample(
    conn: &mut DbConn,
    principal: &Principal,
    query: &SampleQuery,
) -> AppResult<SpotCheckSample> {
    let week: IsoWeek = query
        .week
        .parse()
        .map_err(|_| AppError::validation("week", "invalid", "a week like 2026-W48"))?;
    let owners = checkable_owners(conn, principal)?;
    let checked = spot_checks::table.select(spot_checks::visit_id);
    let mut q = visits::table
        .filter(visits::status.eq(VisitStatus::Done.as_str()))
        .filter(visits::planned_date.ge(week.monday().to_string()))
        .filter(visits::planned_date.le(week.sunday().to_string()))
        .filter(visits::owner_id.ne(principal.user_id))
        .filter(visits::id.ne_all(checked))
        .into_boxed();
    if let Some(ids) = &owners {
        q = q.filter(visits::owner_id.eq_any(ids.clone()));
    }
    let rows: Vec<VisitRow> = q.select(VisitRow::as_select()).load(conn)?;
    let candidates: Vec<Candidate> = rows
        .iter()
        .map(|r| Candidate {
            visit_id: r.id,
            flagged: r.flagged(),
        })
        .collect();
    let seed = query.seed.unwrap_or_else(rand::random);
    let size = query.size.unwrap_or(5) as usize;
    let picked = rules::sample(&candidates, size, seed);
    let chosen: Vec<VisitRow> = picked
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id).cloned())
        .collect();
    let dtos = visits_q::to_dtos(conn, &chosen)?;
    let client_ids: Vec<i64> = chosen.iter().map(|r| r.client_id).collect();
    let phones: Vec<(i64, Option<String>)> = clients::table
        .filter(clients::id.eq_any(&client_ids))
        .select((clients::id, clients::phone))
        .load(conn)?;
    let items = dtos
        .into_iter()
        .map(|visit| {
            let client_phone = phones
                .iter()
                .find(|(id, _)| *id == visit.client_id)
                .and_then(|(_, p)| p.clone());
            SampleItem {
                visit,
                client_phone,
            }
        })
        .collect();
    Ok(SpotCheckSample {
        week: week.to_string(),
        seed,
        items,
    })
}

/// Records a check on a done visit of a team member. `not_confirmed` marks the visit false.
pub fn record(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateSpotCheckRequest,
) -> AppResult<SpotCheckDto> {
    principal.require_any(&[Role::Manager, Role::Admin])?;
    crate::db::transaction(conn, |c| {
        let visit = visit_in_scope(c, principal, req.visit_id).map_err(|_| {
            AppError::validation("visit_id", "not_found", "no such visit in your teams")
        })?;
        if visit.owner_id == principal.user_id {
            return Err(AppError::forbidden("nobody spot-checks their own visits"));
        }
        if !principal.is_admin() && !principal.manages(c, visit.owner_id)? {
            return Err(AppError::validation(
                "visit_id",
                "not_found",
                "no such visit in your teams",
            ));
        }
        if visit.status()? != VisitStatus::Done {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the visit is `{}`; only done visits are checked",
                    visit.status
                ),
            ));
        }
        let exists: bool = diesel::select(diesel::dsl::exists(
            spot_checks::table.filter(spot_checks::visit_id.eq(visit.id)),
        ))
        .get_result(c)?;
        if exists {
            return Err(AppError::conflict(
                "duplicate_spot_check",
                "this visit was already checked",
            ));
        }
        let now = clock::now();
        let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let id: i64 = diesel::insert_into(spot_checks::table)
            .values((
                spot_checks::visit_id.eq(visit.id),
                spot_checks::checker_id.eq(principal.user_id),
                spot_checks::result.eq(req.result.as_str()),
                spot_checks::note.eq(note),
                spot_checks::created_at.eq(now),
            ))
            .returning(spot_checks::id)
            .get_result(c)?;
        if req.result == SpotCheckResult::NotConfirmed {
            let before = visit_dto(c, visit.id)?;
            let changes = VisitChangeset {
                false_report: Some(true),
                updated_at: Some(now),
                ..Default::default()
            };
            visits_q::update_if_version(c, visit.id, visit.version, &changes)?;
            let after = visit_dto(c, visit.id)?;
            audit::record(
                c,
                &Actor::from(principal),
                "visit.false_report",
                "visit",
                visit.id,
                Some(&before),
                Some(&after),
            )?;
        }
        let dto = find(c, id)?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "spot_check.create",
            "spot_check",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}

fn find(conn: &mut DbConn, id: i64) -> AppResult<SpotCheckDto> {
    spot_checks::table
        .find(id)
        .select(SpotCheckRow::as_select())
        .first(conn)?
        .into_dto()
}

/// Checks on visits the caller may see, newest first.
pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    page: PageQuery,
) -> AppResult<Page<SpotCheckDto>> {
    principal.require_any(&[Role::Salesperson, Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
    let build = || {
        let mut q = spot_checks::table.into_boxed();
        if let Some(ids) = &owners {
            q = q.filter(
                spot_checks::visit_id.eq_any(
                    visits::table
                        .filter(visits::owner_id.eq_any(ids.clone()))
                        .select(visits::id),
                ),
            );
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows: Vec<SpotCheckRow> = build()
        .select(SpotCheckRow::as_select())
        .order((spot_checks::created_at.desc(), spot_checks::id.desc()))
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(SpotCheckRow::into_dto)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page::new(items, total, page))
}
