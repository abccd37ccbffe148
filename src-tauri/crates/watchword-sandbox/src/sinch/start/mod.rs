//! `POST /verification/v1/verifications`: parse → plan → (callback) → persist → answer.
//!
//! Decisions where the document is open:
//! - Everything is scoped to the authenticated application; a new verification aborts
//!   the pending ones of the same number in the same application.
//! - `whatsapp` is accepted and delivered like an SMS (outbox channel `sms`, text
//!   prefixed `WhatsApp:`); its start response carries `whatsapp: {codeType}`.
//! - `sms.interceptionTimeout` is the TTL minus 2 s (298 for the default 300 s);
//!   flash calls: `interceptionTimeout` from `flashCallOptions` or 45, `reportTimeout`
//!   interception + 30, `denyCallAfter` 0. The calling number is `+4600000NNNN`.
//! - `Accept-Language`: the first language range is echoed in `Content-Language`; the
//!   SMS is in that language for en, sv, de, fr, es, else English.
//! - A start that exceeds `startLimit` for the number is 429/42901 and stores nothing;
//!   running out of distinct codes for a number is 429/42900.
//! - A reserved number or a queued fault (`crate::faults`) answers an HTTP error before
//!   anything is stored, or ends the verification at once with its status and reason:
//!   the usual 200 answer (nothing reaches the outbox; the status shows the outcome),
//!   or 403/40303 for the callback reasons, as a real callback's deny answers.

mod answer;
mod parse;
mod persist;
mod plan;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};

use super::callbacks::{self, Decision};
use super::error::SinchError;
use super::http::{Result, authenticate_request, parse_json};
use super::status_name::StatusName;
use super::wire::StartRequest;
use crate::envelope::{self, Api};
use crate::faults::{self, Fault, Step};
use crate::openapi::responses::SinchErrors;
use crate::state::SandboxState;
use parse::StartParams;
use plan::Plan;

/// Starts a verification and sends its code to the outbox.
#[utoipa::path(
    post,
    path = "/verification/v1/verifications",
    tag = "sinch",
    request_body = StartRequest,
    params(("Accept-Language" = Option<String>, Header, description = "the SMS language")),
    responses(
        (status = 200, description = "started", body = StartResponse,
         headers(("Content-Language" = String, description = "the language used"))),
        SinchErrors,
    ),
    security(("SinchBasic" = []), ("SinchSigned" = []), ("SinchPublic" = [])),
)]
pub async fn start(
    State(st): State<SandboxState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match start_inner(&st, &method, &uri, &headers, &body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn start_inner(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response> {
    let app = authenticate_request(st, method, uri, headers, body, true)?;
    let req: StartRequest = parse_json(body)?;
    let params = StartParams::parse(req, &app.options)?;
    let lang = answer::language(headers);
    let injected = faults::outcome(st, &params.endpoint, Step::SinchStart);
    if let Some(Fault::Http { status }) = injected {
        return Ok(envelope::error_for(Api::Sinch, http_status(status)));
    }
    let mut plan = Plan::reserve(st, &app, params, st.now_ms())?;
    if let Some(Fault::Sinch { status, reason }) = injected {
        let status = StatusName::parse(&status).unwrap_or(StatusName::Error);
        persist::finished(st, &app, &plan, status, reason.as_deref())?;
        return match reason.as_deref() {
            // What a real callback's deny answers (see `callbacks`).
            Some(r @ ("Denied by callback" | "Invalid callback")) => Err(SinchError::restricted(r)),
            _ => Ok(answer::started(st, &app, &plan, lang)),
        };
    }
    if app.options.callback_url.is_some() {
        let event = answer::request_event(&app, &plan, lang.as_deref(), st.now_ms());
        match callbacks::request_event(st, &app, &event).await {
            Decision::Allow(overrides) => plan.apply(overrides),
            Decision::Deny(reason) => {
                persist::denied(st, &app, &plan, reason)?;
                return Err(SinchError::restricted(reason));
            }
        }
    }
    persist::pending(st, &app, &plan, lang.as_deref())?;
    Ok(answer::started(st, &app, &plan, lang))
}

fn http_status(status: u16) -> axum::http::StatusCode {
    axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}
