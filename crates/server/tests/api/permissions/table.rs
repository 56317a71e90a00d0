//! The committed table (`matrix.tsv`) and the page generated from it (`docs/permissions.md`):
//! one row per operation, one column per caller, the cell the class of the answer.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The kinds of caller, in the order the cells are taken (sessions first: a key belongs to
/// the first of them its operation authorises).
pub const CALLERS: [&str; 15] = [
    "sp_own",
    "sp_other",
    "sp_missing",
    "mgr_in",
    "mgr_out",
    "finance",
    "hr",
    "admin",
    "key",
    "key_exact",
    "key_noscope",
    "none",
    "expired",
    "invalid",
    "bad_key",
];

/// What each column is, for the page.
pub const LEGEND: [(&str, &str); 15] = [
    (
        "sp_own",
        "salesperson `sp_a1` (team A), the owner of the records in the paths",
    ),
    (
        "sp_other",
        "salesperson `sp_a2`, also of team A, on `sp_a1`'s records",
    ),
    (
        "sp_missing",
        "`sp_a2` on an id no record has (`-` where the path has no id): what `sp_other` \
         must equal, so another's record is answered exactly like a missing one",
    ),
    ("mgr_in", "`mgr_a`, manager of team A"),
    ("mgr_out", "`mgr_b`, manager of team B only"),
    ("finance", "`fin`, finance"),
    ("hr", "`hr`, HR"),
    ("admin", "`admin`"),
    (
        "key",
        "an API key with every scope, owned by the caller named in `key as` (the first of \
         sp_own, mgr_in, finance, hr, admin the operation authorises; admin if none)",
    ),
    (
        "key_exact",
        "the same owner's key with only the scopes granting what the route needs \
         (`-` where no scope opens the route or none is needed)",
    ),
    (
        "key_noscope",
        "the same owner's key with every scope but those granting what the route needs \
         (`access::key_routes`); every scope where no scope opens the route",
    ),
    ("none", "no `Authorization` header"),
    (
        "expired",
        "an access token of `sp_a1`, correctly signed, expired a minute ago",
    ),
    (
        "invalid",
        "an access token of `sp_a1`, not expired, signed with another secret",
    ),
    (
        "bad_key",
        "a key with a real prefix (`sp_a1`'s key) and a wrong secret",
    ),
];

/// A status as a cell: the key distinction is 401 / 403 / 404 / authorised.
pub fn class(status: u16) -> String {
    match status {
        200..=299 => "2xx".to_owned(),
        400 | 409 | 422 => "4xx-body".to_owned(),
        s => s.to_string(),
    }
}

/// The column of a caller.
pub fn col(name: &str) -> usize {
    CALLERS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("no caller {name}"))
}

pub fn authorised(cell: &str) -> bool {
    cell == "2xx" || cell == "4xx-body"
}

/// One operation's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub key_as: String,
    /// Hand-written; kept by a bless.
    pub notes: String,
}

pub type Table = BTreeMap<(String, String), Row>;

/// A row with its (path, method).
type Entry<'a> = (&'a (String, String), &'a Row);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn table_path() -> PathBuf {
    root().join("tests/api/permissions/matrix.tsv")
}

pub fn docs_path() -> PathBuf {
    root().join("../../docs/permissions.md")
}

fn header() -> String {
    let mut h = vec!["method", "path"];
    h.extend(CALLERS);
    h.extend(["key_as", "notes"]);
    h.join("\t")
}

/// Rows by (path, method). The committed table, its columns found by the header's names (a
/// caller the header lacks reads `missing`); empty when there is none yet.
pub fn read() -> Table {
    let text = std::fs::read_to_string(table_path()).unwrap_or_default();
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let at = |name: &str| names.iter().position(|n| *n == name);
    let mut table = Table::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let field = |name: &str| {
            at(name)
                .and_then(|i| f.get(i))
                .map_or("missing", |s| *s)
                .to_owned()
        };
        let key = (field("path"), field("method"));
        let row = Row {
            cells: CALLERS.iter().map(|c| field(c)).collect(),
            key_as: field("key_as"),
            notes: at("notes")
                .and_then(|i| f.get(i))
                .map_or(String::new(), |s| (*s).to_owned()),
        };
        assert!(
            table.insert(key.clone(), row).is_none(),
            "matrix.tsv names {key:?} twice"
        );
    }
    table
}

