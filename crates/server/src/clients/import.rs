//! `POST /clients/import`: a CSV (UTF-8 or GBK) or an Excel workbook (.xlsx, its first
//! sheet) with a header row in English or Chinese, at most [`MAX_ROWS`] data rows.
//!
//! Both runs first check every row with reads only: validation, owners, duplicates within the
//! file and against the clients on file (撞单), in a few batched queries. A dry run stops there
//! and takes no write lock. A real run then writes the valid, non-duplicate rows in one
//! transaction: on PostgreSQL it locks `clients` against other claims (see
//! `clients::service::lock_keys`) and looks for duplicates once more, then inserts in batches
//! (multi-row INSERTs of clients, history and search keys), each client with its audit event.
//! A transaction that runs past [`WRITE_TIME_LIMIT`] is rolled back whole.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::cadence::{CadenceInput, next_due};
use salesops_domain::client_changes::{ImportDuplicate, ImportReport, ImportRowError};
use salesops_domain::clients::{CreateClientRequest, Credit, SourceChannel, Stage, Tier};
use salesops_domain::phone::duplicate_key;
use validator::Validate;

use crate::access::Actor;
use crate::access::Ctx;
use crate::audit;
use crate::clients::queries::{self as q, ClientRow};
use crate::clients::scope::local_day;
use crate::clients::service::{phone_keys, resolve_owner};
use crate::clients::{csv, scope, search, xlsx};
use crate::db::schema::{client_history, clients};
use crate::db::{DbConn, Tx, on_inner};
use crate::error::{AppError, AppResult};
use salesops_domain::text::clean;

/// The most data rows one import takes; a larger file answers 422 `too_many_rows`.
pub const MAX_ROWS: usize = 20_000;

/// How long the real run's write transaction may take before it is rolled back (and the caller
/// told to import smaller parts): it holds SQLite's write lock, and on PostgreSQL it keeps
/// other claims of clients waiting.
pub const WRITE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Clients per multi-row INSERT: 24 columns each, well under either backend's bind limit.
const INSERT_ROWS: usize = 250;

/// Phones or company + name keys looked up per duplicate query.
const LOOKUP_KEYS: usize = 500;

/// Header names accepted for each field (compared lower-case, trimmed).
const HEADERS: &[(&str, &[&str])] = &[
    ("name", &["name", "姓名", "联系人", "客户姓名"]),
    ("company", &["company", "公司", "单位", "公司名称"]),
    ("position", &["position", "职位", "职务"]),
    ("phone", &["phone", "电话", "手机", "联系电话", "手机号"]),
    ("phone2", &["phone2", "电话2", "备用电话", "座机"]),
    ("email", &["email", "邮箱", "电子邮件"]),
    ("address", &["address", "地址"]),
    ("region", &["region", "区域", "地区"]),
    ("industry", &["industry", "行业"]),
    ("source", &["source", "来源", "客户来源"]),
    ("tier", &["tier", "级别", "客户级别", "客户类型"]),
    ("stage", &["stage", "阶段"]),
    ("credit", &["credit", "信用", "信誉"]),
    ("needs", &["needs", "需求", "需求意向"]),
    ("interests", &["interests", "决策人兴趣", "兴趣爱好"]),
    ("owner_id", &["owner_id", "负责人id", "业务员id"]),
    ("latitude", &["latitude", "纬度"]),
    ("longitude", &["longitude", "经度"]),
];

fn field_of(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{FEFF}').to_lowercase();
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// An enum cell: its English key or its Chinese label.
fn enum_cell<T: Copy + std::str::FromStr>(
    raw: &str,
    all: &[T],
    label: fn(T) -> &'static str,
) -> Option<T> {
    let v = raw.trim();
    v.to_lowercase()
        .parse()
        .ok()
        .or_else(|| all.iter().copied().find(|t| label(*t) == v))
}

/// A cell as written, without the `'` our own export puts before `+`, `-`, `=`, `@`.
fn cell_text(raw: &str) -> Option<String> {
    let v = raw.trim();
    let v = match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => v,
    };
    clean(Some(v))
}

