use serde::{Deserialize, Serialize};

/// An error response body, RFC 9457 `application/problem+json`.
///
/// `code` is a stable machine-readable word the browser app matches on (never the text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable error code: `validation_failed`, `not_found`, `conflict`, `invalid_state` …
    pub code: String,
    /// The fields that failed validation, for 422 (and 400 where a field can be named).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request id, to find the request in the server's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `duplicate_client`: the client already on file, when the caller may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_client_id: Option<i64>,
    /// Deprecated, never sent: a `duplicate_client` the caller may not see says only that the
    /// client is already registered. Kept so that older readers of this type still compile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(deprecated))]
    pub existing_owner_team: Option<String>,
    /// For a refused expense claim (`false_visit`, `no_receipt`, `over_budget`): the lines
    /// that break the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_ids: Vec<i64>,
    /// For `over_budget`: the first period and category over its budget (all of them are in
    /// `excess`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excess: Vec<crate::expenses::BudgetExcess>,
    /// For `duplicate_receipt`: the receipt already on file, and the claim it is on when the
    /// caller may see that claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_receipt_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_claim_id: Option<i64>,
}

/// What a refusal carries besides its code and message (the optional fields of [`Problem`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemFacts {
    pub line_ids: Vec<i64>,
    pub excess: Vec<crate::expenses::BudgetExcess>,
    pub existing_receipt_id: Option<i64>,
    pub existing_claim_id: Option<i64>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    /// A problem body carrying `facts` (the caller fills in the rest).
    pub fn from_facts(facts: &ProblemFacts) -> Problem {
        let first = facts.excess.first();
        Problem {
            kind: about_blank(),
            title: String::new(),
            status: 409,
            detail: None,
            code: String::new(),
            errors: Vec::new(),
            request_id: None,
            existing_client_id: None,
            existing_owner_team: None,
            line_ids: facts.line_ids.clone(),
            budget_fen: first.map(|e| e.budget_fen),
            used_fen: first.map(|e| e.used_fen),
            requested_fen: first.map(|e| e.requested_fen),
            excess: facts.excess.clone(),
            existing_receipt_id: facts.existing_receipt_id,
            existing_claim_id: facts.existing_claim_id,
        }
    }
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as sent, with a dotted path for nested fields (`roles[0]`).
    pub field: String,
    /// A stable code: `required`, `length`, `email`, `range`, `invalid` …
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Flattens validator's nested errors into `{field, code, message}` rows, with dotted paths.
pub fn field_errors(errors: &validator::ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &validator::ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            Kind::Field(list) => {
                for e in list {
                    let message = e
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| default_message(&e.code, &e.params));
                    out.push(FieldError::new(path.clone(), e.code.to_string(), message));
                }
            }
            Kind::Struct(inner) => collect(inner, &path, out),
            Kind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

fn default_message(
    code: &str,
    params: &std::collections::HashMap<std::borrow::Cow<'static, str>, serde_json::Value>,
) -> String {
    let p = |k: &str| params.get(k).map(|v| v.to_string());
    match code {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".to_owned(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "out of range".to_owned(),
        },
        "email" => "must be an email address".to_owned(),
        "required" => "is required".to_owned(),
        other => format!("invalid ({other})"),
    }
}
