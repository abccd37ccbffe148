//! Sandbox-only endpoints under `/sandbox`: health, clock, outbox, Sinch app options,
//! Auth365 client limits, the OpenAPI document. They need no authentication: the sandbox listens on loopback
//! and these play the user's phone and the provider's support desk.
//! Their error body is `{"error":"…"}`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth365::orders::ClientLimits;
use crate::clock::rfc3339_ms;
use crate::config::SinchAppOptions;
use crate::outbox;
use crate::state::SandboxState;

/// The OpenAPI 3.0 document of everything served.
pub const OPENAPI: &str = include_str!("openapi.json");

/// A sandbox error response `{"error": message}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

fn internal() -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
}

/// `GET /sandbox/health`.
pub async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /sandbox/openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn clock_json(st: &SandboxState, now_ms: i64) -> Json<Value> {
    Json(json!({"now": rfc3339_ms(now_ms), "offsetSeconds": st.clock().offset_seconds()}))
}

/// `GET /sandbox/clock`.
pub async fn get_clock(State(st): State<SandboxState>) -> Json<Value> {
    clock_json(&st, st.now_ms())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Advance {
    advance_seconds: i64,
}

/// `POST /sandbox/clock {"advanceSeconds": N}`: moves the clock forward (0 to 10 years).
pub async fn advance_clock(State(st): State<SandboxState>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Advance>(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected {\"advanceSeconds\": N}");
    };
    if !(0..=10 * 366 * 86_400).contains(&req.advance_seconds) {
        return error(
            StatusCode::BAD_REQUEST,
            "advanceSeconds must be 0 to 316224000 (the clock never goes back)",
        );
    }
    let now = st.clock().advance(req.advance_seconds);
    clock_json(&st, now).into_response()
}

/// `GET /sandbox/outbox?to=RECIPIENT`: messages, oldest first.
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

/// `DELETE /sandbox/outbox`: empties it; 204.
pub async fn clear_outbox(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    match outbox::clear(&conn) {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => internal(),
    }
}

fn app_json(key: &str, options: &SinchAppOptions) -> Value {
    let mut v = serde_json::to_value(options).unwrap_or_default();
    v["key"] = json!(key);
    v
}

/// `GET /sandbox/sinch/apps`: keys and options, never secrets.
pub async fn list_sinch_apps(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    let rows = (|| -> rusqlite::Result<Vec<Value>> {
        let mut stmt = conn.prepare("SELECT key, options FROM sinch_apps ORDER BY key")?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let options: String = r.get(1)?;
            Ok(app_json(
                &key,
                &serde_json::from_str(&options).unwrap_or_default(),
            ))
        })?;
        rows.collect()
    })();
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(_) => internal(),
    }
}

/// `PUT /sandbox/sinch/apps/{key}`: sets options. Fields present replace the stored
/// ones, absent fields keep theirs (`"callbackUrl": null` removes the callback).
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
        Ok(_) => Json(app_json(&key, &options)).into_response(),
        Err(_) => internal(),
    }
}

fn client_json(id: &str, limits: &ClientLimits) -> Value {
    let mut v = serde_json::to_value(limits).unwrap_or_default();
    v["id"] = json!(id);
    v
}

/// `GET /sandbox/auth365/clients`: ids and limits, never secrets.
pub async fn list_auth365_clients(State(st): State<SandboxState>) -> Response {
    let conn = st.db().lock();
    let rows = (|| -> rusqlite::Result<Vec<Value>> {
        let mut stmt = conn.prepare("SELECT id, limits FROM auth365_clients ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let limits: String = r.get(1)?;
            Ok(client_json(
                &id,
                &serde_json::from_str(&limits).unwrap_or_default(),
            ))
        })?;
        rows.collect()
    })();
    match rows {
        Ok(rows) => Json(rows).into_response(),
        Err(_) => internal(),
    }
}

/// `PUT /sandbox/auth365/clients/{id}`: sets a client's limits (`generateLimit`,
/// `validateLimit`, `maxAttempts`); absent fields keep their value.
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
        Ok(_) => Json(client_json(&id, &limits)).into_response(),
        Err(_) => internal(),
    }
}
