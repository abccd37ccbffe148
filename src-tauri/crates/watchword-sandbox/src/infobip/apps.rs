//! Infobip applications and message templates (SMS/voice and email) CRUD.

use crate::openapi::responses::InfobipErrors;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use super::auth;
use super::error::InfobipError;
use super::model::{Application, apply_application, build_email_message, build_message};
use super::wire::AppConfig;
use crate::pin;
use crate::state::SandboxState;

pub(crate) type Result<T> = std::result::Result<T, InfobipError>;

pub(crate) fn reply(result: Result<(StatusCode, Value)>) -> Response {
    match result {
        Ok((status, v)) => (status, Json(v)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Loads an application.
pub fn load_app(conn: &Connection, id: &str) -> rusqlite::Result<Option<Application>> {
    conn.query_row(
        "SELECT id, name, enabled, config FROM infobip_apps WHERE id = ?1",
        params![id],
        |r| {
            let config: String = r.get(3)?;
            Ok(Application {
                id: r.get(0)?,
                name: r.get(1)?,
                enabled: r.get(2)?,
                config: serde_json::from_str(&config).unwrap_or_default(),
            })
        },
    )
    .optional()
}

fn save_app(conn: &Connection, app: &Application, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO infobip_apps (id, name, enabled, config, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, config = excluded.config",
        params![
            app.id,
            app.name,
            app.enabled,
            serde_json::to_string(&app.config).unwrap_or_default(),
            now
        ],
    )?;
    Ok(())
}

/// `GET /2fa/2/applications`.
#[utoipa::path(get, path = "/2fa/2/applications", tag = "infobip", responses((status = 200, description = "applications", body = [ApplicationView]), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn list(State(st): State<SandboxState>, headers: HeaderMap) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let mut stmt = conn.prepare("SELECT id FROM infobip_apps ORDER BY created_ms, id")?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut apps = Vec::new();
        for id in ids {
            if let Some(app) = load_app(&conn, &id)? {
                apps.push(app.to_json());
            }
        }
        Ok((StatusCode::OK, Value::Array(apps)))
    })())
}

/// `POST /2fa/2/applications` → 201.
#[utoipa::path(post, path = "/2fa/2/applications", tag = "infobip", request_body = ApplicationRequest, responses((status = 201, description = "created", body = ApplicationView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create(State(st): State<SandboxState>, headers: HeaderMap, body: Bytes) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let mut app = Application {
            id: pin::hex_id_upper(),
            name: String::new(),
            enabled: true,
            config: AppConfig::default(),
        };
        apply_application(&mut app, &body, true)?;
        save_app(&conn, &app, st.now_ms())?;
        Ok((StatusCode::CREATED, app.to_json()))
    })())
}

/// `GET /2fa/2/applications/{appId}`.
#[utoipa::path(get, path = "/2fa/2/applications/{appId}", tag = "infobip", params(("appId" = String, Path, description = "appId")), responses((status = 200, description = "application", body = ApplicationView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn get_one(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let app = load_app(&conn, &id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        Ok((StatusCode::OK, app.to_json()))
    })())
}

/// `PUT /2fa/2/applications/{appId}`: fields present replace the stored ones.
#[utoipa::path(put, path = "/2fa/2/applications/{appId}", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = ApplicationUpdate, responses((status = 200, description = "application", body = ApplicationView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn update(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let mut app =
            load_app(&conn, &id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        apply_application(&mut app, &body, false)?;
        save_app(&conn, &app, st.now_ms())?;
        Ok((StatusCode::OK, app.to_json()))
    })())
}

/// Loads a template of `kind` (`sms` or `email`) of an application.
pub fn load_message(
    conn: &Connection,
    app: &str,
    id: &str,
    kind: &str,
) -> rusqlite::Result<Option<Value>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM infobip_messages WHERE id = ?1 AND app_id = ?2 AND kind = ?3",
            params![id, app, kind],
            |r| r.get(0),
        )
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn save_message(
    conn: &Connection,
    app: &str,
    id: &str,
    kind: &str,
    body: &Value,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO infobip_messages (id, app_id, kind, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body",
        params![id, app, kind, body.to_string(), now],
    )?;
    Ok(())
}

