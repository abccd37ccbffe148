//! A record of every request and response, with credentials and PINs redacted, so an
//! administrator can see exactly what went over the wire and how long it took.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

use crate::provider::Provider;

/// How many exchanges a log keeps before dropping the oldest.
pub const LOG_CAPACITY: usize = 200;

/// What replaces a redacted value.
pub const REDACTED: &str = "[redacted]";

/// JSON fields and form parameters whose values are PINs, codes, keys or tokens.
const SECRET_FIELDS: &[&str] = &[
    "code",
    "pin",
    "token",
    "cli",
    "cliFilter",
    "access_token",
    "refresh_token",
    "secret",
    "otpauthUri",
    "qrPng",
    "password",
    "apiKey",
    "client_secret",
];

/// One request and its answer, as shown in the desktop's exchange log.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    /// Increasing number within the log.
    pub id: u64,
    /// Which API was called.
    pub provider: Provider,
    /// HTTP method.
    pub method: String,
    /// Full URL (paths and queries carry no secrets in these APIs).
    pub url: String,
    /// Request headers, `Authorization` reduced to its scheme.
    pub request_headers: Vec<(String, String)>,
    /// Request body with secret fields redacted.
    pub request_body: Option<String>,
    /// HTTP status, if an answer came.
    pub status: Option<u16>,
    /// Response body with secret fields redacted.
    pub response_body: Option<String>,
    /// The transport error, if no answer came.
    pub error: Option<String>,
    /// When the request started (RFC 3339, UTC).
    pub started_at: String,
    /// How long it took, in milliseconds.
    pub millis: f64,
}

/// A shared, bounded log of exchanges; clients clone it to record into one place.
#[derive(Debug, Clone, Default)]
pub struct ExchangeLog {
    inner: Arc<Mutex<LogInner>>,
}

#[derive(Debug, Default)]
struct LogInner {
    next_id: u64,
    entries: VecDeque<Exchange>,
}

impl ExchangeLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an exchange (its id is assigned here), dropping the oldest beyond capacity.
    pub fn record(&self, mut exchange: Exchange) {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        inner.next_id += 1;
        exchange.id = inner.next_id;
        inner.entries.push_back(exchange);
        while inner.entries.len() > LOG_CAPACITY {
            inner.entries.pop_front();
        }
    }

    /// The exchanges, oldest first.
    pub fn entries(&self) -> Vec<Exchange> {
        let inner = self
            .inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        inner.entries.iter().cloned().collect()
    }

    /// Empties the log.
    pub fn clear(&self) {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        inner.entries.clear();
    }
}

/// The header that carries a sandbox's run token: `/sandbox/*` answers 403 without it,
/// so another local user or a web page cannot read the PINs. Defined here, beside the
/// redaction that hides it, and re-exported from [`crate::sandbox`].
pub const SANDBOX_TOKEN_HEADER: &str = "X-Sandbox-Token";

/// A header value as it may be shown: `Authorization` keeps only its scheme word, a
/// sandbox's run token is hidden whole.
pub fn redact_header(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case(SANDBOX_TOKEN_HEADER) {
        REDACTED.to_owned()
    } else if name.eq_ignore_ascii_case("authorization") {
        let scheme = value.split_whitespace().next().unwrap_or("");
        format!("{scheme} {REDACTED}")
    } else {
        value.to_owned()
    }
}

/// A body as it may be shown: JSON and form bodies with secret fields (and `extra`
/// fields, for answers that echo a PIN in a message) replaced by [`REDACTED`].
pub fn redact_body(body: &[u8], extra: &[&str]) -> String {
    let is_secret = |key: &str| SECRET_FIELDS.contains(&key) || extra.contains(&key);
    if let Ok(mut value) = serde_json::from_slice::<Value>(body) {
        redact_value(&mut value, &is_secret);
        return value.to_string();
    }
    let text = String::from_utf8_lossy(body);
    if !text.is_empty() && !text.contains(char::is_whitespace) && text.contains('=') {
        // application/x-www-form-urlencoded
        return form_urlencoded::parse(text.as_bytes())
            .map(|(key, value)| {
                let shown = if is_secret(&key) {
                    REDACTED.into()
                } else {
                    value
                };
                format!("{key}={shown}")
            })
            .collect::<Vec<_>>()
            .join("&");
    }
    // Not JSON, not a form: an error page or garbage. Keep it short.
    text.chars().take(2000).collect()
}

fn redact_value(value: &mut Value, is_secret: &dyn Fn(&str) -> bool) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if is_secret(key) && !field.is_null() && !field.is_object() {
                    *field = Value::String(REDACTED.into());
                } else {
                    redact_value(field, is_secret);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| redact_value(item, is_secret)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_secrets_are_redacted_at_any_depth() {
        let body = br#"{"method":"sms","sms":{"code":"123456"},"list":[{"pin":"9"}],"to":"+4670"}"#;
        let shown = redact_body(body, &[]);
        assert!(
            !shown.contains("123456") && !shown.contains("\"9\""),
            "{shown}"
        );
        assert!(shown.contains("+4670") && shown.contains("sms"));
    }

    #[test]
    fn extra_fields_and_forms_are_redacted() {
        let shown = redact_body(br#"{"message":"Your code is 4711"}"#, &["message"]);
        assert!(!shown.contains("4711"));
        let form = redact_body(b"grant_type=refresh_token&refresh_token=abc", &[]);
        assert_eq!(form, "grant_type=refresh_token&refresh_token=[redacted]");
    }

    #[test]
    fn authorization_keeps_only_its_scheme() {
        assert_eq!(
            redact_header("Authorization", "Application k:sig"),
            "Application [redacted]"
        );
        assert_eq!(
            redact_header("Content-Type", "application/json"),
            "application/json"
        );
        assert_eq!(redact_header("x-sandbox-token", "abc123"), REDACTED);
    }

    #[test]
    fn the_log_is_bounded_and_numbered() {
        let log = ExchangeLog::new();
        for _ in 0..LOG_CAPACITY + 5 {
            log.record(Exchange {
                id: 0,
                provider: Provider::Sinch,
                method: "GET".into(),
                url: "http://127.0.0.1/".into(),
                request_headers: vec![],
                request_body: None,
                status: Some(200),
                response_body: None,
                error: None,
                started_at: String::new(),
                millis: 1.0,
            });
        }
        let entries = log.entries();
        assert_eq!(entries.len(), LOG_CAPACITY);
        assert_eq!(entries[0].id, 6);
        assert_eq!(entries.last().map(|e| e.id), Some(LOG_CAPACITY as u64 + 5));
    }
}
