//! Infobip applications and message templates (SMS/voice and email) CRUD.

use crate::openapi::responses::InfobipErrors;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::auth;
use super::error::InfobipError;
use super::model::{
    Application, Template, apply_application, body, build_email_message, build_message,
};
use super::wire::{
    AppConfig, ApplicationRequest, ApplicationUpdate, ApplicationView, EmailMessageRequest,
    EmailMessageUpdate, MessageRequest, MessageUpdate, MessageView,
};
use crate::pin;
use crate::state::SandboxState;

pub(crate) type Result<T> = std::result::Result<T, InfobipError>;

pub(crate) fn reply<T: Serialize>(result: Result<(StatusCode, T)>) -> Response {
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
        let mut apps: Vec<ApplicationView> = Vec::new();
        for id in ids {
            if let Some(app) = load_app(&conn, &id)? {
                apps.push(app.view());
            }
        }
        Ok((StatusCode::OK, apps))
    })())
}

/// `POST /2fa/2/applications` → 200 (not 201: Infobip's official clients map only 200
/// to an application; `infobip-api-python-client` 6.0.0 returns `None` on a 201).
#[utoipa::path(post, path = "/2fa/2/applications", tag = "infobip", request_body = ApplicationRequest, responses((status = 200, description = "created", body = ApplicationView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create(State(st): State<SandboxState>, headers: HeaderMap, raw: Bytes) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let mut app = Application {
            id: pin::hex_id_upper(),
            name: String::new(),
            enabled: true,
            config: AppConfig::default(),
        };
        let req: ApplicationRequest = body(&raw)?;
        apply_application(&mut app, req.into(), true)?;
        save_app(&conn, &app, st.now_ms())?;
        Ok((StatusCode::OK, app.view()))
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
        Ok((StatusCode::OK, app.view()))
    })())
}

/// `PUT /2fa/2/applications/{appId}`: fields present replace the stored ones.
#[utoipa::path(put, path = "/2fa/2/applications/{appId}", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = ApplicationUpdate, responses((status = 200, description = "application", body = ApplicationView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn update(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    raw: Bytes,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let mut app =
            load_app(&conn, &id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        let req: ApplicationUpdate = body(&raw)?;
        apply_application(&mut app, req, false)?;
        save_app(&conn, &app, st.now_ms())?;
        Ok((StatusCode::OK, app.view()))
    })())
}

/// Loads a template of `kind` (`sms` as [`MessageView`], `email` as
/// [`super::wire::EmailMessageView`]) of an application; stored as its wire JSON.
pub fn load_message<T: DeserializeOwned>(
    conn: &Connection,
    app: &str,
    id: &str,
    kind: &str,
) -> rusqlite::Result<Option<T>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM infobip_messages WHERE id = ?1 AND app_id = ?2 AND kind = ?3",
            params![id, app, kind],
            |r| r.get(0),
        )
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn save_message<T: Serialize>(
    conn: &Connection,
    app: &str,
    id: &str,
    kind: &str,
    body: &T,
    now: i64,
) -> rusqlite::Result<()> {
    let body = serde_json::to_string(body).unwrap_or_default();
    conn.execute(
        "INSERT INTO infobip_messages (id, app_id, kind, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body",
        params![id, app, kind, body, now],
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
        let list: Vec<MessageView> = rows
            .iter()
            .filter_map(|b| serde_json::from_str(b).ok())
            .collect();
        Ok((StatusCode::OK, list))
    })())
}

/// Which template a request is about: SMS/voice or email, each with its wire types.
#[derive(Clone, Copy)]
enum Kind {
    Sms,
    Email,
}

impl Kind {
    fn stored_as(self) -> &'static str {
        match self {
            Kind::Sms => "sms",
            Kind::Email => "email",
        }
    }
}

/// Builds (over `stored` on update) and saves a template of `kind` from a raw body.
fn build_and_save(
    conn: &Connection,
    now: i64,
    kind: Kind,
    raw: &[u8],
    ids: (&str, &str),
    create: bool,
) -> Result<(StatusCode, Template)> {
    let (app, id) = ids;
    let answer = match kind {
        Kind::Sms => {
            let stored = if create {
                None
            } else {
                Some(
                    load_message::<MessageView>(conn, app, id, "sms")?
                        .ok_or_else(|| InfobipError::not_found("Message"))?,
                )
            };
            let req: MessageUpdate = if create {
                body::<MessageRequest>(raw)?.into()
            } else {
                body(raw)?
            };
            Template::Sms(build_message(req, stored, id, app)?)
        }
        Kind::Email => {
            let stored = if create {
                None
            } else {
                Some(
                    load_message(conn, app, id, "email")?
                        .ok_or_else(|| InfobipError::not_found("Message"))?,
                )
            };
            let req: EmailMessageUpdate = if create {
                body::<EmailMessageRequest>(raw)?.into()
            } else {
                body(raw)?
            };
            Template::Email(build_email_message(req, stored, id, app)?)
        }
    };
    save_message(conn, app, id, kind.stored_as(), &answer, now)?;
    Ok((StatusCode::OK, answer))
}

fn create_kind(
    st: &SandboxState,
    headers: &HeaderMap,
    app: &str,
    raw: &[u8],
    kind: Kind,
) -> Result<(StatusCode, Template)> {
    let conn = st.db().lock();
    auth::check(&conn, headers)?;
    load_app(&conn, app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    build_and_save(
        &conn,
        st.now_ms(),
        kind,
        raw,
        (app, &pin::hex_id_upper()),
        true,
    )
}

fn update_kind(
    st: &SandboxState,
    headers: &HeaderMap,
    app: &str,
    id: &str,
    raw: &[u8],
    kind: Kind,
) -> Result<(StatusCode, Template)> {
    let conn = st.db().lock();
    auth::check(&conn, headers)?;
    load_app(&conn, app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    build_and_save(&conn, st.now_ms(), kind, raw, (app, id), false)
}

/// `POST /2fa/2/applications/{appId}/messages` → 200.
#[utoipa::path(post, path = "/2fa/2/applications/{appId}/messages", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = MessageRequest, responses((status = 200, description = "template", body = MessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create_message(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    reply(create_kind(&st, &headers, &app, &body, Kind::Sms))
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
        let m: MessageView = load_message(&conn, &app, &id, "sms")?
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
    reply(update_kind(&st, &headers, &app, &id, &body, Kind::Sms))
}

/// `POST /2fa/2/applications/{appId}/email/messages` → 200.
#[utoipa::path(post, path = "/2fa/2/applications/{appId}/email/messages", tag = "infobip", params(("appId" = String, Path, description = "appId")), request_body = EmailMessageRequest, responses((status = 200, description = "template", body = EmailMessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn create_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    reply(create_kind(&st, &headers, &app, &body, Kind::Email))
}

/// `PUT /2fa/2/applications/{appId}/email/messages/{msgId}`.
#[utoipa::path(put, path = "/2fa/2/applications/{appId}/email/messages/{msgId}", tag = "infobip", params(("appId" = String, Path, description = "appId"), ("msgId" = String, Path, description = "msgId")), request_body = EmailMessageUpdate, responses((status = 200, description = "template", body = EmailMessageView), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn update_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    reply(update_kind(&st, &headers, &app, &id, &body, Kind::Email))
}
