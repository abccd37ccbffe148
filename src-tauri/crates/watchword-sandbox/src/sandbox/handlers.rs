//! Handlers of the sandbox's own endpoints (see the module above for why they exist).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::wire::{AdvanceClock, ClientView, ClockView, Health, HealthStatus, SinchAppView, error};
use crate::auth365::orders::ClientLimits;
use crate::clock::rfc3339_ms;
use crate::config::SinchAppOptions;
use crate::openapi::responses::{SandboxErrors, SandboxGuarded};
use crate::outbox;
use crate::state::SandboxState;

fn internal() -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
}

/// Liveness, for scripts waiting on a freshly started binary.
#[utoipa::path(get, path = "/sandbox/health", tag = "sandbox",
    responses((status = 200, description = "ok", body = Health), SandboxGuarded))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: HealthStatus::Ok,
    })
}

fn clock_view(st: &SandboxState, now_ms: i64) -> Json<ClockView> {
    Json(ClockView {
        now: rfc3339_ms(now_ms),
        offset_seconds: st.clock().offset_seconds(),
    })
}

/// The sandbox's time, which TTLs, token expiry and TOTP steps follow.
#[utoipa::path(get, path = "/sandbox/clock", tag = "sandbox",
    security(("SandboxToken" = [])),
    responses((status = 200, description = "clock", body = ClockView), SandboxGuarded))]
pub async fn get_clock(State(st): State<SandboxState>) -> Json<ClockView> {
    clock_view(&st, st.now_ms())
}

/// Moves the clock forward (0 to 10 years), so expiry can be tested without waiting.
#[utoipa::path(post, path = "/sandbox/clock", tag = "sandbox",
    security(("SandboxToken" = [])),
    request_body = AdvanceClock,
    responses((status = 200, description = "clock", body = ClockView), SandboxErrors))]
pub async fn advance_clock(State(st): State<SandboxState>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<AdvanceClock>(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected {\"advanceSeconds\": N}");
    };
    if !(0..=10 * 366 * 86_400).contains(&req.advance_seconds) {
        return error(
            StatusCode::BAD_REQUEST,
            "advanceSeconds must be 0 to 316224000 (the clock never goes back)",
        );
    }
    let now = st.clock().advance(req.advance_seconds);
    clock_view(&st, now).into_response()
}

/// The messages "sent" so far, oldest first, optionally for one recipient: the user's
/// phone and mailbox.
#[utoipa::path(get, path = "/sandbox/outbox", tag = "sandbox",
    security(("SandboxToken" = [])),
    params(("to" = Option<String>, Query, description = "one recipient")),
    responses((status = 200, description = "messages", body = [Entry]), SandboxGuarded))]
pub async fn get_outbox(State(st): State<SandboxState>, RawQuery(query): RawQuery) -> Response {
    let to = query.as_deref().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "to")
            .map(|(_, v)| v.into_owned())
    });
    let conn = st.db().lock();
    match outbox::list(&conn, to.as_deref()) {
        Ok(entries) => Json(entries).into_response(),
        Err(_) => internal(),
    }
}

/// Empties the outbox, so a test reads only its own messages.
#[utoipa::path(delete, path = "/sandbox/outbox", tag = "sandbox",
    security(("SandboxToken" = [])),
    responses((status = 204, description = "emptied"), SandboxGuarded))]
pub async fn clear_outbox(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    match outbox::clear(&conn) {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => internal(),
    }
}

/// Sinch applications and their options (never secrets), as support would see them.
#[utoipa::path(get, path = "/sandbox/sinch/apps", tag = "sandbox",
    security(("SandboxToken" = [])),
    responses((status = 200, description = "apps", body = [SinchAppView]), SandboxGuarded))]
pub async fn list_sinch_apps(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    let rows = (|| -> rusqlite::Result<Vec<SinchAppView>> {
        let mut stmt = conn.prepare("SELECT key, options FROM sinch_apps ORDER BY key")?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let options: String = r.get(1)?;
            Ok(SinchAppView::new(
                &key,
                serde_json::from_str(&options).unwrap_or_default(),
            ))
        })?;
        rows.collect()
    })();
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(_) => internal(),
    }
}

