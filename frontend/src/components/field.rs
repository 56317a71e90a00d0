//! The one labelled input of every form, and the one select.

use leptos::prelude::*;

use super::errors::{FieldErrors, FormErrors, owns};
use crate::i18n::{AnyText, I18n, Text, use_i18n};

/// A labelled input bound to `value` (a textarea with `kind = "textarea"`), with the errors
/// reported for `name` beneath it. The label is any text of any catalogue.
#[component]
pub fn Field(
    #[prop(into)] label: AnyText,
    /// The field's name in the API (its errors are matched on it).
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Overrides the keyboard a phone shows (`decimal` for amounts).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] readonly: Signal<bool>,
    #[prop(optional)] placeholder: &'static str,
    /// The rows of a textarea.
    #[prop(default = 3)]
    rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    let invalid = move || {
        errors
            .fields
            .with(|f| f.iter().any(|e| owns(name, &e.field)))
    };
    let control = if kind == "textarea" {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows=rows
                required=required
                data-testid=testid
                disabled=move || disabled.get()
                readonly=move || readonly.get()
                placeholder=placeholder
                aria-invalid=move || invalid().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        let number = kind == "number";
        view! {
            <input
                id=id.clone()
                type=kind
                name=name
                inputmode=inputmode.or(number.then_some("numeric"))
                min=number.then_some("0")
                autocomplete=autocomplete
                required=required
                data-testid=testid
                disabled=move || disabled.get()
                readonly=move || readonly.get()
                placeholder=placeholder
                aria-invalid=move || invalid().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{move || i18n.t(label)}</label>
            {control}
            <FieldErrors name=name errors=errors />
        </div>
    }
}

/// One `<option>`: the value sent (`""` for none) and the text shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Self {
        Choice {
            value: value.to_string(),
            label: label.into(),
        }
    }
}

/// `items` after `empty` (the choice of nothing, `""`) when there is one.
pub fn after_empty(
    i18n: I18n,
    empty: Option<AnyText>,
    items: impl IntoIterator<Item = Choice>,
) -> Vec<Choice> {
    empty
        .map(|e| Choice::new("", i18n.t(e)))
        .into_iter()
        .chain(items)
        .collect()
}

/// Choices with translated labels (`(value, key)` pairs), after `empty` when given; they
/// follow the language.
pub fn text_choices<T: Text>(
    items: Vec<(&'static str, T)>,
    empty: Option<AnyText>,
) -> Signal<Vec<Choice>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        after_empty(
            i18n,
            empty,
            items.iter().map(|(v, k)| Choice::new(v, i18n.t(*k))),
        )
    })
}

/// A labelled select bound to `value`, with the errors reported for `name` beneath it.
#[component]
pub fn SelectField(
    #[prop(into)] label: AnyText,
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
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

/// What was typed, trimmed; `None` when blank.
pub fn non_empty(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// An id chosen in a select (`""` is none).
pub fn parse_id(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

/// A date input's value (`2026-11-23`).
pub fn parse_date(value: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}