/// Reads one row into a request; errors name the field.
fn read_row(
    columns: &[Option<&'static str>],
    cells: &[String],
) -> Result<CreateClientRequest, Vec<(String, String, String)>> {
    let mut req = CreateClientRequest::default();
    let mut errors = Vec::new();
    let bad = |field: &str, msg: &str| (field.to_owned(), "invalid".to_owned(), msg.to_owned());
    for (col, raw) in columns.iter().zip(cells) {
        let (Some(field), Some(text)) = (col, cell_text(raw)) else {
            continue;
        };
        match *field {
            "name" => req.name = text,
            "company" => req.company = Some(text),
            "position" => req.position = Some(text),
            "phone" => req.phone = Some(text),
            "phone2" => req.phone2 = Some(text),
            "email" => req.email = Some(text),
            "address" => req.address = Some(text),
            "region" => req.region = Some(text),
            "industry" => req.industry = Some(text),
            "needs" => req.needs = Some(text),
            "interests" => req.interests = Some(text),
            "source" => match enum_cell(&text, SourceChannel::ALL, SourceChannel::label_zh) {
                Some(v) => req.source = v,
                None => errors.push(bad("source", "unknown source channel")),
            },
            "tier" => match enum_cell(&text, Tier::ALL, Tier::label_zh) {
                Some(v) => req.tier = v,
                None => errors.push(bad("tier", "must be key/大客户 or general/一般客户")),
            },
            "stage" => match enum_cell(&text, Stage::ALL, Stage::label_zh) {
                Some(v) => req.stage = v,
                None => errors.push(bad("stage", "unknown stage")),
            },
            "credit" => match enum_cell(&text, Credit::ALL, Credit::label_zh) {
                Some(v) => req.credit = v,
                None => errors.push(bad("credit", "unknown credit rating")),
            },
            "owner_id" => match text.parse() {
                Ok(v) => req.owner_id = Some(v),
                Err(_) => errors.push(bad("owner_id", "must be a user id")),
            },
            "latitude" => match text.parse() {
                Ok(v) => req.latitude = Some(v),
                Err(_) => errors.push(bad("latitude", "must be a number")),
            },
            "longitude" => match text.parse() {
                Ok(v) => req.longitude = Some(v),
                Err(_) => errors.push(bad("longitude", "must be a number")),
            },
            _ => {}
        }
    }
    if let Err(e) = req.validate() {
        for fe in salesops_domain::problem::field_errors(&e) {
            errors.push((fe.field, fe.code, fe.message));
        }
    }
    if errors.is_empty() {
        Ok(req)
    } else {
        Err(errors)
    }
}

/// Rows of a file, each with the line (CSV) or row (sheet) it starts on.
type Rows = Vec<(u32, Vec<String>)>;

/// The upload's non-blank rows, at most `MAX_ROWS + 2` (the header, the cap and one more to
/// tell it was passed); and the encoding (`utf-8`, `gbk` or `xlsx`).
fn read_rows(body: &[u8], content_type: &str) -> AppResult<(Rows, String)> {
    let limit = MAX_ROWS + 2;
    if xlsx::is_xls(body) {
        return Err(AppError::validation(
            "body",
            "xls",
            "the old .xls format is not read: save the workbook as .xlsx (or as CSV) and import that",
        ));
    }
    if xlsx::is_xlsx(body, content_type) {
        return Ok((xlsx::rows(body, limit)?, "xlsx".to_owned()));
    }
    let (text, encoding) = csv::decode(body);
    let mut rows = Vec::new();
    for record in csv::records(&text) {
        let (line, cells) = record?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, cells));
        if rows.len() >= limit {
            break;
        }
    }
    Ok((rows, encoding.to_owned()))
}

