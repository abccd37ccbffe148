//! Infobip PINs: send (SMS, voice, email), resend, verify, verification status.
//!
//! Decisions where the document is open:
//! - Numbers starting with `999` are unreachable (sandbox convention): SMS answers
//!   `smsStatus: MESSAGE_NOT_SENT` (and `ncStatus: NC_DESTINATION_NOT_REACHABLE` when
//!   ncNeeded), voice still answers `PENDING_ACCEPTED`; nothing reaches the outbox.
//! - `ncStatus` is present only when `ncNeeded` is true (the default).
//! - Unknown `applicationId` or `messageId` in a send is 404 `NOT_FOUND`; a disabled
//!   application is 400 `BAD_REQUEST`.
//! - Limits: `sendPinPerApplicationLimit` per application, `sendPinPerPhoneNumberLimit`
//!   per application and recipient (resends count), `verifyPinLimit` per application and
//!   recipient; exceeded is 429 `TOO_MANY_REQUESTS` and consumes nothing.
//! - Resend keeps the PIN and its original expiry; resending an expired or verified PIN
//!   is 400. Phone PINs resend by SMS or voice, email PINs by email only.
//! - Verify: a wrong PIN uses an attempt (`WRONG_PIN`, the last one still `WRONG_PIN`
//!   with `attemptsRemaining: 0`); then `NO_MORE_PIN_ATTEMPTS`. Expired: `TTL_EXPIRED`.
//!   A correct PIN uses no attempt. With `allowMultiplePinVerifications: false` a second
//!   verify of a verified PIN is `verified: false`, `pinError: NO_MORE_PIN_ATTEMPTS`,
//!   `attemptsRemaining: 0`.
//! - Status: `verifiedAt` and `sentAt` are epoch milliseconds; `verifiedAt` is omitted
//!   while unverified and `sentAt` when nothing was sent; oldest first; `msisdn` is
//!   required.

use crate::openapi::responses::InfobipErrors;
use std::collections::{BTreeMap, HashSet};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::apps::{Result, load_app, load_message, reply};
use super::auth;
use super::error::InfobipError;
use super::model::{Template, body};
use super::wire::{
    AppConfig, EmailSent, EmailStatus, NcStatus, PinError, ResendRequest, SendRequest, SmsSent,
    SmsStatus, VerificationEntry, Verifications, VerifyRequest, VerifyResponse, VoiceSent,
};
use crate::envelope;
use crate::faults::{self, Fault, Step};
use crate::field::{Field, TextOrNumber};
use crate::outbox::{self, Channel, Message, Provider};
use crate::pin;
use crate::ratelimit;
use crate::state::SandboxState;

/// How a PIN is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Text message.
    Sms,
    /// Voice call.
    Voice,
    /// Email.
    Email,
}

#[derive(Debug, Clone)]
struct PinRow {
    id: String,
    app_id: String,
    message_id: String,
    kind: String,
    to_addr: String,
    pin: String,
    expires_ms: i64,
    attempts_used: u32,
    verified: bool,
    verified_ms: Option<i64>,
    sent: bool,
    sent_ms: i64,
}

const COLS: &str = "id, app_id, message_id, kind, to_addr, pin, expires_ms, attempts_used, \
                    verified, verified_ms, sent, sent_ms";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PinRow> {
    Ok(PinRow {
        id: r.get(0)?,
        app_id: r.get(1)?,
        message_id: r.get(2)?,
        kind: r.get(3)?,
        to_addr: r.get(4)?,
        pin: r.get(5)?,
        expires_ms: r.get(6)?,
        attempts_used: r.get(7)?,
        verified: r.get(8)?,
        verified_ms: r.get(9)?,
        sent: r.get(10)?,
        sent_ms: r.get(11)?,
    })
}

