//! Auth365's error bodies: `{"status":"error","message":"…"}` everywhere, except the
//! token endpoint, which answers RFC 6749's `{"error":"invalid_client"}` shape.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::wire::{Auth365ErrorBody, ErrorStatus, OAuthErrorBody};

/// An Auth365 API error; handlers return it with `?` and it answers in the API's format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct Auth365Error {
    /// HTTP status (400, 401, 404, 429).
    pub status: StatusCode,
    /// `message`.
    pub message: String,
    /// Seconds for `Retry-After` (a 429 from a rate limit); other 429s get 1.
    pub retry_after: Option<u64>,
}

impl Auth365Error {
    /// Builds an error.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Auth365Error {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
    /// 400.
    pub fn bad(message: impl Into<String>) -> Self {
        Auth365Error::new(StatusCode::BAD_REQUEST, message)
    }
    /// 404.
    /// 429 from a rate limit, with the seconds until its window frees a place.
    pub fn limited(message: impl Into<String>, refused: crate::ratelimit::Refused) -> Self {
        let mut e = Auth365Error::new(StatusCode::TOO_MANY_REQUESTS, message);
        e.retry_after = Some(refused.seconds());
        e
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Auth365Error::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<rusqlite::Error> for Auth365Error {
    fn from(_: rusqlite::Error) -> Self {
        Auth365Error::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
    }
}

impl IntoResponse for Auth365Error {
    fn into_response(self) -> Response {
        let body = Auth365ErrorBody {
            status: ErrorStatus::Error,
            message: self.message,
        };
        let mut r = (self.status, Json(body)).into_response();
        crate::envelope::set_retry_after(&mut r, self.retry_after);
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"auth365\""),
            );
        }
        r
    }
}

/// An RFC 6749 §5.2 token endpoint error, answered in that RFC's shape because OAuth
/// client libraries parse it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {error}: {description}")]
pub struct OAuthError {
    /// HTTP status (400 or 401).
    pub status: StatusCode,
    /// `invalid_client`, `invalid_request`, `invalid_grant`, `unsupported_grant_type`.
    pub error: &'static str,
    /// `error_description`.
    pub description: &'static str,
}

impl OAuthError {
    /// 401 `invalid_client`.
    pub fn invalid_client() -> Self {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "Client authentication failed.",
        }
    }
    /// 400 with `error`.
    pub fn bad(error: &'static str, description: &'static str) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error,
            description,
        }
    }
}

impl From<rusqlite::Error> for OAuthError {
    fn from(_: rusqlite::Error) -> Self {
        OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "server_error",
            description: "Internal error.",
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = OAuthErrorBody {
            error: self.error.to_owned(),
            error_description: Some(self.description.to_owned()),
        };
        let mut r = (self.status, Json(body)).into_response();
        let h = r.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"auth365\""),
            );
        }
        r
    }
}
