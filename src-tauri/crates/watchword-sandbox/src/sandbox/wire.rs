//! Bodies of the sandbox's own endpoints as types, shared by the handlers and the
//! OpenAPI document.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth365::orders::ClientLimits;
use crate::config::SinchAppOptions;

/// The sandbox endpoints' error body, so scripts can read every failure one way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SandboxErrorBody {
    /// What was wrong.
    pub error: String,
}

/// A sandbox error response `{"error": message}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(SandboxErrorBody {
            error: message.to_owned(),
        }),
    )
        .into_response()
}

/// `ok`, the only health state: an answer at all is the signal.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// Serving.
    Ok,
}

/// The liveness answer waited on by scripts that start the binary.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: HealthStatus,
}

/// The sandbox clock, so tests can compute expiries from the server's view of time.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    /// RFC 3339 with milliseconds.
    pub now: String,
    /// Seconds added to the wall clock so far.
    pub offset_seconds: i64,
}

/// `POST /sandbox/clock` body: only forward, at most ten years at a time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdvanceClock {
    /// Seconds to move forward.
    #[schema(minimum = 0, maximum = 316224000)]
    pub advance_seconds: i64,
}

/// A Sinch application as listed: its key and options, never its secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SinchAppView {
    /// Application key.
    pub key: String,
    /// Callback URL, or null.
    pub callback_url: Option<String>,
    /// See [`SinchAppOptions`].
    pub return_full_cli: bool,
    /// See [`SinchAppOptions`].
    pub accept_custom_code: bool,
    /// See [`SinchAppOptions`].
    pub code_length: usize,
    /// See [`SinchAppOptions`].
    pub max_attempts: u32,
    /// See [`SinchAppOptions`].
    pub ttl_seconds: u64,
    /// See [`SinchAppOptions`].
    pub start_limit: String,
    /// See [`SinchAppOptions`].
    pub callback_timeout_seconds: u64,
}

impl SinchAppView {
    /// The listed view of one application.
    pub fn new(key: &str, o: SinchAppOptions) -> SinchAppView {
        SinchAppView {
            key: key.to_owned(),
            callback_url: o.callback_url,
            return_full_cli: o.return_full_cli,
            accept_custom_code: o.accept_custom_code,
            code_length: o.code_length,
            max_attempts: o.max_attempts,
            ttl_seconds: o.ttl_seconds,
            start_limit: o.start_limit,
            callback_timeout_seconds: o.callback_timeout_seconds,
        }
    }
}

/// An Auth365 client as listed: its id and limits, never its secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientView {
    /// Client id.
    pub id: String,
    /// See [`ClientLimits`].
    pub generate_limit: String,
    /// See [`ClientLimits`].
    pub validate_limit: String,
    /// See [`ClientLimits`].
    pub max_attempts: u32,
}

impl ClientView {
    /// The listed view of one client.
    pub fn new(id: &str, l: ClientLimits) -> ClientView {
        ClientView {
            id: id.to_owned(),
            generate_limit: l.generate_limit,
            validate_limit: l.validate_limit,
            max_attempts: l.max_attempts,
        }
    }
}