fn load_pin(conn: &Connection, id: &str) -> rusqlite::Result<Option<PinRow>> {
    conn.query_row(
        &format!("SELECT {COLS} FROM infobip_pins WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()
}

fn required_string(value: Field<String>, name: &str) -> Result<String> {
    match value {
        Field::Given(s) if !s.trim().is_empty() && s.len() <= 256 => Ok(s.trim().to_owned()),
        _ => Err(InfobipError::field(name, "must not be null")),
    }
}

type Placeholders = BTreeMap<String, String>;

fn placeholders(value: Field<Placeholders>) -> Result<Placeholders> {
    value
        .optional()
        .map(Option::unwrap_or_default)
        .map_err(|_| InfobipError::field("placeholders", "must be an object of strings"))
}

/// A phone number as Infobip writes it (digits, no `+`), or `None`.
fn msisdn(to: &str) -> Option<String> {
    let digits = to.trim().strip_prefix('+').unwrap_or(to.trim());
    ((6..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.to_owned())
}

fn valid_email(to: &str) -> bool {
    let mut parts = to.split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
        if !a.is_empty() && b.contains('.') && !to.contains(char::is_whitespace) && to.len() <= 254)
}

fn render(text: &str, pin: &str, placeholders: &Placeholders) -> String {
    let mut out = text.replace("{{pin}}", pin);
    for (name, value) in placeholders {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}

fn parse_nc_needed(query: Option<&str>) -> Result<bool> {
    let Some(query) = query else { return Ok(true) };
    match form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "ncNeeded") {
        None => Ok(true),
        Some((_, v)) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some((_, v)) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(InfobipError::field("ncNeeded", "must be true or false")),
    }
}

fn send_limits(
    conn: &Connection,
    config: &AppConfig,
    app: &str,
    to_norm: &str,
    now: i64,
) -> Result<()> {
    let limits = [
        (
            format!("infobip:send:{app}"),
            AppConfig::limit(&config.send_pin_per_application_limit),
        ),
        (
            format!("infobip:send:{app}:{to_norm}"),
            AppConfig::limit(&config.send_pin_per_phone_number_limit),
        ),
    ];
    ratelimit::try_acquire_all(conn, &limits, now)?.map_err(|refused| {
        InfobipError::limited("Too many requests: the send limit is reached", refused)
    })
}

/// The answer of a send or resend, in the shape of the channel it went by.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Sent {
    Sms(SmsSent),
    Voice(VoiceSent),
    Email(EmailSent),
}

/// Delivers (records in the outbox) and answers in the channel's shape.
#[allow(clippy::too_many_arguments)]
fn deliver(
    conn: &Connection,
    via: Via,
    row: &PinRow,
    template: &Template,
    placeholders: &Placeholders,
    (nc_needed, forced): (bool, Option<(bool, NcStatus)>),
    now: i64,
) -> Result<Sent> {
    let reachable = match forced {
        Some((sent, _)) => sent,
        None => !(via != Via::Email && row.to_addr.starts_with("999")),
    };
    let text = match template {
        Template::Email(t) => format!(
            "Email template {}: your PIN is {}",
            t.email_template_id, row.pin
        ),
        Template::Sms(t) => render(&t.message_text, &row.pin, placeholders),
    };
    if reachable {
        let channel = match via {
            Via::Sms => Channel::Sms,
            Via::Voice => Channel::Voice,
            Via::Email => Channel::Email,
        };
        outbox::record(
            conn,
            Message {
                channel,
                to: &row.to_addr,
                text: &text,
                code: &row.pin,
                provider: Provider::Infobip,
            },
            now,
        )?;
        conn.execute(
            "UPDATE infobip_pins SET sent = 1, sent_ms = ?2 WHERE id = ?1",
            params![row.id, now],
        )?;
    }
    let (pin_id, to) = (row.id.clone(), row.to_addr.clone());
    Ok(match via {
        Via::Sms => Sent::Sms(SmsSent {
            pin_id,
            to,
            nc_status: nc_needed.then_some(match forced {
                Some((_, nc)) => nc,
                None if reachable => NcStatus::NC_DESTINATION_REACHABLE,
                None => NcStatus::NC_DESTINATION_NOT_REACHABLE,
            }),
            sms_status: if reachable {
                SmsStatus::MESSAGE_SENT
            } else {
                SmsStatus::MESSAGE_NOT_SENT
            },
        }),
        Via::Voice => Sent::Voice(VoiceSent {
            pin_id,
            to,
            call_status: "PENDING_ACCEPTED".to_owned(),
        }),
        Via::Email => Sent::Email(EmailSent {
            pin_id,
            to,
            email_status: EmailStatus {
                name: "PENDING_ACCEPTED".to_owned(),
                description: "Message accepted, pending for delivery.".to_owned(),
            },
        }),
    })
}

/// Loads the template a PIN goes out with: email PINs use email templates.
fn load_template(conn: &Connection, app: &str, id: &str, via: Via) -> Result<Template> {
    let template = if via == Via::Email {
        load_message(conn, app, id, "email")?.map(Template::Email)
    } else {
        load_message(conn, app, id, "sms")?.map(Template::Sms)
    };
    template.ok_or_else(|| InfobipError::not_found("Message"))
}

fn outstanding(conn: &Connection, to_norm: &str, now: i64) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT p.pin FROM infobip_pins p JOIN infobip_apps a ON a.id = p.app_id \
         WHERE p.to_norm = ?1 AND p.verified = 0 AND p.expires_ms > ?2 \
         AND p.attempts_used < json_extract(a.config, '$.pinAttempts')",
    )?;
    let rows = stmt.query_map(params![to_norm, now], |r| r.get(0))?;
    rows.collect()
}