/// A row that passed validation, with its owner and duplicate keys.
struct Candidate {
    row: u32,
    req: CreateClientRequest,
    owner: i64,
    phones: Vec<String>,
    dup_key: Option<String>,
}

/// The first client on file (lowest id) for each phone and each company + name key:
/// `(id, owner_id)`.
#[derive(Default)]
struct OnFile {
    phones: HashMap<String, (i64, i64)>,
    keys: HashMap<String, (i64, i64)>,
}

impl OnFile {
    /// Looks up every phone and key of `candidates`, [`LOOKUP_KEYS`] values a query. On the
    /// backend's own connection: PostgreSQL then gets `= ANY($1)`, one array, whose cached
    /// generic plan reads the indexes; MultiConnection writes `IN ($1, … $500)`, which a generic
    /// plan made while the table was small scans in full, comparing every row with every value.
    fn find(conn: &mut DbConn, candidates: &[Candidate]) -> AppResult<OnFile> {
        let mut phones: Vec<String> = candidates.iter().flat_map(|c| c.phones.clone()).collect();
        phones.sort_unstable();
        phones.dedup();
        let mut keys: Vec<String> = candidates
            .iter()
            .filter_map(|c| c.dup_key.clone())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut found = OnFile::default();
        for chunk in phones.chunks(LOOKUP_KEYS) {
            let wanted: HashSet<&str> = chunk.iter().map(String::as_str).collect();
            let query = clients::table
                .filter(
                    clients::phone_norm
                        .eq_any(chunk)
                        .or(clients::phone2_norm.eq_any(chunk)),
                )
                .select((
                    clients::id,
                    clients::owner_id,
                    clients::phone_norm,
                    clients::phone2_norm,
                ))
                .order(clients::id.asc());
            let rows: Vec<(i64, i64, Option<String>, Option<String>)> =
                on_inner!(&mut *conn, |c| query.load(c)?);
            for (id, owner, p1, p2) in rows {
                for p in [p1, p2].into_iter().flatten() {
                    if wanted.contains(p.as_str()) {
                        found.phones.entry(p).or_insert((id, owner));
                    }
                }
            }
        }
        for chunk in keys.chunks(LOOKUP_KEYS) {
            let query = clients::table
                .filter(clients::dup_key.eq_any(chunk))
                .select((clients::id, clients::owner_id, clients::dup_key))
                .order(clients::id.asc());
            let rows: Vec<(i64, i64, Option<String>)> = on_inner!(&mut *conn, |c| query.load(c)?);
            for (id, owner, key) in rows {
                if let Some(k) = key {
                    found.keys.entry(k).or_insert((id, owner));
                }
            }
        }
        Ok(found)
    }

    /// The client on file that `c` would duplicate: `(id, owner_id, field)`; a phone first,
    /// the lowest id, as `clients::queries::find_duplicate` answers for one client.
    fn duplicate_of(&self, c: &Candidate) -> Option<(i64, i64, &'static str)> {
        c.phones
            .iter()
            .filter_map(|p| self.phones.get(p))
            .min()
            .map(|(id, owner)| (*id, *owner, "phone"))
            .or_else(|| {
                c.dup_key
                    .as_ref()
                    .and_then(|k| self.keys.get(k))
                    .map(|(id, owner)| (*id, *owner, "company_name"))
            })
    }
}

/// Whether the caller may see clients of `owner`, asked once per owner.
fn visible(
    conn: &mut DbConn,
    ctx: &Ctx,
    cache: &mut HashMap<i64, bool>,
    owner: i64,
) -> AppResult<bool> {
    if let Some(v) = cache.get(&owner) {
        return Ok(*v);
    }
    let v = ctx.may_access_owner(conn, owner)?;
    cache.insert(owner, v);
    Ok(v)
}

