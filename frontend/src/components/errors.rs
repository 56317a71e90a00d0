//! Errors in a form: the field errors beside their fields, everything else in a banner.

use leptos::prelude::*;
use salesops_domain::FieldError;
use validator::Validate;

use crate::api::ApiError;
use crate::i18n::{AnyText, I18n, Msg, field_error_msg, problem_msg, use_i18n};

/// The text of a banner: a known message, optionally followed by the server's own words.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub msg: Option<Msg>,
    pub detail: Option<String>,
    /// Seconds until a throttled request may be retried.
    pub retry_after: Option<u64>,
}

impl Alert {
    pub fn msg(msg: Msg) -> Self {
        Alert {
            msg: Some(msg),
            detail: None,
            retry_after: None,
        }
    }

    /// The banner for an error that names no field of the form.
    pub fn of(err: &ApiError) -> Alert {
        match err {
            ApiError::Network(detail) => Alert {
                msg: Some(Msg::ErrNetwork),
                detail: Some(detail.clone()),
                retry_after: None,
            },
            ApiError::SignedOut => Alert::msg(Msg::ErrSessionExpired),
            ApiError::Problem {
                problem,
                retry_after,
            } => {
                let msg = problem_msg(&problem.code).or(if problem.status >= 500 {
                    Some(Msg::ErrServer)
                } else {
                    None
                });
                let detail = msg.is_none().then(|| {
                    problem
                        .detail
                        .clone()
                        .unwrap_or_else(|| problem.title.clone())
                });
                Alert {
                    msg,
                    detail,
                    retry_after: *retry_after,
                }
            }
        }
    }
}

/// Whether the API's error on `field` belongs to the form field `name`: the same name, or a
/// part of it (`roles[0]` and `address.city` belong to `roles` and `address`).
pub fn owns(name: &str, field: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
}

/// A field error found here, before asking the server (text that is no number, say).
pub fn local_error(i18n: I18n, field: &str, msg: impl Into<AnyText>) -> FieldError {
    FieldError::new(field, "local", i18n.t(msg))
}

/// The error state of one form (or page): field errors and a banner.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors {
    pub fields: RwSignal<Vec<FieldError>>,
    pub banner: RwSignal<Option<Alert>>,
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FormErrors {
    pub fn new() -> Self {
        FormErrors {
            fields: RwSignal::new(Vec::new()),
            banner: RwSignal::new(None),
        }
    }

    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.banner.set(None);
    }

    /// Shows `err`: field errors beside the fields this form has (`known`), the rest in the
    /// banner. A lost session shows nothing (the app is going to the sign-in page).
    pub fn show(&self, err: &ApiError, known: &[&str]) {
        if err.is_signed_out() {
            return;
        }
        let (mine, others): (Vec<FieldError>, Vec<FieldError>) = err
            .field_errors()
            .iter()
            .cloned()
            .partition(|e| known.iter().any(|k| owns(k, &e.field)));
        let had_fields = !mine.is_empty();
        self.fields.set(mine);
        let mut alert = Alert::of(err);
        if had_fields && others.is_empty() {
            alert = Alert::msg(Msg::ErrValidation);
        } else if !others.is_empty() {
            let rest = others
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            alert.detail = Some(rest);
        }
        self.banner.set(Some(alert));
    }

    /// Shows field errors found here, before asking the server.
    pub fn invalid(&self, fields: Vec<FieldError>, known: &[&str]) {
        self.show(&ApiError::validation(fields), known);
    }

    /// Runs `request`'s validators (the server's own, from the domain crate) and shows what
    /// fails as the server would; true when it may be sent.
    pub fn check(&self, request: &impl Validate, known: &[&str]) -> bool {
        match request.validate() {
            Ok(()) => true,
            Err(e) => {
                self.invalid(salesops_domain::problem::field_errors(&e), known);
                false
            }
        }
    }
}

/// The error banner of a form or page; renders nothing while there is no error.
#[component]
pub fn ErrorBanner(errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.banner.get().map(|n| {
            let text = move || {
                let mut parts: Vec<String> = Vec::new();
                if let Some(m) = n.msg {
                    parts.push(i18n.t(m).to_owned());
                }
                if let Some(secs) = n.retry_after {
                    parts.push(format!("({secs} {})", i18n.t(Msg::ErrRetryAfter)));
                }
                if let Some(d) = &n.detail {
                    parts.push(if n.msg.is_some() {
                        format!("({d})")
                    } else {
                        d.clone()
                    });
                }
                parts.join(" ")
            };
            view! {
                <div class="banner banner-error" role="alert" data-testid="error-banner">
                    <span>{text}</span>
                    <button
                        type="button"
                        class="banner-close"
                        title=move || i18n.t(Msg::Dismiss)
                        on:click=move |_| errors.banner.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// An error shown where a list would be (nothing once the session has ended).
#[component]
pub fn InlineError(error: ApiError) -> impl IntoView {
    let errors = FormErrors::new();
    errors.show(&error, &[]);
    view! { <ErrorBanner errors=errors /> }
}

/// The errors reported for the field `name`, shown under it; with `exact`, only those on
/// `name` itself (not on its parts, which have fields of their own).
#[component]
pub fn FieldErrors(
    #[prop(into)] name: String,
    errors: FormErrors,
    #[prop(optional)] exact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let testid = format!("field-error-{name}");
    let mine = Memo::new(move |_| {
        errors.fields.with(|all| {
            all.iter()
                .filter(|e| {
                    if exact {
                        e.field == name
                    } else {
                        owns(&name, &e.field)
                    }
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = mine.get();
        (!list.is_empty()).then(|| {
            let text = list
                .iter()
                .map(|e| match field_error_msg(&e.code) {
                    Some(m) => i18n.t(m).to_owned(),
                    None => e.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            view! {
                <p class="field-error" data-testid=testid.clone()>
                    {text}
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_field_errors_belong_to_their_field() {
        assert!(owns("roles", "roles[0]"));
        assert!(owns("address", "address.city"));
        assert!(owns("username", "username"));
        assert!(owns("sections.key_clients", "sections.key_clients"));
        assert!(!owns("sections.key_clients", "sections.new_clients"));
        assert!(!owns("name", "names"));
        assert!(!owns("phone", "phone2"));
    }
}
