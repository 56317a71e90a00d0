//! Serde helpers for PATCH bodies, where "absent" and "null" mean different things.

use serde::{Deserialize, Deserializer};

/// For `Option<Option<T>>` fields with `#[serde(default)]`: absent → `None` (leave as is),
/// `null` → `Some(None)` (clear), a value → `Some(Some(v))` (set).
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}