/// Reads, validates and checks every row, with reads only. Fills the report's errors and
/// duplicates; returns the rows to import.
fn check(
    conn: &mut DbConn,
    ctx: &Ctx,
    columns: &[Option<&'static str>],
    rows: &[(u32, Vec<String>)],
    report: &mut ImportReport,
) -> AppResult<Vec<Candidate>> {
    let mut owners: HashMap<Option<i64>, Result<i64, String>> = HashMap::new();
    let mut candidates = Vec::new();
    for (row, cells) in rows {
        let req = match read_row(columns, cells) {
            Ok(r) => r,
            Err(errs) => {
                report
                    .errors
                    .extend(
                        errs.into_iter()
                            .map(|(field, code, message)| ImportRowError {
                                row: *row,
                                field,
                                code,
                                message,
                            }),
                    );
                continue;
            }
        };
        let owner = match owners.get(&req.owner_id) {
            Some(o) => o.clone(),
            None => {
                let o = match resolve_owner(conn, ctx, req.owner_id) {
                    Ok(o) => Ok(o),
                    Err(e @ (AppError::Validation(_) | AppError::Forbidden { .. })) => Err(e
                        .problem()
                        .errors
                        .first()
                        .map_or_else(|| e.to_string(), |f| f.message.clone())),
                    Err(e) => return Err(e),
                };
                owners.insert(req.owner_id, o.clone());
                o
            }
        };
        let owner = match owner {
            Ok(o) => o,
            Err(message) => {
                report.errors.push(ImportRowError {
                    row: *row,
                    field: "owner_id".to_owned(),
                    code: "not_in_scope".to_owned(),
                    message,
                });
                continue;
            }
        };
        let phones = phone_keys(req.phone.as_deref(), req.phone2.as_deref());
        let dup_key = duplicate_key(req.company.as_deref(), &req.name);
        candidates.push(Candidate {
            row: *row,
            req,
            owner,
            phones,
            dup_key,
        });
    }
    let on_file = OnFile::find(conn, &candidates)?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut visibility = HashMap::new();
    let mut accepted = Vec::new();
    for c in candidates {
        let mut keys: Vec<(String, &str)> = c
            .phones
            .iter()
            .map(|p| (format!("p:{p}"), "phone"))
            .collect();
        keys.extend(c.dup_key.iter().map(|k| (format!("k:{k}"), "company_name")));
        if let Some((field, earlier)) = keys.iter().find_map(|(k, f)| seen.get(k).map(|r| (*f, *r)))
        {
            report.duplicates.push(ImportDuplicate {
                row: c.row,
                field: field.to_owned(),
                existing_client_id: None,
                duplicate_of_row: Some(earlier),
            });
            continue;
        }
        if let Some((id, owner, field)) = on_file.duplicate_of(&c) {
            let shown = visible(conn, ctx, &mut visibility, owner)?;
            report.duplicates.push(ImportDuplicate {
                row: c.row,
                field: field.to_owned(),
                existing_client_id: shown.then_some(id),
                duplicate_of_row: None,
            });
            continue;
        }
        for (k, _) in keys {
            seen.insert(k, c.row);
        }
        accepted.push(c);
    }
    Ok(accepted)
}

pub fn import(
    conn: &mut DbConn,
    ctx: &Ctx,
    body: &[u8],
    content_type: &str,
    dry_run: bool,
) -> AppResult<ImportReport> {
    let tz = ctx.tz();
    scope::require_client_role(ctx)?;
    let (rows, encoding) = read_rows(body, content_type)?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(AppError::validation(
            "body",
            "empty",
            "the file has no header row",
        ));
    };
    let columns: Vec<Option<&'static str>> = header.iter().map(|h| field_of(h)).collect();
    if !columns.contains(&Some("name")) {
        return Err(AppError::validation(
            "header",
            "required",
            "the header row needs a name column (name / 姓名 / 联系人)",
        ));
    }
    let rows: Vec<(u32, Vec<String>)> = rows.collect();
    if rows.len() > MAX_ROWS {
        return Err(AppError::TooManyRows {
            field: "body",
            detail: format!(
                "the file has more than {MAX_ROWS} rows; import at most {MAX_ROWS} rows at a \
                 time (split the file)"
            ),
        });
    }
    let mut report = ImportReport {
        dry_run,
        encoding,
        rows: rows.len() as u32,
        valid: 0,
        imported: 0,
        skipped: 0,
        errors: Vec::new(),
        duplicates: Vec::new(),
        created_ids: Vec::new(),
    };
    // Reads only, outside any transaction: a dry run never takes the write lock.
    let accepted = check(conn, ctx, &columns, &rows, &mut report)?;
    report.valid = accepted.len() as u32;
    report.skipped = report.rows - report.valid;
    if dry_run {
        return Ok(report);
    }
    let started = Instant::now();
    crate::db::write(conn, |c| {
        write(c, ctx, accepted, &mut report, started, tz)?;
        audit::record::<(), _>(
            c,
            &ctx.actor(),
            "client.import",
            "client",
            "import",
            None,
            Some(&report),
        )
    })?;
    Ok(report)
}

