//! Rubric use cases: everyone signed in reads them (the rules people are scored by are no
//! secret); an admin adds a version.

use salesops_domain::Capability;
use salesops_domain::scoring::rubric::{RubricDto, RubricListQuery, RubricRequest, check_items};

use crate::access::Ctx;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::rubrics::queries as q;

fn load(conn: &mut DbConn, id: i64) -> AppResult<RubricDto> {
    Ok(q::find(conn, id)?
        .ok_or(AppError::NotFound("rubric"))?
        .to_dto())
}

pub fn list(conn: &mut DbConn, _ctx: &Ctx, filter: &RubricListQuery) -> AppResult<Vec<RubricDto>> {
    Ok(q::list(conn, filter.role)?
        .iter()
        .map(q::RubricRow::to_dto)
        .collect())
}

pub fn get(conn: &mut DbConn, _ctx: &Ctx, id: i64) -> AppResult<RubricDto> {
    load(conn, id)
}

/// A new version of the role's rubric, numbered after the last; items add up to 100.
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &RubricRequest) -> AppResult<RubricDto> {
    ctx.require(Capability::RubricsManage)?;
    check_items(&req.items)
        .map_err(|(field, code, message)| AppError::validation(&field, code, &message))?;
    let mut items = req.items.clone();
    for item in &mut items {
        item.title_zh = salesops_domain::text::trim(&item.title_zh).to_owned();
        item.title_en = salesops_domain::text::trim(&item.title_en).to_owned();
    }
    db::write(conn, |tx| {
        audit::created(
            tx,
            &ctx.actor(),
            "rubric.create",
            "rubric",
            |tx| {
                let version = q::next_version(tx, req.role)?;
                q::insert(
                    tx,
                    req.role,
                    version,
                    &req.effective_from,
                    &items,
                    Some(ctx.user_id),
                    ctx.now,
                )
            },
            load,
        )
    })
}