pub fn write(table: &Table) {
    let mut out = header();
    out.push('\n');
    for ((path, method), row) in table {
        let mut f = vec![method.as_str(), path.as_str()];
        f.extend(row.cells.iter().map(String::as_str));
        f.push(&row.key_as);
        f.push(&row.notes);
        out.push_str(&f.join("\t"));
        out.push('\n');
    }
    std::fs::write(table_path(), out).expect("write matrix.tsv");
}

/// `docs/permissions.md`: one table per tag, with what record each path names.
pub fn write_docs(
    table: &Table,
    tags: &BTreeMap<(String, String), String>,
    target: impl Fn(&str, &str) -> String,
) {
    let mut by_tag: BTreeMap<&str, Vec<Entry<'_>>> = BTreeMap::new();
    for (op, row) in table {
        let tag = tags.get(op).map(String::as_str).unwrap_or("untagged");
        by_tag.entry(tag).or_default().push((op, row));
    }
    let mut md = String::from(
        "# Permissions: every operation × every caller\n\n\
         <!-- Generated: do not edit. The data is crates/server/tests/api/permissions/matrix.tsv;\n\
         regenerate both with\n\
         SALESOPS_BLESS=1 cargo test -p salesops --test api -- permissions::sqlite\n\
         and review the diff. -->\n\n\
         Generated from the permission matrix test (`crates/server/tests/api/permissions/`), \
         which calls every operation of the OpenAPI document as each kind of caller and \
         compares the answers with the committed table. A cell is the answer's class:\n\n\
         - `2xx`: done;\n\
         - `4xx-body`: admitted and authorised, then refused for the body or the record's \
         state (400, 409, 422: a stale version, a state the step does not leave, a duplicate);\n\
         - `401`: not signed in (no token, an expired or invalid one);\n\
         - `403`: signed in, not allowed (a capability, a workflow party, a key's scope);\n\
         - `404`: the record is outside the caller's scope, answered as if missing.\n\n\
         Workflow steps and versioned edits are sent with a version that is never current, so \
         `4xx-body` there means the caller passed the scope and party checks. A create (or a \
         bulk step) naming a record outside the caller's scope (a plan, a client, a user, a \
         claim) is refused as 422 `not_found` on that field, so it reads `4xx-body` too: read \
         such a cell with the notes. The callers:\n\n",
    );
    for (c, what) in LEGEND {
        md.push_str(&format!("- `{c}`: {what}\n"));
    }
    md.push_str(
        "\n`key as` names the key's owner. Notes name the record a path's ids point at.\n\n\
         Checked in code on every run, whatever the table says (`invariants.rs`): no token, an \
         expired or foreign-signed token and a wrong key answer 401 everywhere but sign-in and \
         refresh; `sp_other` and `mgr_out` never get `2xx` on a record of `sp_a1`'s, and \
         `sp_other` gets there exactly what `sp_missing` gets; `key_exact` gets what `key` gets (the \
         scope a route asks of a key is enough for its operation); `key_noscope` gets 403 on \
         every route that needs a scope (keys are admitted after the body is read, so this \
         also shows no body was refused first), and both keys 403 on routes closed to keys \
         (keys, users, teams, sessions, audit, …); a key is never authorised where its owner \
         is not; admin reads every `GET`, and `mgr_a` every record of `sp_a1`'s; every \
         operation authorises some session; nothing answers 5xx.\n",
    );
    for (tag, ops) in by_tag {
        md.push_str(&format!("\n## {tag}\n\n| operation | "));
        md.push_str(&CALLERS.join(" | "));
        md.push_str(" | key as | notes |\n|---|");
        md.push_str(&"---|".repeat(CALLERS.len() + 2));
        md.push('\n');
        for ((path, method), row) in ops {
            let short = path.trim_start_matches("/api/v1");
            let mut notes = target(method, path);
            if !row.notes.is_empty() {
                if !notes.is_empty() {
                    notes.push_str("; ");
                }
                notes.push_str(&row.notes);
            }
            md.push_str(&format!(
                "| `{method} {short}` | {} | {} | {} |\n",
                row.cells.join(" | "),
                row.key_as,
                notes.replace('|', "\\|")
            ));
        }
    }
    std::fs::write(docs_path(), md).expect("write docs/permissions.md");
}