/// The write transaction of a real run.
fn write(
    conn: &mut Tx<'_>,
    ctx: &Ctx,
    accepted: Vec<Candidate>,
    report: &mut ImportReport,
    started: Instant,
    tz: chrono_tz::Tz,
) -> AppResult<()> {
    if let DbConn::Postgres(pg) = conn.conn() {
        // Single claims take ROW EXCLUSIVE before their own duplicate check, so each claim
        // either ends before this lock is granted (and is seen below) or waits for the import.
        diesel::sql_query("LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE").execute(pg)?;
    }
    // Clients stored since the check (SQLite: before this transaction took the write lock).
    let on_file = OnFile::find(conn, &accepted)?;
    let mut visibility = HashMap::new();
    let mut rows = Vec::with_capacity(accepted.len());
    for c in accepted {
        match on_file.duplicate_of(&c) {
            Some((id, owner, field)) => {
                let shown = visible(conn, ctx, &mut visibility, owner)?;
                report.duplicates.push(ImportDuplicate {
                    row: c.row,
                    field: field.to_owned(),
                    existing_client_id: shown.then_some(id),
                    duplicate_of_row: None,
                });
            }
            None => rows.push(c),
        }
    }
    report.duplicates.sort_by_key(|d| d.row);
    report.valid = rows.len() as u32;
    report.skipped = report.rows - report.valid;
    let actor = ctx.actor();
    let now = ctx.now;
    for batch in rows.chunks(INSERT_ROWS) {
        if started.elapsed() > WRITE_TIME_LIMIT {
            return Err(AppError::TooManyRows {
                field: "body",
                detail: format!(
                    "the import did not finish within {} seconds and was undone, nothing was \
                     imported; import the file in smaller parts",
                    WRITE_TIME_LIMIT.as_secs()
                ),
            });
        }
        let ids = insert_batch(conn, &actor, batch, now, tz)?;
        report.created_ids.extend(ids);
    }
    report.imported = report.created_ids.len() as u32;
    Ok(())
}