fn send(
    st: &SandboxState,
    headers: &HeaderMap,
    query: Option<&str>,
    raw: &[u8],
    via: Via,
) -> Result<(StatusCode, Sent)> {
    let nc_needed = parse_nc_needed(query)?;
    let mut conn = st.db().lock();
    auth::check(&conn, headers)?;
    let req: SendRequest = body(raw)?;
    let app_id = required_string(req.application_id, "applicationId")?;
    let message_id = required_string(req.message_id, "messageId")?;
    let to_raw = required_string(req.to, "to")?;
    if let Field::Invalid(_) = req.from {
        return Err(InfobipError::field("from", "must be a string"));
    }
    let placeholders = placeholders(req.placeholders)?;
    let to = if via == Via::Email {
        valid_email(&to_raw)
            .then(|| to_raw.clone())
            .ok_or_else(|| InfobipError::field("to", "must be an email address"))?
    } else {
        msisdn(&to_raw)
            .ok_or_else(|| InfobipError::field("to", "must be a phone number (6 to 15 digits)"))?
    };
    let to_norm = outbox::normalize(&to);
    let step = if via == Via::Sms {
        Step::InfobipSms
    } else {
        Step::InfobipVoiceOrEmail
    };
    let forced = match faults::outcome(st, &to, step) {
        Some(Fault::Http { status }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return Err(InfobipError::new(
                status,
                envelope::infobip_message_id(status),
                envelope::message(status),
            ));
        }
        Some(Fault::InfobipSend {
            sms_status,
            nc_status,
        }) => Some((sms_status == "MESSAGE_SENT", nc_from(&nc_status))),
        // The reserved verify numbers start with 999 too, but their PINs must arrive.
        _ if matches!(
            faults::reserved(&to_norm),
            Some(Fault::InfobipVerify { .. })
        ) =>
        {
            Some((true, NcStatus::NC_DESTINATION_REACHABLE))
        }
        _ => None,
    };
    let app = load_app(&conn, &app_id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    if !app.enabled {
        return Err(InfobipError::bad_request("Application is disabled"));
    }
    let template = load_template(&conn, &app.id, &message_id, via)?;
    let now = st.now_ms();
    let tx = conn.transaction()?;
    send_limits(&tx, &app.config, &app.id, &to_norm, now)?;
    let pin_type = template.pin_type().kind();
    let pin_length = template.pin_length() as usize;
    let taken = outstanding(&tx, &to_norm, now)?;
    let pin = pin::generate_unique(pin_type, pin_length, &taken)
        .ok_or_else(|| InfobipError::too_many("No free PIN for this recipient"))?;
    let row = PinRow {
        id: pin::hex_id_upper(),
        app_id: app.id.clone(),
        message_id,
        kind: if via == Via::Email {
            "email".into()
        } else {
            "phone".into()
        },
        to_addr: to.clone(),
        pin,
        expires_ms: now + app.config.ttl_ms(),
        attempts_used: 0,
        verified: false,
        verified_ms: None,
        sent: false,
        sent_ms: now,
    };
    tx.execute(
        "INSERT INTO infobip_pins (id, app_id, message_id, kind, to_addr, to_norm, pin, created_ms, expires_ms, sent, sent_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?8)",
        params![row.id, row.app_id, row.message_id, row.kind, row.to_addr, to_norm, row.pin, now, row.expires_ms],
    )?;
    let response = deliver(
        &tx,
        via,
        &row,
        &template,
        &placeholders,
        (nc_needed, forced),
        now,
    )?;
    tx.commit()?;
    Ok((StatusCode::OK, response))
}

/// `POST /2fa/2/pin?ncNeeded=`.
#[utoipa::path(post, path = "/2fa/2/pin", tag = "infobip", params(("ncNeeded" = Option<bool>, Query, description = "number lookup")), request_body = SendRequest, responses((status = 200, description = "sent", body = SmsSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn send_sms(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    reply(send(&st, &headers, q.as_deref(), &body, Via::Sms))
}

/// `POST /2fa/2/pin/voice`.
#[utoipa::path(post, path = "/2fa/2/pin/voice", tag = "infobip", request_body = SendRequest, responses((status = 200, description = "sent", body = VoiceSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn send_voice(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(send(&st, &headers, None, &body, Via::Voice))
}

