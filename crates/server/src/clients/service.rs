//! Client use cases: scope, the duplicate rule, stage rules, history and the audit trail, each
//! write in one transaction.

use diesel::RunQueryDsl;
use salesops_domain::client_changes::UpdateClientRequest;
use salesops_domain::clients::{ClientDto, CreateClientRequest};
use salesops_domain::phone::{duplicate_key, normalize_phone};
use salesops_domain::text::clean;
use salesops_domain::{Capability, FieldError};

use crate::access::{Actor, Ctx};
use crate::audit;
use crate::clients::queries::{self as q, ClientChangeset, NewClient};
use crate::clients::{cadence, scope, search};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::users::queries as users_q;

/// The normalised phones of a client (for the duplicate rule).
pub fn phone_keys(phone: Option<&str>, phone2: Option<&str>) -> Vec<String> {
    let mut keys: Vec<String> = [phone, phone2]
        .into_iter()
        .flatten()
        .filter_map(normalize_phone)
        .collect();
    keys.dedup();
    keys
}

/// The client as the API shows it.
pub fn dto(conn: &mut DbConn, id: i64, tz: chrono_tz::Tz) -> AppResult<ClientDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("client"))?;
    q::to_dtos(conn, vec![row], scope::today(tz))?
        .pop()
        .ok_or(AppError::NotFound("client"))
}