/// A new client as one row of a multi-row INSERT (a NULL is written as NULL, never DEFAULT,
/// which SQLite's multi-row INSERT cannot take).
#[derive(Insertable)]
#[diesel(table_name = clients, treat_none_as_default_value = false)]
struct ImportedClient {
    name: String,
    company: Option<String>,
    position: Option<String>,
    phone: Option<String>,
    phone2: Option<String>,
    phone_norm: Option<String>,
    phone2_norm: Option<String>,
    dup_key: Option<String>,
    email: Option<String>,
    address: Option<String>,
    region: Option<String>,
    industry: Option<String>,
    source: &'static str,
    tier: &'static str,
    stage: &'static str,
    credit: &'static str,
    needs: Option<String>,
    interests: Option<String>,
    owner_id: i64,
    latitude: Option<f64>,
    longitude: Option<f64>,
    next_due: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The next due date of a client entered `now` (what `clients::cadence::refresh` computes for
/// a client with no follow-ups, whose stage and credit were set at creation).
fn first_due(tier: Tier, stage: Stage, now: NaiveDateTime, tz: chrono_tz::Tz) -> Option<String> {
    let today = local_day(now, tz);
    next_due(&CadenceInput {
        tier,
        stage,
        archived: false,
        created_on: today,
        last_contact: None,
        explicit_next: None,
        sale_date: (stage == Stage::Customer).then_some(today),
        after_sale_contacts: Vec::new(),
        in_design_project: false,
    })
    .map(|d| d.format("%Y-%m-%d").to_string())
}

/// Inserts one batch of clients with their first history rows, search keys and audit events;
/// returns the new ids in the batch's order.
fn insert_batch(
    conn: &mut Tx<'_>,
    actor: &Actor,
    batch: &[Candidate],
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> AppResult<Vec<i64>> {
    let values: Vec<ImportedClient> = batch
        .iter()
        .map(|c| {
            let r = &c.req;
            ImportedClient {
                name: r.name.trim().to_owned(),
                company: clean(r.company.as_deref()),
                position: clean(r.position.as_deref()),
                phone: clean(r.phone.as_deref()),
                phone2: clean(r.phone2.as_deref()),
                phone_norm: c.phones.first().cloned(),
                phone2_norm: c.phones.get(1).cloned(),
                dup_key: c.dup_key.clone(),
                email: clean(r.email.as_deref()),
                address: clean(r.address.as_deref()),
                region: clean(r.region.as_deref()),
                industry: clean(r.industry.as_deref()),
                source: r.source.as_str(),
                tier: r.tier.as_str(),
                stage: r.stage.as_str(),
                credit: r.credit.as_str(),
                needs: clean(r.needs.as_deref()),
                interests: clean(r.interests.as_deref()),
                owner_id: c.owner,
                latitude: r.latitude,
                longitude: r.longitude,
                next_due: first_due(r.tier, r.stage, now, tz),
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    // Multi-row INSERTs go to the backend's own connection (diesel's MultiConnection cannot
    // write them, see `clients::search`). Ids are handed out in the order of the rows.
    let insert = diesel::insert_into(clients::table)
        .values(&values)
        .returning(clients::id);
    let mut ids: Vec<i64> = on_inner!(conn.conn(), |c| insert.get_results(c)?);
    ids.sort_unstable();
    let history: Vec<_> = ids
        .iter()
        .zip(batch)
        .flat_map(|(id, c)| {
            [
                ("stage", c.req.stage.as_str()),
                ("credit", c.req.credit.as_str()),
            ]
            .map(|(field, value)| {
                (
                    client_history::client_id.eq(*id),
                    client_history::field.eq(field),
                    client_history::old_value.eq(None::<&str>),
                    client_history::new_value.eq(Some(value)),
                    client_history::actor_id.eq(actor.user_id),
                    client_history::changed_at.eq(now),
                )
            })
        })
        .collect();
    let insert = diesel::insert_into(client_history::table).values(&history);
    on_inner!(conn.conn(), |c| insert.execute(c)?);
    search::index_new(conn, &ids)?;
    let stored: Vec<ClientRow> = clients::table
        .filter(clients::id.eq_any(&ids))
        .order(clients::id.asc())
        .select(ClientRow::as_select())
        .load(conn.conn())?;
    for dto in q::to_dtos(conn, stored, scope::today(tz))? {
        audit::record::<(), _>(
            conn,
            actor,
            "client.create",
            "client",
            dto.id,
            None,
            Some(&dto),
        )?;
    }
    Ok(ids)
}
