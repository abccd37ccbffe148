//! Infobip's error body:
//! `{"requestError":{"serviceException":{"messageId":"BAD_REQUEST","text":"…","validationErrors":{…}}}}`.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::wire::{InfobipErrorBody, RequestError, ServiceException};

/// An Infobip error answer; handlers return it with `?` and it answers in Infobip's
/// format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {message_id}: {text}")]
pub struct InfobipError {
    /// HTTP status.
    pub status: StatusCode,
    /// `messageId` (`BAD_REQUEST`, `UNAUTHORIZED`, `NOT_FOUND`, `TOO_MANY_REQUESTS`, …).
    pub message_id: &'static str,
    /// `text`.
    pub text: String,
    /// Field errors of a 400.
    pub validation: BTreeMap<String, Vec<String>>,
    /// Seconds for `Retry-After` (a 429 from a rate limit); other 429s get 1.
    pub retry_after: Option<u64>,
}

impl InfobipError {
    /// Builds an error without field errors.
    pub fn new(status: StatusCode, message_id: &'static str, text: impl Into<String>) -> Self {
        InfobipError {
            status,
            message_id,
            text: text.into(),
            validation: BTreeMap::new(),
            retry_after: None,
        }
    }
    /// 400 `BAD_REQUEST` with one field error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut e = InfobipError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", "Bad request");
        e.validation.insert(field.to_owned(), vec![message.into()]);
        e
    }
    /// 400 `BAD_REQUEST` without field errors.
    pub fn bad_request(text: impl Into<String>) -> Self {
        InfobipError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", text)
    }
    /// 401 `UNAUTHORIZED` "Invalid login details".
    pub fn unauthorized() -> Self {
        InfobipError::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Invalid login details",
        )
    }
    /// 404 `NOT_FOUND`.
    pub fn not_found(what: &str) -> Self {
        InfobipError::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found"),
        )
    }
    /// 429 `TOO_MANY_REQUESTS`.
    pub fn too_many(text: impl Into<String>) -> Self {
        InfobipError::new(StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS", text)
    }

    /// 429 from a rate limit, with the seconds until its window frees a place.
    pub fn limited(text: impl Into<String>, refused: crate::ratelimit::Refused) -> Self {
        let mut e = InfobipError::too_many(text);
        e.retry_after = Some(refused.seconds());
        e
    }
}

impl From<rusqlite::Error> for InfobipError {
    fn from(_: rusqlite::Error) -> Self {
        InfobipError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "GENERAL_ERROR",
            "General error",
        )
    }
}

impl IntoResponse for InfobipError {
    fn into_response(self) -> Response {
        let body = InfobipErrorBody {
            request_error: RequestError {
                service_exception: ServiceException {
                    message_id: self.message_id.to_owned(),
                    text: self.text,
                    validation_errors: (!self.validation.is_empty()).then_some(self.validation),
                },
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        crate::envelope::set_retry_after(&mut response, self.retry_after);
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("App"),
            );
        }
        response
    }
}