/// Serialises concurrent claims of the same phone or company + name until the transaction
/// ends. SQLite needs nothing (client writes begin IMMEDIATE, one writer at a time); on
/// PostgreSQL two transactions could otherwise both find no duplicate and both insert, as the
/// rule spans two phone columns and cannot be a unique index. A claim also takes ROW
/// EXCLUSIVE on `clients` before it looks: an import holds SHARE ROW EXCLUSIVE while it checks
/// and inserts (`clients::import`), so the claim either waits for the import or is seen by it.
fn lock_keys(conn: &mut DbConn, phones: &[String], dup_key: Option<&str>) -> AppResult<()> {
    let DbConn::Postgres(pg) = conn else {
        return Ok(());
    };
    if phones.is_empty() && dup_key.is_none() {
        return Ok(());
    }
    diesel::sql_query("LOCK TABLE clients IN ROW EXCLUSIVE MODE").execute(pg)?;
    let mut hashes: Vec<i64> = phones
        .iter()
        .map(|p| format!("phone:{p}"))
        .chain(dup_key.map(|k| format!("key:{k}")))
        .map(|k| {
            // FNV-1a: stable across processes and versions, unlike std's hasher.
            let h = k.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            h as i64
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    for h in hashes {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(h)
            .execute(pg)?;
    }
    Ok(())
}

/// 409 `duplicate_client` when another client has one of these phones or this company + name.
/// The existing id is shown only to a caller who may see that client; anyone else learns only
/// that the client is already registered (nothing about who owns it: otherwise the 409 would
/// be a company-wide phone-number lookup).
pub fn ensure_unique(
    conn: &mut DbConn,
    viewer: Option<&Ctx>,
    phones: &[String],
    dup_key: Option<&str>,
    except: Option<i64>,
) -> AppResult<()> {
    lock_keys(conn, phones, dup_key)?;
    let Some((id, owner, field)) = q::find_duplicate(conn, phones, dup_key, except)? else {
        return Ok(());
    };
    let visible = match viewer {
        Some(p) => scope::works_with_clients(p) && p.may_access_owner(conn, owner)?,
        None => true,
    };
    Err(AppError::DuplicateClient {
        detail: match field {
            "phone" => "a client with this phone number is already registered".to_owned(),
            _ => "a client with this company and contact name is already registered".to_owned(),
        },
        field: if field == "phone" { "phone" } else { "company" },
        existing_client_id: visible.then_some(id),
    })
}

/// Whom a new or reassigned client may belong to: the caller, or (manager, admin) an enabled
/// user in the caller's scope.
pub fn resolve_owner(conn: &mut DbConn, ctx: &Ctx, requested: Option<i64>) -> AppResult<i64> {
    let Some(owner) = requested else {
        return Ok(ctx.user_id);
    };
    if owner == ctx.user_id {
        return Ok(owner);
    }
    ctx.require(Capability::ClientsReassign)
        .map_err(|_| AppError::forbidden("only a manager or admin may choose a client's owner"))?;
    let usable = match users_q::find(conn, owner)? {
        Some(u) => u.disabled_at.is_none() && ctx.may_access_owner(conn, owner)?,
        None => false,
    };
    if usable {
        Ok(owner)
    } else {
        Err(AppError::validation(
            "owner_id",
            "not_in_scope",
            "no enabled user with this id in your scope",
        ))
    }
}

/// Inserts a checked client with its first history rows and audit event; returns the id.
pub fn insert_client(
    tx: &mut Tx<'_>,
    actor: &Actor,
    viewer: Option<&Ctx>,
    req: &CreateClientRequest,
    owner_id: i64,
    tz: chrono_tz::Tz,
) -> AppResult<i64> {
    let phone = clean(req.phone.as_deref());
    let phone2 = clean(req.phone2.as_deref());
    let company = clean(req.company.as_deref());
    let keys = phone_keys(phone.as_deref(), phone2.as_deref());
    let dup_key = duplicate_key(company.as_deref(), &req.name);
    ensure_unique(tx, viewer, &keys, dup_key.as_deref(), None)?;
    let now = crate::clock::now();
    let id = q::insert(
        tx,
        &NewClient {
            name: req.name.trim().to_owned(),
            company,
            position: clean(req.position.as_deref()),
            phone,
            phone2,
            phone_norm: keys.first().cloned(),
            phone2_norm: keys.get(1).cloned(),
            dup_key,
            email: clean(req.email.as_deref()),
            address: clean(req.address.as_deref()),
            region: clean(req.region.as_deref()),
            industry: clean(req.industry.as_deref()),
            source: req.source.as_str(),
            tier: req.tier.as_str(),
            stage: req.stage.as_str(),
            credit: req.credit.as_str(),
            needs: clean(req.needs.as_deref()),
            interests: clean(req.interests.as_deref()),
            owner_id,
            latitude: req.latitude,
            longitude: req.longitude,
            created_at: now,
            updated_at: now,
        },
    )?;
    search::refresh(tx, id)?;
    q::insert_history(
        tx,
        id,
        "stage",
        None,
        Some(req.stage.as_str()),
        actor.user_id,
        now,
    )?;
    q::insert_history(
        tx,
        id,
        "credit",
        None,
        Some(req.credit.as_str()),
        actor.user_id,
        now,
    )?;
    cadence::refresh(tx, id, tz, now)?;
    let after = dto(tx, id, tz)?;
    audit::record::<(), _>(tx, actor, "client.create", "client", id, None, Some(&after))?;
    Ok(id)
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateClientRequest) -> AppResult<ClientDto> {
    let tz = ctx.tz();
    ctx.require(Capability::ClientsWrite)?;
    crate::db::write(conn, |c| {
        let owner = resolve_owner(c, ctx, req.owner_id)?;
        let id = insert_client(c, &ctx.actor(), Some(ctx), req, owner, tz)?;
        dto(c, id, tz)
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ClientDto> {
    let tz = ctx.tz();
    scope::client_in_scope(conn, ctx, id)?;
    dto(conn, id, tz)
}

fn merged(new: &Option<Option<String>>, old: &Option<String>) -> Option<String> {
    match new {
        Some(v) => clean(v.as_deref()),
        None => old.clone(),
    }
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateClientRequest,
) -> AppResult<ClientDto> {
    let tz = ctx.tz();
    crate::db::write(conn, |c| {
        let row = scope::client_in_scope(c, ctx, id)?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::Conflict {
                code: "stale_version",
                detail: format!(
                    "the client has changed (version {}); reload it",
                    row.version
                ),
                errors: vec![FieldError::new("version", "stale", "reload and try again")],
            });
        }
        let before = dto(c, id, tz)?;
        let owner = match req.owner_id {
            Some(o) if o != row.owner_id => Some(resolve_owner(c, ctx, Some(o))?),
            _ => None,
        };
        let stage = match req.stage {
            Some(to) => {
                let from = before.stage;
                let next = from.transition(to).map_err(|e| {
                    AppError::conflict(
                        "invalid_state",
                        format!(
                            "the client's stage is `{}`; it cannot become `{}`",
                            e.from, e.to
                        ),
                    )
                })?;
                (next != from).then_some(next)
            }
            None => None,
        };
        let phone = merged(&req.phone, &row.phone);
        let phone2 = merged(&req.phone2, &row.phone2);
        let company = merged(&req.company, &row.company);
        let name = req
            .name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&row.name)
            .to_owned();
        let keys = phone_keys(phone.as_deref(), phone2.as_deref());
        let dup_key = duplicate_key(company.as_deref(), &name);
        // Only what the change adds is checked: a number or company + name the client already
        // had is its own, even if another client shares it (two clients stored before a change
        // of the normal form may), so such a client stays editable.
        let had = phone_keys(row.phone.as_deref(), row.phone2.as_deref());
        let added: Vec<String> = keys.iter().filter(|k| !had.contains(k)).cloned().collect();
        let new_key = dup_key
            .as_deref()
            .filter(|k| duplicate_key(row.company.as_deref(), &row.name).as_deref() != Some(*k));
        ensure_unique(c, Some(ctx), &added, new_key, Some(id))?;
        let now = ctx.now;
        let changes = ClientChangeset {
            name: Some(name),
            company: Some(company),
            position: req.position.as_ref().map(|v| clean(v.as_deref())),
            phone: Some(phone),
            phone2: Some(phone2),
            phone_norm: Some(keys.first().cloned()),
            phone2_norm: Some(keys.get(1).cloned()),
            dup_key: Some(dup_key),
            email: req.email.as_ref().map(|v| clean(v.as_deref())),
            address: req.address.as_ref().map(|v| clean(v.as_deref())),
            region: req.region.as_ref().map(|v| clean(v.as_deref())),
            industry: req.industry.as_ref().map(|v| clean(v.as_deref())),
            source: req.source.map(|s| s.as_str()),
            tier: req.tier.map(|t| t.as_str()),
            stage: stage.map(|s| s.as_str()),
            credit: req.credit.map(|v| v.as_str()),
            needs: req.needs.as_ref().map(|v| clean(v.as_deref())),
            interests: req.interests.as_ref().map(|v| clean(v.as_deref())),
            owner_id: owner,
            latitude: req.latitude,
            longitude: req.longitude,
            archived_at: None,
            updated_at: Some(now),
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("client"));
        }
        search::refresh(c, id)?;
        let actor = ctx.actor();
        if let Some(s) = stage {
            q::insert_history(
                c,
                id,
                "stage",
                Some(row.stage.as_str()),
                Some(s.as_str()),
                actor.user_id,
                now,
            )?;
        }
        if let Some(cr) = req.credit.filter(|cr| *cr != row.credit) {
            q::insert_history(
                c,
                id,
                "credit",
                Some(row.credit.as_str()),
                Some(cr.as_str()),
                actor.user_id,
                now,
            )?;
        }
        if let Some(o) = owner {
            crate::clients::handover::owner_moved(c, &[id], now)?;
            let (old, new) = (row.owner_id.to_string(), o.to_string());
            q::insert_history(
                c,
                id,
                "owner_id",
                Some(&old),
                Some(&new),
                actor.user_id,
                now,
            )?;
        }
        cadence::refresh(c, id, tz, now)?;
        let after = dto(c, id, tz)?;
        audit::record(
            c,
            &actor,
            "client.update",
            "client",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}
