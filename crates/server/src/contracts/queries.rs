//! Diesel queries for contracts and their schedule lines in force. A contract's owner is its
//! client's (joined, never copied).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::deals::{
    ContractDto, ContractListQuery, ContractState, ScheduleItem, ScheduleLineDto,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{clients, contract_lines, contracts, users};
use crate::db::types::Json;
use crate::db::{DbConn, MultiBackend, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contracts)]
pub struct ContractRow {
    pub id: i64,
    pub client_id: i64,
    pub project_id: Option<i64>,
    pub number: String,
    pub title: String,
    pub amount_fen: i64,
    pub schedule: Json<Vec<ScheduleItem>>,
    pub state: ContractState,
    pub version: i64,
    pub revision: i32,
    pub signed_revision: Option<i32>,
    pub signed_on: Option<NaiveDate>,
    pub signed_amount_fen: Option<i64>,
    pub received_fen: i64,
    pub reviewed_by: Option<i64>,
    pub review_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A contract with its client's owner and the names shown.
#[derive(Debug, Clone)]
pub struct Contract {
    pub row: ContractRow,
    pub owner_id: i64,
    pub client_name: String,
    pub owner_name: String,
}

type Joined = (ContractRow, i64, String, String);

impl From<Joined> for Contract {
    fn from((row, owner_id, client_name, owner_name): Joined) -> Contract {
        Contract {
            row,
            owner_id,
            client_name,
            owner_name,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contract_lines)]
pub struct LineRow {
    pub id: i64,
    pub contract_id: i64,
    pub position: i32,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub label: String,
    pub received_fen: i64,
}

impl LineRow {
    pub fn outstanding(&self) -> i64 {
        (self.amount_fen - self.received_fen).max(0)
    }