/// `POST /2fa/2/pin/email`.
#[utoipa::path(post, path = "/2fa/2/pin/email", tag = "infobip", request_body = SendRequest, responses((status = 200, description = "sent", body = EmailSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn send_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(send(&st, &headers, None, &body, Via::Email))
}

fn resend(
    st: &SandboxState,
    headers: &HeaderMap,
    pin_id: &str,
    raw: &[u8],
    via: Via,
) -> Result<(StatusCode, Sent)> {
    let mut conn = st.db().lock();
    auth::check(&conn, headers)?;
    let req = if raw.iter().all(u8::is_ascii_whitespace) {
        ResendRequest::default()
    } else {
        body(raw)?
    };
    let placeholders = placeholders(req.placeholders)?;
    let row = load_pin(&conn, pin_id)?.ok_or_else(|| InfobipError::not_found("PIN"))?;
    if (row.kind == "email") != (via == Via::Email) {
        return Err(InfobipError::bad_request(if row.kind == "email" {
            "An email PIN is resent by email only"
        } else {
            "A phone PIN is resent by SMS or voice only"
        }));
    }
    let now = st.now_ms();
    if row.verified {
        return Err(InfobipError::bad_request("PIN already verified"));
    }
    if now >= row.expires_ms {
        return Err(InfobipError::bad_request("PIN expired"));
    }
    let app =
        load_app(&conn, &row.app_id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
    let template = load_template(&conn, &app.id, &row.message_id, via)?;
    let tx = conn.transaction()?;
    send_limits(
        &tx,
        &app.config,
        &app.id,
        &outbox::normalize(&row.to_addr),
        now,
    )?;
    let response = deliver(&tx, via, &row, &template, &placeholders, (false, None), now)?;
    tx.commit()?;
    Ok((StatusCode::OK, response))
}

/// `POST /2fa/2/pin/{pinId}/resend`.
#[utoipa::path(post, path = "/2fa/2/pin/{pinId}/resend", tag = "infobip", params(("pinId" = String, Path, description = "pinId")), request_body = Option<ResendRequest>, responses((status = 200, description = "sent", body = SmsSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn resend_sms(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply(resend(&st, &headers, &id, &body, Via::Sms))
}

/// `POST /2fa/2/pin/{pinId}/resend/voice`.
#[utoipa::path(post, path = "/2fa/2/pin/{pinId}/resend/voice", tag = "infobip", params(("pinId" = String, Path, description = "pinId")), request_body = Option<ResendRequest>, responses((status = 200, description = "sent", body = VoiceSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn resend_voice(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply(resend(&st, &headers, &id, &body, Via::Voice))
}

/// `POST /2fa/2/pin/{pinId}/resend/email`.
#[utoipa::path(post, path = "/2fa/2/pin/{pinId}/resend/email", tag = "infobip", params(("pinId" = String, Path, description = "pinId")), request_body = Option<ResendRequest>, responses((status = 200, description = "sent", body = EmailSent), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn resend_email(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    reply(resend(&st, &headers, &id, &body, Via::Email))
}

