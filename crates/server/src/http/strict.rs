//! A strict reading of a parsed JSON body into a request type.
//!
//! serde's derived `Deserialize` accepts a JSON array for a struct (the fields in order), so
//! `[null, null]` would pass for `{"calls_made": null, "visits": null}`; and PostgreSQL refuses
//! text holding U+0000, which would turn a typing accident into a 500. Reading through
//! [`Strict`] refuses both, at any depth, and `serde_path_to_error` names the field.

use serde::de::value::{Error, StrDeserializer};
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde_json::Value;

/// Why text was refused (the extractor turns it into the field's error code).
pub const NUL_MESSAGE: &str = "text must not contain the NUL character (U+0000)";

/// The largest magnitude up to which every integer is exactly one f64 (2^53).
const EXACT_FLOAT_INT: f64 = 9_007_199_254_740_992.0;

/// A JSON value read strictly: structs only from objects, no NUL in any text.
pub struct Strict<'a>(pub &'a Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn text(s: &str) -> Result<&str, Error> {
    if s.contains('\0') {
        Err(Error::custom(NUL_MESSAGE))
    } else {
        Ok(s)
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    // JSON has one number type: `4.0` is the integer 4 (JSON Schema agrees),
                    // and a client is free to write it so. Only up to 2^53, where every
                    // integer has its own f64: past it the float may stand for a number the
                    // client never wrote (-9223372036854775809 reads as i64::MIN), so it
                    // stays a float and an integer field refuses it.
                    if f.fract() == 0.0 && f.abs() <= EXACT_FLOAT_INT {
                        visitor.visit_i64(f as i64)
                    } else {
                        visitor.visit_f64(f)
                    }
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(text(s)?),
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            Value::Object(map) => visitor.visit_map(Fields {
                iter: map.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => {
                let de: StrDeserializer<'_, Error> = text(s)?.into_deserializer();
                visitor.visit_enum(de)
            }
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Strict(v)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                let key: StrDeserializer<'_, Error> = text(k)?.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(Strict(v)),
            None => Err(Error::custom("a value without its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::Strict;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: Option<i32>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Body {
        name: String,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn read(v: serde_json::Value) -> Result<Body, String> {
        serde_path_to_error::deserialize(Strict(&v)).map_err(|e| {
            let path = e.path().to_string();
            format!("{path}: {}", e.into_inner())
        })
    }

    #[test]
    fn objects_read_as_before() {
        let b = read(json!({"name": "王", "inner": {"n": 3}, "tags": ["a"]}));
        assert_eq!(
            b,
            Ok(Body {
                name: "王".to_owned(),
                inner: Some(Inner { n: Some(3) }),
                tags: vec!["a".to_owned()],
            })
        );
        assert!(read(json!({"name": "x", "inner": null})).is_ok());
    }

    #[test]
    fn arrays_never_stand_for_structs() {
        assert!(read(json!(["x", null, []])).is_err());
        let e = read(json!({"name": "x", "inner": [1]}))
            .err()
            .unwrap_or_default();
        assert!(e.starts_with("inner:"), "{e}");
    }

    #[test]
    fn nul_is_refused_and_named() {
        let e = read(json!({"name": "a\u{0}b"})).err().unwrap_or_default();
        assert!(e.starts_with("name:") && e.contains("NUL"), "{e}");
        let e = read(json!({"name": "x", "tags": ["ok", "\u{0}"]}))
            .err()
            .unwrap_or_default();
        assert!(e.starts_with("tags[1]:"), "{e}");
    }

    #[test]
    fn integral_floats_read_as_integers_only_where_exact() {
        let n = |text: &str| -> Result<i64, String> {
            let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            serde_path_to_error::deserialize(Strict(&v)).map_err(|e| e.to_string())
        };
        assert_eq!(n("4.0"), Ok(4));
        assert_eq!(n("-9007199254740992.0"), Ok(-9_007_199_254_740_992));
        assert_eq!(n("-9223372036854775808"), Ok(i64::MIN));
        // One below i64::MIN rounds to it as a float; it must be refused, not read as MIN.
        assert!(n("-9223372036854775809").is_err());
        assert!(n("9223372036854775808").is_err());
        assert!(n("1e300").is_err());
        assert!(n("4.5").is_err());
    }

    #[test]
    fn unknown_fields_are_named() {
        let e = read(json!({"name": "x", "nope": 1}))
            .err()
            .unwrap_or_default();
        assert!(e.contains("unknown field `nope`"), "{e}");
    }
}