    fn to_dto(&self) -> ScheduleLineDto {
        ScheduleLineDto {
            id: self.id,
            position: self.position,
            due_on: self.due_on,
            amount_fen: self.amount_fen,
            label: self.label.clone(),
            received_fen: self.received_fen,
            outstanding_fen: self.outstanding(),
        }
    }
}

impl Contract {
    pub fn to_dto(&self, lines: &[LineRow]) -> ContractDto {
        let r = &self.row;
        ContractDto {
            id: r.id,
            client_id: r.client_id,
            client_name: self.client_name.clone(),
            project_id: r.project_id,
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            number: r.number.clone(),
            title: r.title.clone(),
            amount_fen: r.amount_fen,
            schedule: r.schedule.0.clone(),
            state: r.state,
            version: r.version,
            revision: r.revision,
            signed_revision: r.signed_revision,
            signed_on: r.signed_on,
            signed_amount_fen: r.signed_amount_fen,
            lines: lines.iter().map(LineRow::to_dto).collect(),
            received_fen: r.received_fen,
            outstanding_fen: r
                .signed_amount_fen
                .map_or(0, |a| (a - r.received_fen).max(0)),
            reviewed_by: r.reviewed_by,
            review_comment: r.review_comment.clone(),
            created_at: clock::utc(r.created_at),
            updated_at: clock::utc(r.updated_at),
        }
    }
}

/// The columns an edit or a step sets besides the state and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = contracts)]
pub struct ContractChangeset {
    pub state: Option<&'static str>,
    pub project_id: Option<Option<i64>>,
    pub number: Option<String>,
    pub title: Option<String>,
    pub amount_fen: Option<i64>,
    pub schedule: Option<String>,
    pub revision: Option<i32>,
    pub signed_revision: Option<Option<i32>>,
    pub signed_on: Option<Option<String>>,
    pub signed_amount_fen: Option<Option<i64>>,
    pub reviewed_by: Option<Option<i64>>,
    pub review_comment: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = contracts)]
pub struct NewContract {
    pub client_id: i64,
    pub project_id: Option<i64>,
    pub number: String,
    pub title: String,
    pub amount_fen: i64,
    pub schedule: String,
    pub state: &'static str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

macro_rules! joined {
    () => {
        contracts::table.inner_join(clients::table.inner_join(users::table))
    };
}

fn select() -> (
    diesel::dsl::AsSelect<ContractRow, MultiBackend>,
    clients::owner_id,
    clients::name,
    users::display_name,
) {
    (
        ContractRow::as_select(),
        clients::owner_id,
        clients::name,
        users::display_name,
    )
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Contract>> {
    joined!()
        .filter(contracts::id.eq(id))
        .select(select())
        .first::<Joined>(conn)
        .optional()
        .map(|o| o.map(Contract::from))
}

/// The lines in force, oldest first (by due date, then position): the order payments fill.
pub fn lines(conn: &mut DbConn, contract_id: i64) -> QueryResult<Vec<LineRow>> {
    contract_lines::table
        .filter(contract_lines::contract_id.eq(contract_id))
        .order((
            contract_lines::due_on.asc(),
            contract_lines::position.asc(),
            contract_lines::id.asc(),
        ))
        .select(LineRow::as_select())
        .load(conn)
}

/// The contract as the API shows it.
pub fn dto(conn: &mut DbConn, id: i64) -> AppResult<ContractDto> {
    let contract = find(conn, id)?.ok_or(AppError::NotFound("contract"))?;
    let lines = lines(conn, id)?;
    Ok(contract.to_dto(&lines))
}

pub fn insert(tx: &mut Tx<'_>, new: &NewContract) -> QueryResult<i64> {
    diesel::insert_into(contracts::table)
        .values(new)
        .returning(contracts::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ContractChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        contracts::table
            .find(id)
            .filter(contracts::version.eq(version)),
    )
    .set((changes, contracts::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// Whether another contract has this number.
pub fn number_taken(conn: &mut DbConn, number: &str, except: Option<i64>) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        contracts::table
            .filter(contracts::number.eq(number))
            .filter(contracts::id.ne(except.unwrap_or(0))),
    ))
    .get_result(conn)
}

/// 422 on `contract_id` unless the contract is the client's (a collection names one of the
/// client's own contracts).
pub fn ensure_of_client(conn: &mut DbConn, contract_id: i64, client_id: i64) -> AppResult<()> {
    let of_client: bool = diesel::select(diesel::dsl::exists(
        contracts::table
            .filter(contracts::id.eq(contract_id))
            .filter(contracts::client_id.eq(client_id)),
    ))
    .get_result(conn)?;
    if of_client {
        Ok(())
    } else {
        Err(AppError::validation(
            "contract_id",
            "not_of_client",
            "not a contract of this client",
        ))
    }
}

/// The lines of many contracts at once (a list page), oldest first within each.
fn lines_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<LineRow>> {
    contract_lines::table
        .filter(contract_lines::contract_id.eq_any(ids.to_vec()))
        .order((
            contract_lines::contract_id.asc(),
            contract_lines::due_on.asc(),
            contract_lines::position.asc(),
        ))
        .select(LineRow::as_select())
        .load(conn)
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &ContractListQuery,
    states: Option<&[ContractState]>,
    exclude_owner: Option<i64>,
    page: &PageQuery,
) -> AppResult<Page<ContractDto>> {
    let build = || {
        let mut q = joined!().into_boxed();
        if let Some(ids) = owners {
            q = q.filter(clients::owner_id.eq_any(ids.to_vec()));
        }
        if let Some(c) = filter.client_id {
            q = q.filter(contracts::client_id.eq(c));
        }
        if let Some(p) = filter.project_id {
            q = q.filter(contracts::project_id.eq(p));
        }
        if let Some(o) = filter.owner_id {
            q = q.filter(clients::owner_id.eq(o));
        }
        if let Some(s) = filter.state {
            q = q.filter(contracts::state.eq(s.as_str()));
        }
        if let Some(states) = states {
            q = q.filter(
                contracts::state.eq_any(states.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
            );
        }
        if let Some(me) = exclude_owner {
            q = q.filter(clients::owner_id.ne(me));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = contracts::id,
        changed = contracts::updated_at,
        order = contracts::id.desc(),
        select = select(),
    );
    let ids: Vec<i64> = fetched.rows.iter().map(|j: &Joined| j.0.id).collect();
    let all_lines = lines_of(conn, &ids)?;
    fetched.into_page(page, |j: Joined| {
        let contract = Contract::from(j);
        let mine: Vec<LineRow> = all_lines
            .iter()
            .filter(|l| l.contract_id == contract.row.id)
            .cloned()
            .collect();
        Ok::<_, AppError>(contract.to_dto(&mine))
    })
}

/// What `owner`'s contracts signed `from..=to` are worth (the signed amounts; 分).
pub fn signed_between(
    conn: &mut DbConn,
    owner: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<i64> {
    let amounts: Vec<Option<i64>> = contracts::table
        .inner_join(clients::table)
        .filter(clients::owner_id.eq(owner))
        .filter(contracts::signed_on.ge(from.to_string()))
        .filter(contracts::signed_on.le(to.to_string()))
        .select(contracts::signed_amount_fen)
        .load(conn)?;
    Ok(amounts
        .into_iter()
        .flatten()
        .fold(0_i64, i64::saturating_add))
}

/// [`signed_between`] for everyone at once: per owner, what their contracts signed
/// `from..=to` are worth (owners with nothing signed are absent).
pub fn signed_per_owner_between(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, Option<i64>)> = contracts::table
        .inner_join(clients::table)
        .filter(contracts::signed_on.ge(from.to_string()))
        .filter(contracts::signed_on.le(to.to_string()))
        .select((clients::owner_id, contracts::signed_amount_fen))
        .load(conn)?;
    let mut out = std::collections::HashMap::new();
    for (owner, amount) in rows {
        let sum: &mut i64 = out.entry(owner).or_insert(0);
        *sum = sum.saturating_add(amount.unwrap_or(0));
    }
    Ok(out)
}

/// What was received `from..=to` on `owner`'s contracts (分).
pub fn received_between(
    conn: &mut DbConn,
    owner: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<i64> {
    use crate::db::schema::contract_payments;
    let amounts: Vec<i64> = contract_payments::table
        .inner_join(contracts::table.inner_join(clients::table))
        .filter(clients::owner_id.eq(owner))
        .filter(contract_payments::received_on.ge(from.to_string()))
        .filter(contract_payments::received_on.le(to.to_string()))
        .select(contract_payments::amount_fen)
        .load(conn)?;
    Ok(amounts.into_iter().fold(0_i64, i64::saturating_add))
}
