//! Form building blocks: fields that show the API's field errors beside them, and the banner
//! for every other error.

use leptos::prelude::*;
use salesops_domain::FieldError;

use crate::api::ApiError;
use crate::i18n::{Msg, field_error_msg, problem_msg, use_i18n};

/// A message for a banner: a known text, optionally followed by the server's own words.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub msg: Option<Msg>,
    pub detail: Option<String>,
    /// Seconds until a throttled request may be retried.
    pub retry_after: Option<u64>,
}

impl Notice {
    pub fn msg(msg: Msg) -> Self {
        Notice {
            msg: Some(msg),
            detail: None,
            retry_after: None,
        }
    }
}

/// The error state of one form (or page): field errors and a banner.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors {
    pub fields: RwSignal<Vec<FieldError>>,
    pub banner: RwSignal<Option<Notice>>,
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
    /// banner.
    pub fn show(&self, err: &ApiError, known: &[&str]) {
        let (mine, others): (Vec<FieldError>, Vec<FieldError>) = err
            .field_errors()
            .iter()
            .cloned()
            .partition(|e| known.contains(&base_field(&e.field)));
        let had_fields = !mine.is_empty();
        self.fields.set(mine);
        let mut notice = banner_for(err);
        if had_fields && others.is_empty() {
            notice = Notice::msg(Msg::ErrValidation);
        } else if !others.is_empty() {
            let rest = others
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            notice.detail = Some(rest);
        }
        self.banner.set(Some(notice));
    }
}

/// `roles[0]` and `address.city` belong to the fields `roles` and `address`.
fn base_field(field: &str) -> &str {
    field.split(['[', '.']).next().unwrap_or(field)
}

/// The banner text for an error that names no field.
pub fn banner_for(err: &ApiError) -> Notice {
    match err {
        ApiError::Network(detail) => Notice {
            msg: Some(Msg::ErrNetwork),
            detail: Some(detail.clone()),
            retry_after: None,
        },
        ApiError::SignedOut => Notice::msg(Msg::ErrSessionExpired),
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
            Notice {
                msg,
                detail,
                retry_after: *retry_after,
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

/// An error shown where a list would be.
#[component]
pub fn InlineError(error: ApiError) -> impl IntoView {
    let errors = FormErrors::new();
    errors.banner.set(Some(banner_for(&error)));
    view! { <ErrorBanner errors=errors /> }
}

/// A success message that the user can dismiss.
#[component]
pub fn SuccessBanner(notice: RwSignal<Option<Msg>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|m| {
            view! {
                <div class="banner banner-ok" role="status" data-testid="notice">
                    <span>{move || i18n.t(m)}</span>
                    <button
                        type="button"
                        class="banner-close"
                        title=move || i18n.t(Msg::Dismiss)
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// The errors the API reported for `name`, shown under its field.
#[component]
pub fn FieldErrors(#[prop(into)] name: String, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let testid = format!("field-error-{name}");
    let mine = Memo::new(move |_| {
        errors.fields.with(|all| {
            all.iter()
                .filter(|e| base_field(&e.field) == name)
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

/// A labelled text input bound to `value`, with its field errors beneath.
#[component]
pub fn TextField(
    label: Msg,
    /// The field's name in the API (errors are matched on it).
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    let invalid = move || {
        errors
            .fields
            .with(|f| f.iter().any(|e| base_field(&e.field) == name))
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input
                id=id
                type=kind
                name=name
                autocomplete=autocomplete
                required=required
                data-testid=testid
                aria-invalid=move || invalid().to_string()
                bind:value=value
            />
            <FieldErrors name=name errors=errors />
        </div>
    }
}

/// One `<option>` of a select over ids, `""` meaning none.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A labelled select bound to `value` (a string; `""` is the empty choice).
#[component]
pub fn SelectField(
    label: Msg,
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    /// The text of the empty choice.
    empty: Msg,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select
                id=id
                name=name
                data-testid=testid
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" prop:selected=move || value.get().is_empty()>
                    {move || i18n.t(empty)}
                </option>
                <For
                    each=move || choices.get()
                    key=|c| (c.value.clone(), c.label.clone())
                    let:choice
                >
                    {
                        let v = choice.value.clone();
                        view! {
                            <option value=choice.value.clone() prop:selected=move || value.get() == v>
                                {choice.label.clone()}
                            </option>
                        }
                    }
                </For>
            </select>
            <FieldErrors name=name errors=errors />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_field_errors_belong_to_their_field() {
        assert_eq!(base_field("roles[0]"), "roles");
        assert_eq!(base_field("address.city"), "address");
        assert_eq!(base_field("username"), "username");
        assert_eq!(base_field(""), "");
    }
}
