//! Reporting a code or CLI, by verification id or by number.
//!
//! A wrong code answers 200 FAIL "Invalid code" (a wrong CLI "Invalid CLI") while the
//! verification stays PENDING until `maxAttempts` wrong reports, then it is final FAIL.
//! `callComplete` (flash call and callout only) is true once the verification is final.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::callbacks;
use super::error::SinchError;
use super::http::{Result, authenticate_request, parse_json, respond};
use super::method::VerificationMethod;
use super::model::{Verification, normalize_endpoint};
use super::status_name::StatusName;
use super::wire::{ReportRequest, ReportResponse};
use crate::openapi::responses::SinchErrors;
use crate::pin;
use crate::state::SandboxState;

/// Reports the code (or CLI) the user received, by the id the start answered.
#[utoipa::path(
    put,
    path = "/verification/v1/verifications/id/{id}",
    tag = "sinch",
    params(("id" = String, Path, description = "verification id")),
    request_body = ReportRequest,
    responses((status = 200, description = "report outcome", body = ReportResponse), SinchErrors),
    security(("SinchBasic" = []), ("SinchSigned" = [])),
)]
pub async fn report_by_id(
    State(st): State<SandboxState>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(report(&st, &method, &uri, &headers, &body, Target::Id(&id)))
}

/// Reports for the newest pending verification of a number, for clients that kept no id.
#[utoipa::path(
    put,
    path = "/verification/v1/verifications/number/{endpoint}",
    tag = "sinch",
    params(("endpoint" = String, Path, description = "E.164 number")),
    request_body = ReportRequest,
    responses((status = 200, description = "report outcome", body = ReportResponse), SinchErrors),
    security(("SinchBasic" = []), ("SinchSigned" = [])),
)]
pub async fn report_by_number(
    State(st): State<SandboxState>,
    Path(endpoint): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(report(
        &st,
        &method,
        &uri,
        &headers,
        &body,
        Target::Number(&endpoint),
    ))
}

enum Target<'a> {
    Id(&'a str),
    Number(&'a str),
}

fn report(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    target: Target<'_>,
) -> Result<ReportResponse> {
    let app = authenticate_request(st, method, uri, headers, body, false)?;
    let req: ReportRequest = parse_json(body)?;
    let reported_method = match &req.method {
        Some(m) => Some(VerificationMethod::parse(m).ok_or_else(|| {
            SinchError::validation("method must be sms, flashcall, callout or whatsapp")
        })?),
        None => None,
    };
    let cli = req
        .flash_call
        .as_ref()
        .or(req.flashcall.as_ref())
        .and_then(|f| f.cli.clone());
    let code = [&req.sms, &req.callout, &req.whatsapp]
        .into_iter()
        .flatten()
        .find_map(|c| c.code.clone());
    let now = st.now_ms();
    let (verification, response, finished) = {
        let conn = st.db().lock();
        let found = match target {
            Target::Id(id) => Verification::by_id(&conn, &app.key, id)?,
            Target::Number(number) => {
                let endpoint = normalize_endpoint(number)
                    .ok_or_else(|| SinchError::identity("Invalid identity"))?;
                Verification::newest(&conn, &app.key, &endpoint, None, true)?
            }
        };
        let mut v = found.ok_or_else(SinchError::not_found)?;
        if let Some(m) = reported_method
            && m != v.method
        {
            return Err(SinchError::validation(format!(
                "this verification's method is {}",
                v.method
            )));
        }
        if v.method == VerificationMethod::Seamless {
            return Err(SinchError::validation(
                "a seamless verification completes at its target URI",
            ));
        }
        if v.is_final() {
            return Ok(v.report_response(v.status, v.reason.as_deref()));
        }
        if v.settle_expiry(now) {
            v.save(&conn)?;
            let r = v.report_response(StatusName::Fail, Some("Expired"));
            (v, r, true)
        } else {
            let flash = v.method == VerificationMethod::FlashCall;
            let (answer, wrong_reason) = if flash {
                (cli.as_deref().and_then(normalize_endpoint), "Invalid CLI")
            } else {
                (code.clone(), "Invalid code")
            };
            let Some(answer) = answer else {
                return Err(SinchError::identity(if flash {
                    "flashCall.cli is required"
                } else {
                    "the code is required"
                }));
            };
            if pin::matches(&v.code, &answer) {
                v.finish(StatusName::Successful, None, now);
                v.save(&conn)?;
                let r = v.report_response(StatusName::Successful, None);
                (v, r, true)
            } else {
                v.attempts_used += 1;
                v.updated_ms = now;
                let exhausted = v.attempts_used >= v.max_attempts;
                if exhausted {
                    v.finish(StatusName::Fail, Some(wrong_reason), now);
                }
                v.save(&conn)?;
                let r = v.report_response(StatusName::Fail, Some(wrong_reason));
                (v, r, exhausted)
            }
        }
    };
    if finished {
        callbacks::result_event(st, &app, &verification);
    }
    Ok(response)
}
