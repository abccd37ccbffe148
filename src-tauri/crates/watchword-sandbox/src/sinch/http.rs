//! Request plumbing every Sinch handler shares: authentication against the decoded
//! path, JSON parsing into Sinch's 40001, and answering a typed body.

use axum::Json;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::auth::{App, authenticate};
use super::error::SinchError;
use crate::state::SandboxState;

/// Results of the Sinch handlers, whose errors are answered in Sinch's format.
pub type Result<T> = std::result::Result<T, SinchError>;

/// Authenticates a request; signatures cover the percent-decoded path, as clients sign it.
pub fn authenticate_request(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    allow_public: bool,
) -> Result<App> {
    let path = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let conn = st.db().lock();
    let (app, _) = authenticate(&conn, method.as_str(), &path, headers, body, allow_public)?;
    Ok(app)
}

/// Parses a JSON body; a malformed one is 400/40001 like any other parameter error.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| SinchError::validation(format!("Invalid JSON body: {e}")))
}

/// Answers 200 with the body, or the error in Sinch's format.
pub fn respond<T: Serialize>(result: Result<T>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}
