//! `POST /clients/import`: a CSV (UTF-8 or GBK) with a header row in English or Chinese.
//! A dry run only reports; a real run imports every valid, non-duplicate row in one transaction.

use std::collections::HashMap;

use salesops_domain::client_changes::{ImportDuplicate, ImportReport, ImportRowError};
use salesops_domain::clients::{CreateClientRequest, Credit, SourceChannel, Stage, Tier};
use salesops_domain::phone::duplicate_key;
use validator::Validate;

use crate::access::Ctx;
use crate::audit::{self};
use crate::clients::queries as q;
use crate::clients::service::{insert_client, phone_keys, resolve_owner};
use crate::clients::{csv, scope};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use salesops_domain::text::clean;

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

pub fn import(conn: &mut DbConn, ctx: &Ctx, body: &[u8], dry_run: bool) -> AppResult<ImportReport> {
    let tz = ctx.tz();
    scope::require_client_role(ctx)?;
    let (text, encoding) = csv::decode(body);
    let mut records = csv::parse(&text).into_iter();
    let Some((_, header)) = records.next() else {
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
    let rows: Vec<(u32, Vec<String>)> = records.collect();
    crate::db::write(conn, |c| {
        let mut report = ImportReport {
            dry_run,
            encoding: encoding.to_owned(),
            rows: rows.len() as u32,
            valid: 0,
            imported: 0,
            skipped: 0,
            errors: Vec::new(),
            duplicates: Vec::new(),
            created_ids: Vec::new(),
        };
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut accepted: Vec<(CreateClientRequest, i64)> = Vec::new();
        for (row, cells) in &rows {
            let req = match read_row(&columns, cells) {
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
            let owner = match resolve_owner(c, ctx, req.owner_id) {
                Ok(o) => o,
                Err(e) => {
                    let message = e
                        .problem()
                        .errors
                        .first()
                        .map_or_else(|| e.to_string(), |f| f.message.clone());
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
            let key = duplicate_key(req.company.as_deref(), &req.name);
            let mut keys: Vec<(String, &str)> =
                phones.iter().map(|p| (format!("p:{p}"), "phone")).collect();
            keys.extend(key.iter().map(|k| (format!("k:{k}"), "company_name")));
            if let Some((field, earlier)) =
                keys.iter().find_map(|(k, f)| seen.get(k).map(|r| (*f, *r)))
            {
                report.duplicates.push(ImportDuplicate {
                    row: *row,
                    field: field.to_owned(),
                    existing_client_id: None,
                    duplicate_of_row: Some(earlier),
                });
                continue;
            }
            if let Some((id, owner_of, field)) =
                q::find_duplicate(c, &phones, key.as_deref(), None)?
            {
                let visible = ctx.may_access_owner(c, owner_of)?;
                let field = if field == "phone" {
                    "phone"
                } else {
                    "company_name"
                };
                report.duplicates.push(ImportDuplicate {
                    row: *row,
                    field: field.to_owned(),
                    existing_client_id: visible.then_some(id),
                    duplicate_of_row: None,
                });
                continue;
            }
            for (k, _) in keys {
                seen.insert(k, *row);
            }
            accepted.push((req, owner));
        }
        report.valid = accepted.len() as u32;
        report.skipped = report.rows - report.valid;
        if !dry_run {
            let actor = ctx.actor();
            for (req, owner) in &accepted {
                let id = insert_client(c, &actor, Some(ctx), req, *owner, tz)?;
                report.created_ids.push(id);
            }
            report.imported = report.created_ids.len() as u32;
            audit::record::<(), _>(
                c,
                &actor,
                "client.import",
                "client",
                "import",
                None,
                Some(&report),
            )?;
        }
        Ok(report)
    })
}
