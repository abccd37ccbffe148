//! Sinch authentication: Basic (key:secret), signed `Application key:signature`
//! (HMAC-SHA256 over the canonical request), and public `Application key` for start.
//!
//! Decisions: a malformed `Authorization` (unknown scheme, not base64, no colon) is
//! 401/40100; a well-formed one naming an unknown key or the wrong secret is 401/40107;
//! a missing header is 401/40104; a wrong signature 401/40102. A missing, unparseable or
//! stale `x-timestamp` (more than 15 minutes from the real wall clock, either way) is
//! 401/40101: the skew is checked against real time, not the sandbox's shiftable clock,
//! because clients sign with their own real time.

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::Sha256;

use super::error::SinchError;
use crate::clock::{parse_rfc3339_ms, real_now_ms};
use crate::config::SinchAppOptions;
use crate::pin::secret_eq;

/// Allowed distance between `x-timestamp` and the wall clock (inferred: 15 minutes).
pub const MAX_SKEW_MS: i64 = 15 * 60 * 1000;

/// A Sinch application as stored.
#[derive(Debug, Clone)]
pub struct App {
    /// Application key.
    pub key: String,
    /// Base64 secret.
    pub secret: String,
    /// Account options.
    pub options: SinchAppOptions,
}

/// How the request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// Basic key:secret.
    Basic,
    /// Signed request.
    Signed,
    /// Public `Application key` (no signature).
    Public,
}

/// Loads an application by key.
pub fn load_app(conn: &Connection, key: &str) -> rusqlite::Result<Option<App>> {
    conn.query_row(
        "SELECT key, secret, options FROM sinch_apps WHERE key = ?1",
        params![key],
        |r| {
            let options: String = r.get(2)?;
            Ok(App {
                key: r.get(0)?,
                secret: r.get(1)?,
                options: serde_json::from_str(&options).unwrap_or_default(),
            })
        },
    )
    .optional()
}

/// `base64(md5(body))`, or the empty string for an empty body.
pub fn content_md5(body: &[u8]) -> String {
    if body.is_empty() {
        String::new()
    } else {
        B64.encode(Md5::digest(body))
    }
}

/// The request signature: `base64(HMAC-SHA256(base64decode(secret), StringToSign))`
/// with `StringToSign = VERB\nContent-MD5\nContent-Type\nx-timestamp:TS\npath`.
/// `None` when the secret is not base64.
pub fn sign(
    secret_base64: &str,
    verb: &str,
    body: &[u8],
    content_type: &str,
    timestamp: &str,
    path: &str,
) -> Option<String> {
    let key = B64.decode(secret_base64).ok()?;
    let string_to_sign = format!(
        "{verb}\n{}\n{content_type}\nx-timestamp:{timestamp}\n{path}",
        content_md5(body)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(string_to_sign.as_bytes());
    Some(B64.encode(mac.finalize().into_bytes()))
}

fn unauthorized(code: u32, message: &str) -> SinchError {
    SinchError::new(StatusCode::UNAUTHORIZED, code, message)
}

/// Authenticates a request; `path` is the percent-decoded path without query.
/// `allow_public` is true only for start.
pub fn authenticate(
    conn: &Connection,
    verb: &str,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
    allow_public: bool,
) -> Result<(App, AuthKind), SinchError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(40104, "Authorization required."));
    };
    let value = value
        .to_str()
        .map_err(|_| unauthorized(40100, "Bad Authorization header."))?
        .trim();
    let (scheme, rest) = value
        .split_once(' ')
        .ok_or_else(|| unauthorized(40100, "Bad Authorization header."))?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = B64
            .decode(rest)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| unauthorized(40100, "Bad Authorization header."))?;
        let (key, secret) = decoded
            .split_once(':')
            .ok_or_else(|| unauthorized(40100, "Bad Authorization header."))?;
        let app = load_app(conn, key)?
            .filter(|app| secret_eq(app.secret.as_bytes(), secret.as_bytes()))
            .ok_or_else(|| unauthorized(40107, "Invalid authorization."))?;
        return Ok((app, AuthKind::Basic));
    }
    if !scheme.eq_ignore_ascii_case("application") {
        return Err(unauthorized(40100, "Bad Authorization header."));
    }
    match rest.split_once(':') {
        None => {
            let app = load_app(conn, rest)?
                .ok_or_else(|| unauthorized(40107, "Invalid authorization."))?;
            if !allow_public || app.options.callback_url.is_none() {
                return Err(SinchError::restricted(
                    "Public authorization needs a callback URL and is allowed for starting a verification only.",
                ));
            }
            Ok((app, AuthKind::Public))
        }
        Some((key, signature)) => {
            let app = load_app(conn, key)?
                .ok_or_else(|| unauthorized(40107, "Invalid authorization."))?;
            let timestamp = headers
                .get("x-timestamp")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| unauthorized(40101, "x-timestamp header required."))?;
            let at = parse_rfc3339_ms(timestamp)
                .ok_or_else(|| unauthorized(40101, "x-timestamp is not an ISO-8601 time."))?;
            if (real_now_ms() - at).abs() > MAX_SKEW_MS {
                return Err(unauthorized(
                    40101,
                    "x-timestamp is more than 15 minutes away from the server time.",
                ));
            }
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default();
            let expected = sign(&app.secret, verb, body, &content_type, timestamp, path)
                .ok_or_else(|| unauthorized(40102, "Invalid signature."))?;
            if !secret_eq(expected.as_bytes(), signature.trim().as_bytes()) {
                return Err(unauthorized(40102, "Invalid signature."));
            }
            Ok((app, AuthKind::Signed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_1() {
        let body = br#"{"message":"Hello world"}"#;
        assert_eq!(content_md5(body), "jANzQ+rgAHyf1MWQFSwvYw==");
        assert_eq!(
            sign(
                "JViE5vDor0Sw3WllZka15Q==",
                "POST",
                body,
                "application/json",
                "2014-06-04T13:41:58Z",
                "/v1/sms/+46700000000"
            )
            .unwrap(),
            "qDXMwzfaxCRS849c/2R0hg0nphgdHciTo7OdM6MsdnM="
        );
    }

    #[test]
    fn vector_2() {
        let body = br#"{"identity":{"type":"number","endpoint":"+33444555666"},"method":"sms"}"#;
        assert_eq!(
            sign(
                "bXkta2V5LXNlY3JldA==",
                "POST",
                body,
                "application/json; charset=UTF-8",
                "2023-11-22T09:10:11.999Z",
                "/path/pathParamValue"
            )
            .unwrap(),
            "QP3OzQZVzRZAEev6DBLvJkgpiqyZPuXYsc7oyjUV0K8="
        );
    }

    #[test]
    fn vector_3() {
        assert_eq!(
            sign(
                "bXkta2V5LXNlY3JldA==",
                "GET",
                b"",
                "",
                "2023-11-22T09:10:11.999Z",
                "/verification/v1/verifications/id/1234567890"
            )
            .unwrap(),
            "VKP5Uwfjc27K0E7OajzHjMOnqqiT/BgEmBZZ5FDK6F0="
        );
    }

    #[test]
    fn vector_4_callback() {
        let body = br#"{"event":"ace","callid":"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257","timestamp":"2014-09-24T10:59:41Z","version":1}"#;
        assert_eq!(
            sign(
                "BeIukql3pTKJ8RGL5zo0DA==",
                "POST",
                body,
                "application/json",
                "2014-09-24T10:59:41Z",
                "/sinch/callback/ace"
            )
            .unwrap(),
            "Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4="
        );
    }
}
