//! API key use cases (admin): create a key for a user with scopes (the key shown once),
//! list and read keys, revoke one at once.

use chrono::SubsecRound;
use salesops_domain::api_keys::{
    ApiKeyDto, ApiKeyListQuery, ApiKeyRequest, ApiScope, CreatedApiKeyDto,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::access::api_key::{key_hash, new_key};
use crate::access::queries as access_q;
use crate::api_keys::queries::{self as q, NewKey};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

fn load(conn: &mut DbConn, id: i64) -> AppResult<ApiKeyDto> {
    q::find(conn, id)?.ok_or(AppError::NotFound("API key"))
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &ApiKeyRequest) -> AppResult<CreatedApiKeyDto> {
    ctx.require(Capability::ApiKeysManage)?;
    let expires_at = req.expires_at.map(|t| t.naive_utc().trunc_subsecs(6));
    if expires_at.is_some_and(|t| t <= ctx.now) {
        return Err(AppError::validation(
            "expires_at",
            "past",
            "a key expires in the future",
        ));
    }
    if access_q::enabled_user(conn, req.owner_id)?.is_none() {
        return Err(AppError::validation(
            "owner_id",
            "not_found",
            "no such enabled user",
        ));
    }
    // One scope named twice is still one scope; the order is the scopes' own.
    let mut scopes: Vec<ApiScope> = req.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let name = salesops_domain::text::trim(&req.name);
    let (prefix, key) = new_key();
    let hash = key_hash(&key);
    let dto = db::write(conn, |tx| {
        audit::created(
            tx,
            &ctx.actor(),
            "api_key.create",
            "api_key",
            |tx| {
                q::insert(
                    tx,
                    &NewKey {
                        name,
                        prefix: &prefix,
                        key_hash: &hash,
                        owner_id: req.owner_id,
                        scopes: &scopes,
                        created_by: ctx.user_id,
                        expires_at,
                    },
                    ctx.now,
                )
            },
            load,
        )
    })?;
    Ok(CreatedApiKeyDto {
        id: dto.id,
        name: dto.name,
        prefix: dto.prefix,
        key,
        owner_id: dto.owner_id,
        scopes: dto.scopes,
        created_at: dto.created_at,
        expires_at: dto.expires_at,
    })
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ApiKeyListQuery,
    page: &PageQuery,
) -> AppResult<Page<ApiKeyDto>> {
    ctx.require(Capability::ApiKeysManage)?;
    q::list(conn, filter, page)
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ApiKeyDto> {
    ctx.require(Capability::ApiKeysManage)?;
    load(conn, id)
}

/// Revokes the key at once: the next request with it is 401. Revoking a revoked key
/// changes nothing and is not an event.
pub fn revoke(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require(Capability::ApiKeysManage)?;
    db::write(conn, |tx| {
        if load(tx, id)?.revoked_at.is_some() {
            return Ok(());
        }
        audit::changed(
            tx,
            &ctx.actor(),
            "api_key.revoke",
            "api_key",
            id,
            load,
            |tx, _| {
                q::revoke(tx, id, ctx.user_id, ctx.now)?;
                Ok(())
            },
        )?;
        Ok(())
    })
}
