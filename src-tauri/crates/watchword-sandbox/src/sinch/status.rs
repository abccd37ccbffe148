//! Reading a verification's status: by id, by reference, or by method and number.
//! Reading settles an expired verification, so a client polling sees FAIL "Expired".

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::callbacks;
use super::error::SinchError;
use super::http::{Result, authenticate_request, respond};
use super::method::VerificationMethod;
use super::model::{Verification, normalize_endpoint};
use super::wire::StatusResponse;
use crate::openapi::responses::SinchErrors;
use crate::state::SandboxState;

/// Reads a verification's status by the id the start answered.
#[utoipa::path(
    get,
    path = "/verification/v1/verifications/id/{id}",
    tag = "sinch",
    params(("id" = String, Path, description = "verification id")),
    responses((status = 200, description = "status", body = StatusResponse), SinchErrors),
    security(("SinchBasic" = []), ("SinchSigned" = [])),
)]
pub async fn status_by_id(
    State(st): State<SandboxState>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(status(&st, &method, &uri, &headers, &body, |conn, app| {
        Verification::by_id(conn, app, &id)
    }))
}

/// Reads a verification's status by the caller's own reference.
#[utoipa::path(
    get,
    path = "/verification/v1/verifications/reference/{reference}",
    tag = "sinch",
    params(("reference" = String, Path, description = "the caller's reference")),
    responses((status = 200, description = "status", body = StatusResponse), SinchErrors),
    security(("SinchBasic" = []), ("SinchSigned" = [])),
)]
pub async fn status_by_reference(
    State(st): State<SandboxState>,
    Path(reference): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(status(&st, &method, &uri, &headers, &body, |conn, app| {
        Verification::by_reference(conn, app, &reference)
    }))
}

/// Reads the newest verification of a number by one method.
#[utoipa::path(
    get,
    path = "/verification/v1/verifications/{method}/number/{endpoint}",
    tag = "sinch",
    params(
        ("method" = VerificationMethod, Path, description = "verification method"),
        ("endpoint" = String, Path, description = "E.164 number"),
    ),
    responses((status = 200, description = "status", body = StatusResponse), SinchErrors),
    security(("SinchBasic" = []), ("SinchSigned" = [])),
)]
pub async fn status_by_identity(
    State(st): State<SandboxState>,
    Path((vmethod, endpoint)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(status(&st, &method, &uri, &headers, &body, |conn, app| {
        let (Some(m), Some(e)) = (
            VerificationMethod::parse(&vmethod),
            normalize_endpoint(&endpoint),
        ) else {
            return Ok(None);
        };
        Verification::newest(conn, app, &e, Some(m), false)
    }))
}

fn status(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    find: impl FnOnce(&rusqlite::Connection, &str) -> rusqlite::Result<Option<Verification>>,
) -> Result<StatusResponse> {
    let app = authenticate_request(st, method, uri, headers, body, false)?;
    let now = st.now_ms();
    let (v, expired) = {
        let conn = st.db().lock();
        let mut v = find(&conn, &app.key)?.ok_or_else(SinchError::not_found)?;
        let expired = v.settle_expiry(now);
        if expired {
            v.save(&conn)?;
        }
        (v, expired)
    };
    if expired {
        callbacks::result_event(st, &app, &v);
    }
    Ok(v.status_response())
}