/// `GET /2fa/2/applications/{appId}/messages`.
#[utoipa::path(get, path = "/2fa/2/applications/{appId}/messages", tag = "infobip", params(("appId" = String, Path, description = "appId")), responses((status = 200, description = "templates", body = [MessageView]), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn list_messages(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        load_app(&conn, &app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        let mut stmt = conn.prepare(
            "SELECT body FROM infobip_messages WHERE app_id = ?1 AND kind = 'sms' ORDER BY created_ms, id",
        )?;
        let rows: Vec<String> = stmt
            .query_map(params![app], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let list: Vec<Value> = rows
            .iter()
            .filter_map(|b| serde_json::from_str(b).ok())
            .collect();
        Ok((StatusCode::OK, Value::Array(list)))
    })())
}

fn create_kind(
    st: &SandboxState,
    headers: &HeaderMap,
    app: &str,
    body: &[u8],
    kind: &str,
) -> Result<(StatusCode, Value)> {
    let conn = st.db().lock();
    auth::check(&conn, headers)?;
    load_app(&conn, app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    let mut message = if kind == "email" {
        build_email_message(body, None)?
    } else {
        build_message(body, None)?
    };
    let id = pin::hex_id_upper();
    message["messageId"] = json!(id);
    message["applicationId"] = json!(app);
    save_message(&conn, app, &id, kind, &message, st.now_ms())?;
    Ok((StatusCode::OK, message))
}

fn update_kind(
    st: &SandboxState,
    headers: &HeaderMap,
    app: &str,
    id: &str,
    body: &[u8],
    kind: &str,
) -> Result<(StatusCode, Value)> {
    let conn = st.db().lock();
    auth::check(&conn, headers)?;
    load_app(&conn, app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    let stored =
        load_message(&conn, app, id, kind)?.ok_or_else(|| InfobipError::not_found("Message"))?;
    let message = if kind == "email" {
        build_email_message(body, Some(&stored))?
    } else {
        build_message(body, Some(&stored))?
    };
    save_message(&conn, app, id, kind, &message, st.now_ms())?;
    Ok((StatusCode::OK, message))
}

/// `POST /2fa/2/applications/{appId}/messages` → 200.
#[utoipa::path(post, path = "/2fa/2/applications/{appId}/messages", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = MessageRequest, responses((status = 200, description = "template", body = MessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create_message(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    reply(create_kind(&st, &headers, &app, &body, "sms"))
}

/// `GET /2fa/2/applications/{appId}/messages/{msgId}`.
#[utoipa::path(get, path = "/2fa/2/applications/{appId}/messages/{msgId}", tag = "infobip", params(("appId" = String, Path, description = "appId"), ("msgId" = String, Path, description = "msgId")), responses((status = 200, description = "template", body = MessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn get_message(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        load_app(&conn, &app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        let m = load_message(&conn, &app, &id, "sms")?
            .ok_or_else(|| InfobipError::not_found("Message"))?;
        Ok((StatusCode::OK, m))
    })())
}

/// `PUT /2fa/2/applications/{appId}/messages/{msgId}`.
#[utoipa::path(put, path = "/2fa/2/applications/{appId}/messages/{msgId}", tag = "infobip", params(("appId" = String, Path, description = "appId"), ("msgId" = String, Path, description = "msgId")), request_body = MessageUpdate, responses((status = 200, description = "template", body = MessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn update_message(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    reply(update_kind(&st, &headers, &app, &id, &body, "sms"))
}

/// `POST /2fa/2/applications/{appId}/email/messages` → 200.
#[utoipa::path(post, path = "/2fa/2/applications/{appId}/email/messages", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = EmailMessageRequest, responses((status = 200, description = "template", body = EmailMessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    reply(create_kind(&st, &headers, &app, &body, "email"))
}

/// `PUT /2fa/2/applications/{appId}/email/messages/{msgId}`.
#[utoipa::path(put, path = "/2fa/2/applications/{appId}/email/messages/{msgId}", tag = "infobip", params(("appId" = String, Path, description = "appId"), ("msgId" = String, Path, description = "msgId")), request_body = EmailMessageUpdate, responses((status = 200, description = "template", body = EmailMessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn update_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    reply(update_kind(&st, &headers, &app, &id, &body, "email"))
}
