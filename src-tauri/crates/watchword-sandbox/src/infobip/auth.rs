//! Infobip `Authorization: App {apiKey}` (scheme case-insensitive). All provisioned keys
//! share one account: one set of applications, templates and PINs (decision).

use axum::http::{HeaderMap, header};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::InfobipError;

/// Checks the API key; missing, malformed or unknown is 401 `UNAUTHORIZED`.
pub fn check(conn: &Connection, headers: &HeaderMap) -> Result<(), InfobipError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(InfobipError::unauthorized)?;
    let (scheme, key) = value
        .trim()
        .split_once(' ')
        .ok_or_else(InfobipError::unauthorized)?;
    if !scheme.eq_ignore_ascii_case("app") {
        return Err(InfobipError::unauthorized());
    }
    let found: Option<String> = conn
        .query_row(
            "SELECT key FROM infobip_keys WHERE key = ?1",
            params![key.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(stored) if crate::pin::secret_eq(stored.as_bytes(), key.trim().as_bytes()) => Ok(()),
        _ => Err(InfobipError::unauthorized()),
    }
}
