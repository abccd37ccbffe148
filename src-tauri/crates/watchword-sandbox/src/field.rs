//! Request bodies deserialized into their wire types without losing the providers'
//! own error messages: every member is a [`Field`], which records whether the client
//! left it out, sent null, sent the documented type or sent something else, so a
//! handler validates the typed body in its own fixed order and words each failure the
//! way the provider does.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One member of a request body as the client sent it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field<T> {
    /// Not in the body (with `#[serde(default)]`).
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value of the documented type.
    Given(T),
    /// A value of another type, kept for messages that depend on what it was.
    Invalid(Value),
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Null => Field::Null,
            value => match T::deserialize(&value) {
                Ok(typed) => Field::Given(typed),
                Err(_) => Field::Invalid(value),
            },
        })
    }
}

impl<T> Field<T> {
    /// Absent and null mean the same to most members: "not given".
    pub fn optional(self) -> Result<Option<T>, Value> {
        match self {
            Field::Absent | Field::Null => Ok(None),
            Field::Given(value) => Ok(Some(value)),
            Field::Invalid(value) => Err(value),
        }
    }
}

/// A member documented as an object: serde would also take a struct from a JSON array,
/// which no provider does.
#[derive(Debug, Clone, PartialEq)]
pub struct Object<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            value @ Value::Object(_) => T::deserialize(value)
                .map(Object)
                .map_err(serde::de::Error::custom),
            _ => Err(serde::de::Error::custom("expected a JSON object")),
        }
    }
}

/// A member documented as a string that clients also send as a JSON number (PINs,
/// order ids); numbers are taken in their JSON spelling.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TextOrNumber {
    /// A string.
    Text(String),
    /// A number.
    Number(serde_json::Number),
}

/// Why a body is not a JSON object; each API words these two cases its own way.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// Not JSON at all (serde's message, with its position).
    #[error("{0}")]
    Syntax(serde_json::Error),
    /// JSON, but not an object.
    #[error("not a JSON object")]
    NotObject,
}

/// Parses a JSON object into the wire type `T`; with [`Field`] members this fails only
/// when the body is not a JSON object.
pub fn object<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => serde_json::from_value(value).map_err(BodyError::Syntax),
        Ok(_) => Err(BodyError::NotObject),
        Err(e) => Err(BodyError::Syntax(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(default)]
        n: Field<u32>,
        #[serde(default)]
        s: Field<String>,
        #[serde(default)]
        t: Field<TextOrNumber>,
    }

    #[test]
    fn records_what_was_sent() {
        let b: Body = object(br#"{"n": 5, "s": null, "t": 12}"#).unwrap();
        assert_eq!(b.n, Field::Given(5));
        assert_eq!(b.s, Field::Null);
        assert_eq!(
            b.t,
            Field::Given(TextOrNumber::Number(serde_json::Number::from(12)))
        );
        let b: Body = object(br#"{"n": -1, "t": "x"}"#).unwrap();
        assert_eq!(b.n, Field::Invalid(serde_json::json!(-1)));
        assert_eq!(b.s, Field::Absent);
        assert_eq!(b.t, Field::Given(TextOrNumber::Text("x".into())));
        assert!(matches!(object::<Body>(b"[]"), Err(BodyError::NotObject)));
        #[derive(Debug, Deserialize, PartialEq)]
        struct Inner {
            a: Option<u32>,
        }
        let f: Field<Object<Inner>> = serde_json::from_str("[]").unwrap();
        assert_eq!(f, Field::Invalid(serde_json::json!([])));
        let f: Field<Object<Inner>> = serde_json::from_str(r#"{"a": 1}"#).unwrap();
        assert_eq!(f, Field::Given(Object(Inner { a: Some(1) })));
        assert!(matches!(object::<Body>(b"{"), Err(BodyError::Syntax(_))));
    }
}
