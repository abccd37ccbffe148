//! `POST /oauth/token` (RFC 6749 client credentials and refresh, Basic client
//! authentication or `client_id`/`client_secret` in the form), and the Bearer check
//! every other Auth365 call goes through. Access tokens live 3600 s, refresh tokens
//! 86400 s on the sandbox clock; a refresh rotates the refresh token.

use crate::openapi::responses::OAuthErrors;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{Auth365Error, OAuthError};
use super::wire::{TokenResponse, TokenType};
use crate::pin;
use crate::state::SandboxState;

/// Access token lifetime in seconds.
pub const ACCESS_TTL_S: i64 = 3600;
/// Refresh token lifetime in seconds.
pub const REFRESH_TTL_S: i64 = 86_400;

fn client_secret(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT secret FROM auth365_clients WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
}

fn basic_credentials(headers: &HeaderMap) -> Option<Result<(String, String), OAuthError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let parsed = (|| {
        let (scheme, rest) = value.to_str().ok()?.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        Some((id.to_owned(), secret.to_owned()))
    })();
    Some(parsed.ok_or_else(OAuthError::invalid_client))
}

/// `POST /oauth/token`.
#[utoipa::path(post, path = "/oauth/token", tag = "auth365", request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"), responses((status = 200, description = "token", body = TokenResponse), OAuthErrors), security(("Auth365Client" = [])))]
pub async fn token(State(st): State<SandboxState>, headers: HeaderMap, body: Bytes) -> Response {
    match token_inner(&st, &headers, &body) {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

fn token_inner(
    st: &SandboxState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, OAuthError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/x-www-form-urlencoded");
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        return Err(OAuthError::bad(
            "invalid_request",
            "The body must be application/x-www-form-urlencoded.",
        ));
    }
    let mut form = std::collections::HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        if form.insert(k.into_owned(), v.into_owned()).is_some() {
            return Err(OAuthError::bad(
                "invalid_request",
                "A parameter is repeated.",
            ));
        }
    }
    let (id, secret) = match basic_credentials(headers) {
        Some(creds) => creds?,
        None => match (form.get("client_id"), form.get("client_secret")) {
            (Some(id), Some(secret)) => (id.clone(), secret.clone()),
            _ => return Err(OAuthError::invalid_client()),
        },
    };
    let conn = st.db().lock();
    let stored = client_secret(&conn, &id)?;
    if !stored.is_some_and(|s| pin::secret_eq(s.as_bytes(), secret.as_bytes())) {
        return Err(OAuthError::invalid_client());
    }
    let now = st.now_ms();
    match form.get("grant_type").map(String::as_str) {
        None => {
            return Err(OAuthError::bad(
                "invalid_request",
                "grant_type is required.",
            ));
        }
        Some("client_credentials") => {}
        Some("refresh_token") => {
            let Some(refresh) = form.get("refresh_token") else {
                return Err(OAuthError::bad(
                    "invalid_request",
                    "refresh_token is required.",
                ));
            };
            let removed = conn.execute(
                "DELETE FROM auth365_tokens WHERE token = ?1 AND kind = 'refresh' \
                 AND client_id = ?2 AND expires_ms > ?3",
                params![refresh, id, now],
            )?;
            if removed == 0 {
                return Err(OAuthError::bad(
                    "invalid_grant",
                    "The refresh token is invalid, expired or revoked.",
                ));
            }
        }
        Some(_) => {
            return Err(OAuthError::bad(
                "unsupported_grant_type",
                "grant_type must be client_credentials or refresh_token.",
            ));
        }
    }
    conn.execute(
        "DELETE FROM auth365_tokens WHERE expires_ms <= ?1",
        params![now],
    )?;
    let access = pin::token();
    let refresh = pin::token();
    conn.execute(
        "INSERT INTO auth365_tokens (token, kind, client_id, expires_ms) VALUES (?1, 'access', ?2, ?3), (?4, 'refresh', ?2, ?5)",
        params![access, id, now + ACCESS_TTL_S * 1000, refresh, now + REFRESH_TTL_S * 1000],
    )?;
    let mut response = Json(TokenResponse {
        access_token: access,
        token_type: TokenType::Bearer,
        expires_in: ACCESS_TTL_S,
        refresh_token: refresh,
        refresh_expires_in: REFRESH_TTL_S,
        scope: "otp".to_owned(),
    })
    .into_response();
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The client a valid, unexpired access token belongs to; else 401.
pub fn bearer(conn: &Connection, headers: &HeaderMap, now_ms: i64) -> Result<String, Auth365Error> {
    let unauthorized = |m: &str| Auth365Error::new(StatusCode::UNAUTHORIZED, m);
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| unauthorized("Bearer token required"))?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or_else(|| unauthorized("Bearer token required"))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(unauthorized("Bearer token required"));
    }
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT client_id, expires_ms FROM auth365_tokens WHERE token = ?1 AND kind = 'access'",
            params![token.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((client, expires)) if expires > now_ms => Ok(client),
        Some(_) => Err(unauthorized("Token expired")),
        None => Err(unauthorized("Invalid token")),
    }
}
