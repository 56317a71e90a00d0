//! Enums stored as text: one macro gives each its wire name (snake_case), `as_str`, `FromStr`
//! and `ALL`, so the database, the API and the CSV import agree on the spelling.

/// What every text enum offers generic code (the workflow engine, storage types).
pub trait TextEnum: Copy + Eq + std::fmt::Debug + std::str::FromStr + 'static {
    /// The type's name in the business's words, for messages (`plan state`).
    const NAME: &'static str;
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// The wire and storage name.
    fn name(self) -> &'static str;
}

/// A text name that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`")]
pub struct UnknownValue(pub String);

/// Defines a text enum: `text_enum! { /// doc \n pub enum Tier { /// doc \n Key = "key", … } }`.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire and storage name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl $crate::text_enum::TextEnum for $name {
            const NAME: &'static str = stringify!($name);
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::text_enum::UnknownValue(other.to_owned())),
                }
            }
        }
    };
}

/// A state change the rules do not allow; the API answers 409 `invalid_state` naming `from`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot go from `{from}` to `{to}`")]
pub struct InvalidTransition {
    pub from: &'static str,
    pub to: &'static str,
}
