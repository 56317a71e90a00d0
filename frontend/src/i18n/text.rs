//! Languages and texts: the [`Text`] trait every catalogue implements, the catalogue macro,
//! and [`AnyText`] (any catalogue's key, for a component's label).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A translatable text: a key of one of the catalogues.
pub trait Text: Copy + Send + Sync + 'static {
    fn text(self, lang: Lang) -> &'static str;
}

/// Any catalogue's key, by its texts: what a component takes where any text will do (a
/// field's label, a notice). Made from a key with `.into()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyText {
    zh: &'static str,
    en: &'static str,
}

impl AnyText {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

impl<T: Text> From<T> for AnyText {
    fn from(key: T) -> Self {
        AnyText {
            zh: key.text(Lang::Zh),
            en: key.text(Lang::En),
        }
    }
}

/// Declares a catalogue: an enum of keys, each with its Chinese and English text, and its
/// [`Text`] implementation.
macro_rules! catalogue {
    ($(#[$doc:meta])* enum $name:ident; $($key:ident => $zh:literal, $en:literal;)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key,)* }

        impl $crate::i18n::text::Text for $name {
            fn text(self, lang: $crate::i18n::text::Lang) -> &'static str {
                use $crate::i18n::text::Lang;
                match (self, lang) {
                    $(($name::$key, Lang::Zh) => $zh, ($name::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}
pub(crate) use catalogue;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