/// Sets options, as Sinch support would on an account. Fields present replace the stored
/// ones, absent fields keep theirs (`"callbackUrl": null` removes the callback).
#[utoipa::path(put, path = "/sandbox/sinch/apps/{key}", tag = "sandbox",
    security(("SandboxToken" = [])),
    params(("key" = String, Path, description = "application key")),
    request_body = SinchAppOptions,
    responses((status = 200, description = "app", body = SinchAppView), SandboxErrors))]
pub async fn put_sinch_app(
    State(st): State<SandboxState>,
    Path(key): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(patch)) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected a JSON object of options");
    };
    let conn = st.db().lock();
    let Ok(Some(app)) = crate::sinch::auth::load_app(&conn, &key) else {
        return error(StatusCode::NOT_FOUND, "Unknown Sinch application");
    };
    let mut merged = serde_json::to_value(&app.options).unwrap_or_default();
    for (k, v) in patch {
        merged[k] = v;
    }
    let options: SinchAppOptions = match serde_json::from_value(merged) {
        Ok(o) => o,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    if let Err(e) = options.validate() {
        return error(StatusCode::BAD_REQUEST, &e);
    }
    let text = serde_json::to_string(&options).unwrap_or_default();
    match conn.execute(
        "UPDATE sinch_apps SET options = ?2 WHERE key = ?1",
        rusqlite::params![key, text],
    ) {
        Ok(_) => Json(SinchAppView::new(&key, options)).into_response(),
        Err(_) => internal(),
    }
}

/// Auth365 clients and their limits (never secrets).
#[utoipa::path(get, path = "/sandbox/auth365/clients", tag = "sandbox",
    security(("SandboxToken" = [])),
    responses((status = 200, description = "clients", body = [ClientView]), SandboxGuarded))]
pub async fn list_auth365_clients(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    let rows = (|| -> rusqlite::Result<Vec<ClientView>> {
        let mut stmt = conn.prepare("SELECT id, limits FROM auth365_clients ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let limits: String = r.get(1)?;
            Ok(ClientView::new(
                &id,
                serde_json::from_str(&limits).unwrap_or_default(),
            ))
        })?;
        rows.collect()
    })();
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(_) => internal(),
    }
}

/// Sets a client's limits (`generateLimit`, `validateLimit`, `maxAttempts`), so limit
/// paths can be tested quickly; absent fields keep their value.
#[utoipa::path(put, path = "/sandbox/auth365/clients/{id}", tag = "sandbox",
    security(("SandboxToken" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = ClientLimits,
    responses((status = 200, description = "client", body = ClientView), SandboxErrors))]
pub async fn put_auth365_client(
    State(st): State<SandboxState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(Value::Object(patch)) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected a JSON object of limits");
    };
    let conn = st.db().lock();
    let exists: Result<i64, _> = conn.query_row(
        "SELECT COUNT(*) FROM auth365_clients WHERE id = ?1",
        rusqlite::params![id],
        |r| r.get(0),
    );
    if exists.unwrap_or(0) == 0 {
        return error(StatusCode::NOT_FOUND, "Unknown Auth365 client");
    }
    let current = ClientLimits::load(&conn, &id).unwrap_or_default();
    let mut merged = serde_json::to_value(&current).unwrap_or_default();
    for (k, v) in patch {
        merged[k] = v;
    }
    let limits: ClientLimits = match serde_json::from_value(merged) {
        Ok(l) => l,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    if let Err(e) = limits.validate() {
        return error(StatusCode::BAD_REQUEST, &e);
    }
    let text = serde_json::to_string(&limits).unwrap_or_default();
    match conn.execute(
        "UPDATE auth365_clients SET limits = ?2 WHERE id = ?1",
        rusqlite::params![id, text],
    ) {
        Ok(_) => Json(ClientView::new(&id, limits)).into_response(),
        Err(_) => internal(),
    }
}
