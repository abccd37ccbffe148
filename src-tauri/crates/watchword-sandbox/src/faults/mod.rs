//! Failure injection, so a backend's handling of every provider outcome can be tested
//! on demand: reserved recipients that always meet one outcome (the way payment
//! sandboxes reserve card numbers; the table is [`RESERVED`] and the README's), and
//! faults queued by `POST /sandbox/faults` for the next N requests naming a recipient.
//!
//! Two families of fault: those the transport or the envelope can play for any request
//! (an HTTP error in the provider's own error body, a slow answer, a dropped
//! connection), applied by the [`inject`] middleware before any handler runs; and
//! outcomes only a handler can produce (a Sinch verification ending with a status and
//! reason, an Infobip SMS not sent or a verify refused with a `pinError`), which the
//! handlers take with [`outcome`]. A queued fault is used up only by a request it
//! applies to, so an Infobip verify fault waits for the verify.

pub mod queue;

use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::envelope::{self, Api};
use crate::openapi::responses::{SandboxErrors, SandboxGuarded};
use crate::outbox;
use crate::sandbox::wire::error;
use crate::state::SandboxState;
pub use queue::{
    Fault, Faults, MAX_COUNT, MAX_SLOW_MS, QueuedFault, RESERVED_HTTP, SINCH_REASONS, Step,
    reserved,
};

/// The outcome a handler at `step` must produce for `recipient`: the reserved one, else
/// one use of a queued fault meant for that step.
pub fn outcome(st: &SandboxState, recipient: &str, step: Step) -> Option<Fault> {
    let norm = outbox::normalize(recipient);
    reserved(&norm)
        .filter(|f| step.takes(f))
        .or_else(|| st.faults().take_if(&norm, |f| step.takes(f)))
}

/// `POST /sandbox/faults`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRequest {
    /// A phone number or an email address, as any provider API would name it.
    #[schema(min_length = 1, max_length = 254)]
    pub to: String,
    /// How many requests (1–1000, default 1).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub count: Option<u32>,
    /// What they meet.
    pub fault: Fault,
}

/// Queues a fault for the next `count` requests naming a recipient.
#[utoipa::path(post, path = "/sandbox/faults", tag = "sandbox", request_body = FaultRequest,
    responses((status = 200, description = "queued", body = QueuedFault), SandboxErrors),
    security(("SandboxToken" = [])))]
pub async fn post_fault(State(st): State<SandboxState>, raw: Bytes) -> Response {
    let req: FaultRequest = match serde_json::from_slice(&raw) {
        Ok(req) => req,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("Invalid body: {e}")),
    };
    let count = req.count.unwrap_or(1);
    if !(1..=MAX_COUNT).contains(&count) {
        return error(StatusCode::BAD_REQUEST, "count must be 1 to 1000");
    }
    let to = outbox::normalize(&req.to);
    if to.is_empty() || to.len() > 254 {
        return error(StatusCode::BAD_REQUEST, "to must be a number or an address");
    }
    if let Err(message) = req.fault.validate() {
        return error(StatusCode::BAD_REQUEST, &message);
    }
    st.faults().set(to.clone(), req.fault.clone(), count);
    Json(QueuedFault {
        to,
        count,
        fault: req.fault,
    })
    .into_response()
}

/// Lists the queued faults.
#[utoipa::path(get, path = "/sandbox/faults", tag = "sandbox",
    responses((status = 200, description = "queued faults", body = [QueuedFault]), SandboxGuarded),
    security(("SandboxToken" = [])))]
pub async fn list_faults(State(st): State<SandboxState>) -> Response {
    Json(st.faults().list()).into_response()
}

/// Forgets every queued fault (reserved numbers stay).
#[utoipa::path(delete, path = "/sandbox/faults", tag = "sandbox",
    responses((status = 204, description = "cleared"), SandboxGuarded),
    security(("SandboxToken" = [])))]
pub async fn clear_faults(State(st): State<SandboxState>) -> Response {
    st.faults().clear();
    StatusCode::NO_CONTENT.into_response()
}

/// The recipient a provider request names: in its JSON body, its path or the record
/// its id points to. `None` for requests that name none (lists, templates, tokens).
fn recipient(st: &SandboxState, path: &str, query: Option<&str>, body: &[u8]) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let decoded = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    if let Some(i) = segments.iter().position(|s| *s == "number")
        && let Some(n) = segments.get(i + 1)
    {
        return Some(decoded(n));
    }
    let lookup = |sql: &str, key: &str| -> Option<String> {
        let conn = st.db().lock();
        conn.query_row(sql, [key], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
    };
    match segments.as_slice() {
        ["verification", "v1", "verifications", "id", id] => {
            return lookup(
                "SELECT endpoint FROM sinch_verifications WHERE id = ?1",
                &decoded(id),
            );
        }
        ["verification", "v1", "verifications", "reference", r] => {
            return lookup(
                "SELECT endpoint FROM sinch_verifications WHERE reference = ?1",
                &decoded(r),
            );
        }
        ["2fa", "2", "pin", id, ..] if !matches!(*id, "voice" | "email") => {
            return lookup(
                "SELECT to_norm FROM infobip_pins WHERE id = ?1",
                &decoded(id),
            );
        }
        ["2fa", "2", "applications", _, "verifications"] => {
            return form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .find(|(k, _)| k == "msisdn")
                .map(|(_, v)| v.into_owned());
        }
        ["tokens", order] if !matches!(*order, "generate" | "sendurl" | "validate") => {
            return lookup(
                "SELECT to_norm FROM auth365_orders WHERE order_id = ?1",
                &decoded(order),
            );
        }
        _ => {}
    }
    let json: Value = serde_json::from_slice(body).ok()?;
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(e) = json.pointer("/identity/endpoint").and_then(text) {
        return Some(e);
    }
    for key in ["to", "telephoneNumber", "emailAddress"] {
        if let Some(v) = json.get(key).and_then(text) {
            return Some(v);
        }
    }
    json.get("orderID").and_then(text).and_then(|order| {
        lookup(
            "SELECT to_norm FROM auth365_orders WHERE order_id = ?1",
            &order,
        )
    })
}

/// A body that fails on its first read: the server aborts the connection, so the
/// client sees it closed without a complete answer.
fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "dropped by a sandbox fault",
        ))
    });
    Response::new(Body::from_stream(stream))
}

/// Plays a queued HTTP, slow or drop fault for the recipient a provider request names.
/// Does nothing (not even read the body) while no fault is queued.
pub async fn inject(State(st): State<SandboxState>, req: Request, next: Next) -> Response {
    let api = envelope::api_for(req.uri().path());
    if !st.faults().pending() || api == Api::Sandbox {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, crate::BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return envelope::error_for(api, StatusCode::PAYLOAD_TOO_LARGE),
    };
    let fault = recipient(&st, parts.uri.path(), parts.uri.query(), &bytes).and_then(|to| {
        st.faults()
            .take_if(&outbox::normalize(&to), Fault::is_transport)
    });
    let req = Request::from_parts(parts, Body::from(bytes));
    match fault {
        Some(Fault::Http { status }) => envelope::error_for(
            api,
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        ),
        Some(Fault::Slow { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            next.run(req).await
        }
        Some(Fault::Drop) => dropped(),
        _ => next.run(req).await,
    }
}
