//! Every visible string, in Chinese (the default) and English. The choice is kept in
//! localStorage so it survives a reload.
//!
//! The strings live in catalogues, one per area (`common`, `clients`, `plans`, `reports`), each
//! an enum made by `text::catalogue!`. Every catalogue implements [`Text`], so a component takes
//! "any text" for a label and `i18n.t(key)` translates a key of any catalogue.

pub mod api_keys;
pub mod clients;
pub mod common;
pub mod deals;
pub mod inbox;
pub mod leavings;
pub mod money;
pub mod notifications;
pub mod pay;
pub mod plans;
pub mod reports;
pub mod rubrics;
pub mod scores;
pub mod text;
pub mod webhooks;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

pub use common::{Msg, field_error_msg, problem_msg, role_msg};
pub use text::{AnyText, Lang, Text};

const STORAGE_KEY: &str = "salesops.lang";

/// The language context: read it with `use_i18n()`, translate with `i18n.t(key)`.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The text of `key` (of any catalogue) in the current language (reactive: call it
    /// inside a closure).
    pub fn t(&self, key: impl Into<AnyText>) -> &'static str {
        key.into().text(self.lang.get())
    }

    pub fn set(&self, lang: Lang) {
        // Failing to remember the choice only means it is forgotten on reload.
        let _ = LocalStorage::set(STORAGE_KEY, lang.code());
        set_document_lang(lang);
        self.lang.set(lang);
    }
}

pub fn provide_i18n() -> I18n {
    let stored: Option<String> = LocalStorage::get(STORAGE_KEY).ok();
    let lang = stored
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Zh);
    set_document_lang(lang);
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn set_document_lang(lang: Lang) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        doc.set_title(Msg::AppName.text(lang));
    }
}