/// `POST /2fa/2/pin/{pinId}/verify`.
#[utoipa::path(post, path = "/2fa/2/pin/{pinId}/verify", tag = "infobip", params(("pinId" = String, Path, description = "pinId")), request_body = VerifyRequest, responses((status = 200, description = "outcome", body = VerifyResponse), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn verify(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    raw: Bytes,
) -> Response {
    reply((|| {
        let mut conn = st.db().lock();
        auth::check(&conn, &headers)?;
        let req: VerifyRequest = body(&raw)?;
        let typed = match req.pin {
            Field::Given(TextOrNumber::Text(s)) if s.len() <= 64 => s,
            Field::Given(TextOrNumber::Number(n)) => n.to_string(),
            _ => return Err(InfobipError::field("pin", "must not be null")),
        };
        let mut row = load_pin(&conn, &id)?.ok_or_else(|| InfobipError::not_found("PIN"))?;
        let app =
            load_app(&conn, &row.app_id)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        if let Some(Fault::InfobipVerify { pin_error }) =
            faults::outcome(&st, &row.to_addr, Step::InfobipVerify)
        {
            // The answer only: the PIN's attempts and state stay as they were.
            let error = match pin_error.as_str() {
                "TTL_EXPIRED" => PinError::TTL_EXPIRED,
                "NO_MORE_PIN_ATTEMPTS" => PinError::NO_MORE_PIN_ATTEMPTS,
                _ => PinError::WRONG_PIN,
            };
            let remaining = if error == PinError::NO_MORE_PIN_ATTEMPTS {
                0
            } else {
                app.config.pin_attempts.saturating_sub(row.attempts_used)
            };
            return Ok((
                StatusCode::OK,
                VerifyResponse {
                    attempts_remaining: remaining,
                    pin_id: row.id,
                    msisdn: row.to_addr,
                    verified: false,
                    pin_error: Some(error),
                },
            ));
        }
        let now = st.now_ms();
        let tx = conn.transaction()?;
        let limit = AppConfig::limit(&app.config.verify_pin_limit);
        let scope = format!(
            "infobip:verify:{}:{}",
            app.id,
            outbox::normalize(&row.to_addr)
        );
        if let Err(refused) = ratelimit::try_acquire(&tx, &scope, limit, now)? {
            return Err(InfobipError::limited(
                "Too many requests: the verify limit is reached",
                refused,
            ));
        }
        let attempts = app.config.pin_attempts;
        let remaining = |used: u32| attempts.saturating_sub(used);
        let (verified, error) = if row.verified && !app.config.allow_multiple_pin_verifications {
            row.attempts_used = attempts;
            (false, Some(PinError::NO_MORE_PIN_ATTEMPTS))
        } else if now >= row.expires_ms {
            (false, Some(PinError::TTL_EXPIRED))
        } else if row.attempts_used >= attempts {
            (false, Some(PinError::NO_MORE_PIN_ATTEMPTS))
        } else if pin::matches(&row.pin, &typed) {
            if !row.verified {
                row.verified = true;
                row.verified_ms = Some(now);
            }
            (true, None)
        } else {
            row.attempts_used += 1;
            (false, Some(PinError::WRONG_PIN))
        };
        tx.execute(
            "UPDATE infobip_pins SET attempts_used = ?2, verified = ?3, verified_ms = ?4 WHERE id = ?1",
            params![row.id, row.attempts_used.min(attempts), row.verified, row.verified_ms],
        )?;
        tx.commit()?;
        let answer = VerifyResponse {
            attempts_remaining: remaining(row.attempts_used),
            pin_id: row.id,
            msisdn: row.to_addr,
            verified,
            pin_error: error,
        };
        Ok((StatusCode::OK, answer))
    })())
}

/// `GET /2fa/2/applications/{appId}/verifications?msisdn=&verified=&sent=`.
#[utoipa::path(get, path = "/2fa/2/applications/{appId}/verifications", tag = "infobip", params(("appId" = String, Path, description = "appId"), ("msisdn" = String, Query, description = "number"), ("verified" = Option<bool>, Query, description = "only verified"), ("sent" = Option<bool>, Query, description = "only sent")), responses((status = 200, description = "status", body = Verifications), InfobipErrors), security(("InfobipApiKey" = [])))]
pub async fn status(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(app): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        auth::check(&conn, &headers)?;
        load_app(&conn, &app)?.ok_or_else(|| InfobipError::not_found("Application"))?;
        let mut msisdn_q = None;
        let mut verified_q = None;
        let mut sent_q = None;
        for (k, v) in form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes()) {
            let flag = || match v.to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(InfobipError::field(&k, "must be true or false")),
            };
            match k.as_ref() {
                "msisdn" => msisdn_q = Some(v.to_string()),
                "verified" => verified_q = Some(flag()?),
                "sent" => sent_q = Some(flag()?),
                _ => {}
            }
        }
        let msisdn_q = msisdn_q
            .filter(|m| !m.trim().is_empty())
            .ok_or_else(|| InfobipError::field("msisdn", "must not be null"))?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLS} FROM infobip_pins WHERE app_id = ?1 AND to_norm = ?2 ORDER BY created_ms, rowid"
        ))?;
        let rows: Vec<PinRow> = stmt
            .query_map(params![app, outbox::normalize(&msisdn_q)], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let verifications = rows
            .into_iter()
            .filter(|r| verified_q.is_none_or(|v| v == r.verified))
            .filter(|r| sent_q.is_none_or(|s| s == r.sent))
            .map(|r| VerificationEntry {
                msisdn: r.to_addr,
                verified: r.verified,
                verified_at: r.verified_ms,
                sent_at: r.sent.then_some(r.sent_ms),
            })
            .collect();
        Ok((StatusCode::OK, Verifications { verifications }))
    })())
}

fn nc_from(name: &str) -> NcStatus {
    match name {
        "NC_DESTINATION_UNKNOWN" => NcStatus::NC_DESTINATION_UNKNOWN,
        "NC_DESTINATION_REACHABLE" => NcStatus::NC_DESTINATION_REACHABLE,
        "NC_DESTINATION_NOT_REACHABLE" => NcStatus::NC_DESTINATION_NOT_REACHABLE,
        _ => NcStatus::NC_NOT_CONFIGURED,
    }
}
