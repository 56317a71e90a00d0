//! Weekly and monthly reports as workflow documents (salesops_domain::reports).

use chrono::NaiveDateTime;
use salesops_domain::reports::{
    MONTHLY_REPORT_FLOW, MonthlyReportDto, ReportAction, ReportState, WEEKLY_REPORT_FLOW,
    WeeklyReportDto,
};
use salesops_domain::workflow::Flow;

use crate::access::Ctx;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::reports::monthly::{self, MonthlyChanges, MonthlyReportRow};
use crate::reports::queries::{self as q, ReportChangeset, WeeklyReportRow};
use crate::reports::service;
use crate::workflow::Document;

impl Document for WeeklyReportRow {
    type State = ReportState;
    type Action = ReportAction;
    type Dto = WeeklyReportDto;
    type Changes = ReportChangeset;

    const FLOW: &'static Flow<ReportState, ReportAction> = &WEEKLY_REPORT_FLOW;

    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<WeeklyReportRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> ReportState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, conn: &mut DbConn, ctx: &Ctx) -> AppResult<WeeklyReportDto> {
        service::dto(conn, self, ctx.tz())
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ReportState,
        mut changes: ReportChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}

impl Document for MonthlyReportRow {
    type State = ReportState;
    type Action = ReportAction;
    type Dto = MonthlyReportDto;
    type Changes = MonthlyChanges;

    const FLOW: &'static Flow<ReportState, ReportAction> = &MONTHLY_REPORT_FLOW;

    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<MonthlyReportRow>> {
        monthly::find(conn, id)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> ReportState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, _: &mut DbConn, _: &Ctx) -> AppResult<MonthlyReportDto> {
        self.to_dto()
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ReportState,
        mut changes: MonthlyChanges,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        monthly::update_if_version(tx, id, version, &changes)
    }
}
