//! JSON as the importers read it: a `serde_json::Value` whose strings are
//! wiped when it is dropped (export files carry secrets in them), and
//! lenient field getters (numbers may come as strings, and the reverse).

use serde_json::Value;
use zeroize::Zeroize;

/// A parsed document; every string in it is zeroized on drop.
pub(crate) struct Json(pub Value);

impl Json {
    /// Parses bytes; `None` if they are not JSON.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Self> {
        serde_json::from_slice(bytes).ok().map(Json)
    }

    /// Parses bytes, or says where they stop being JSON.
    pub(crate) fn parse_or_reason(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes)
            .map(Json)
            .map_err(|e| format!("not JSON ({e})"))
    }
}

impl Drop for Json {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Zeroizes every string of a value, in place.
pub(crate) fn wipe(value: &mut Value) {
    match value {
        Value::String(text) => text.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A string field (`None` when missing, null or not a string).
pub(crate) fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A whole-number field, given as a number (`30`, `1.0`) or a string (`"30"`).
pub(crate) fn int(value: &Value, key: &str) -> Option<i64> {
    value.get(key).and_then(as_int)
}

/// A value as a whole number, if it is one.
pub(crate) fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An array field (empty when missing or not an array).
pub(crate) fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A JSON array of signed bytes (`[-28, 112, …]`, as Java writes `byte[]`).
pub(crate) fn signed_bytes(value: Option<&Value>) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let items = value?.as_array()?;
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let n = item.as_i64()?;
        if !(-128..=255).contains(&n) {
            return None;
        }
        out.push(n as u8);
    }
    Some(out)
}
