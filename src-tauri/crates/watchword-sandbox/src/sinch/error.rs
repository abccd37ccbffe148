//! Sinch's error body: `{"errorCode":40400,"message":"…","reference":"<request id>"}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::wire::SinchErrorBody;
use crate::pin;

/// A Sinch error answer: HTTP status, Sinch's five-digit code, a message; handlers
/// return it with `?` and it answers in Sinch's format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct SinchError {
    /// HTTP status.
    pub status: StatusCode,
    /// Sinch `errorCode`.
    pub code: u32,
    /// Human-readable message.
    pub message: String,
    /// Seconds for `Retry-After` (a 429 from a rate limit); other 429s get 1.
    pub retry_after: Option<u64>,
}

impl SinchError {
    /// Builds an error.
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> SinchError {
        SinchError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
    /// 400/40001 parameter validation.
    pub fn validation(message: impl Into<String>) -> SinchError {
        SinchError::new(StatusCode::BAD_REQUEST, 40001, message)
    }
    /// 400/40003 invalid identity or code.
    pub fn identity(message: impl Into<String>) -> SinchError {
        SinchError::new(StatusCode::BAD_REQUEST, 40003, message)
    }
    /// 404/40400.
    pub fn not_found() -> SinchError {
        SinchError::new(
            StatusCode::NOT_FOUND,
            40400,
            "Requested resource was not found.",
        )
    }
    /// 403/40303 restricted action.
    /// The same error, told to come back after the limit's window frees a place.
    pub fn retry_after(mut self, refused: crate::ratelimit::Refused) -> SinchError {
        self.retry_after = Some(refused.seconds());
        self
    }

    /// 403/40303.
    pub fn restricted(message: impl Into<String>) -> SinchError {
        SinchError::new(StatusCode::FORBIDDEN, 40303, message)
    }
}

impl From<rusqlite::Error> for SinchError {
    fn from(_: rusqlite::Error) -> Self {
        SinchError::new(StatusCode::INTERNAL_SERVER_ERROR, 50000, "Internal error.")
    }
}

impl IntoResponse for SinchError {
    fn into_response(self) -> Response {
        let body = SinchErrorBody {
            error_code: self.code,
            message: self.message,
            reference: pin::hex_id_lower(),
        };
        let mut response = (self.status, Json(body)).into_response();
        crate::envelope::set_retry_after(&mut response, self.retry_after);
        response
    }
}
