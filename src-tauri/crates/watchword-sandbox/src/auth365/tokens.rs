//! Auth365 OTP: generate and send a PIN, send a validation URL, validate, order status.
//!
//! Decisions: `tokenLength` defaults to 6, `pinType` to 0, `timeOut` to 300; with both
//! `telephoneNumber` and `emailAddress` the PIN goes by SMS; `characterSet` is accepted
//! and ignored; `orderID` is 10 random digits (a string; validate accepts a string or a
//! number). Validate by number or email checks the recipient's newest order. A wrong,
//! expired, used or unknown token is HTTP 200 `{"status":"failure"}` with the reason.
//! Validation URLs are `{base}/v/{32 hex}`; in two-step mode the PIN travels in the same
//! message (the body's `[token]`, or appended as ` PIN: …` when the body has none).

use crate::openapi::responses::Auth365Errors;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::Auth365Error;
use super::oauth::bearer;
use super::orders::{ClientLimits, Order};
use super::wire::{
    CharacterSet, GenerateRequest, GenerateResponse, OrderState, OrderStatus, Outcome,
    OutcomeStatus, PhoneNumber, SendUrlRequest, SuccessStatus, UrlMode, ValidateRequest,
};
use crate::field::{self, BodyError, Field, TextOrNumber};
use crate::outbox::{self, Channel, Message, Provider};
use crate::pin::{self, PinKind};
use crate::ratelimit;
use crate::state::SandboxState;

type Result<T> = std::result::Result<T, Auth365Error>;

pub(crate) fn reply<T: Serialize>(result: Result<(StatusCode, T)>) -> Response {
    match result {
        Ok((status, v)) => (status, Json(v)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Deserializes a wire request type, wording a body that is not a JSON object the
/// API's way.
pub(crate) fn body<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    field::object(body).map_err(|e| match e {
        BodyError::NotObject => Auth365Error::bad("The body must be a JSON object"),
        BodyError::Syntax(e) => Auth365Error::bad(format!("Invalid JSON: {e}")),
    })
}

pub(crate) fn account_id(value: Field<i64>) -> Result<i64> {
    match value {
        Field::Given(n) if n >= 0 => Ok(n),
        _ => Err(Auth365Error::bad(
            "accountId must be a non-negative integer",
        )),
    }
}

pub(crate) fn int_field(
    value: Field<u32>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    default: u32,
) -> Result<u32> {
    match value.optional() {
        Ok(None) => Ok(default),
        Ok(Some(n)) if range.contains(&n) => Ok(n),
        _ => Err(Auth365Error::bad(format!(
            "{name} must be an integer from {} to {}",
            range.start(),
            range.end()
        ))),
    }
}

fn opt_string(value: Field<String>, name: &str, max: usize) -> Result<Option<String>> {
    match value.optional() {
        Ok(None) => Ok(None),
        Ok(Some(s)) if s.chars().count() <= max => Ok(Some(s)),
        _ => Err(Auth365Error::bad(format!(
            "{name} must be a string of at most {max} characters"
        ))),
    }
}

/// `telephoneNumber` as a string or an integer (the grammar's type).
fn opt_phone(value: Field<PhoneNumber>) -> Result<Option<String>> {
    match value.optional() {
        Ok(None) => Ok(None),
        Ok(Some(n)) => Some(n.into_text())
            .filter(|s| s.chars().count() <= 32)
            .map(Some)
            .ok_or_else(|| {
                Auth365Error::bad("telephoneNumber must be a phone number (6 to 15 digits)")
            }),
        Err(_) => Err(Auth365Error::bad(
            "telephoneNumber must be a string or an integer",
        )),
    }
}

fn phone(text: &str) -> Result<String> {
    let digits = text.trim().strip_prefix('+').unwrap_or(text.trim());
    if (6..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.trim().to_owned())
    } else {
        Err(Auth365Error::bad(
            "telephoneNumber must be a phone number (6 to 15 digits)",
        ))
    }
}

fn email(text: &str) -> Result<String> {
    let t = text.trim();
    let ok = t.len() <= 254
        && !t.contains(char::is_whitespace)
        && t.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.contains('@'));
    if ok {
        Ok(t.to_owned())
    } else {
        Err(Auth365Error::bad("emailAddress must be an email address"))
    }
}

fn new_order_id(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    loop {
        let first = pin::generate(PinKind::Numeric, 1);
        let first = if first == "0" { "1".to_owned() } else { first };
        let id = format!("{first}{}", pin::digits(9));
        let taken: i64 = conn.query_row(
            "SELECT COUNT(*) FROM auth365_orders WHERE order_id = ?1",
            rusqlite::params![id],
            |r| r.get(0),
        )?;
        if taken == 0 {
            return Ok(id);
        }
    }
}

struct Send<'a> {
    account: i64,
    to: String,
    channel: Channel,
    body: &'a str,
    length: usize,
    kind: PinKind,
    timeout_s: i64,
    url_mode: Option<UrlMode>,
}

fn create_order(
    st: &SandboxState,
    client: &str,
    send: Send<'_>,
) -> Result<(StatusCode, GenerateResponse)> {
    let mut conn = st.db().lock();
    let limits = ClientLimits::load(&conn, client)?;
    let now = st.now_ms();
    let to_norm = outbox::normalize(&send.to);
    let tx = conn.transaction()?;
    let scope = format!("auth365:generate:{client}:{to_norm}");
    if let Err(refused) = ratelimit::try_acquire(
        &tx,
        &scope,
        ClientLimits::limit(&limits.generate_limit),
        now,
    )? {
        return Err(Auth365Error::limited(
            "Too many requests for this recipient",
            refused,
        ));
    }
    let taken = Order::outstanding(&tx, &to_norm, now)?;
    let token = pin::generate_unique(send.kind, send.length, &taken).ok_or_else(|| {
        Auth365Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            "No free token for this recipient",
        )
    })?;
    let order_id = new_order_id(&tx)?;
    let url_id = send.url_mode.map(|_| pin::hex_id_lower());
    let text = match &url_id {
        Some(id) => {
            let url = format!("{}/v/{id}", st.base_url());
            let mut text = send.body.replace("[url]", &url);
            if send.url_mode == Some(UrlMode::Twostep) {
                if text.contains("[token]") {
                    text = text.replace("[token]", &token);
                } else {
                    text = format!("{text} PIN: {token}");
                }
            }
            text
        }
        None => send.body.replace("[token]", &token),
    };
    let order = Order {
        order_id: order_id.clone(),
        client_id: client.to_owned(),
        account_id: send.account,
        to_norm,
        token: token.clone(),
        state: "pending".into(),
        expires_ms: now + send.timeout_s * 1000,
        attempts_used: 0,
        url_id,
        mode: send.url_mode.map(|m| m.as_str().to_owned()),
    };
    order.insert(&tx, now)?;
    outbox::record(
        &tx,
        Message {
            channel: send.channel,
            to: &send.to,
            text: &text,
            code: &token,
            provider: Provider::Auth365,
        },
        now,
    )?;
    tx.commit()?;
    Ok((
        StatusCode::OK,
        GenerateResponse {
            status: SuccessStatus::Success,
            message: text,
            order_id,
        },
    ))
}

/// A validation's outcome, as token and soft-token validation both answer it.
pub(crate) fn outcome(ok: bool, message: &str) -> Outcome {
    Outcome {
        status: if ok {
            OutcomeStatus::Success
        } else {
            OutcomeStatus::Failure
        },
        message: message.to_owned(),
    }
}

fn authed(st: &SandboxState, headers: &HeaderMap) -> Result<String> {
    let conn = st.db().lock();
    bearer(&conn, headers, st.now_ms())
}

/// `POST /tokens/generate`.
#[utoipa::path(post, path = "/tokens/generate", tag = "auth365", request_body = GenerateRequest, responses((status = 200, description = "sent", body = GenerateResponse), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn generate(State(st): State<SandboxState>, headers: HeaderMap, raw: Bytes) -> Response {
    reply((|| {
        let client = authed(&st, &headers)?;
        let req: GenerateRequest = body(&raw)?;
        let account = account_id(req.account_id)?;
        let message = opt_string(req.message_body, "messageBody", 1000)?
            .filter(|m| m.contains("[token]"))
            .ok_or_else(|| Auth365Error::bad("messageBody must contain [token]"))?;
        match &req.character_set {
            Field::Absent | Field::Null | Field::Given(CharacterSet::Flag(_)) => {}
            Field::Given(CharacterSet::Name(n)) if n.chars().count() <= 32 => {}
            _ => {
                return Err(Auth365Error::bad(
                    "characterSet must be a Boolean or a string of at most 32 characters",
                ));
            }
        }
        let length = int_field(req.token_length, "tokenLength", 4..=9, 6)? as usize;
        let kind = match int_field(req.pin_type, "pinType", 0..=1, 0)? {
            0 => PinKind::Numeric,
            _ => PinKind::Alphanumeric,
        };
        let timeout_s = i64::from(int_field(req.time_out, "timeOut", 30..=900, 300)?);
        let (to, channel) = match (
            opt_phone(req.telephone_number)?,
            opt_string(req.email_address, "emailAddress", 254)?,
        ) {
            (Some(p), _) => (phone(&p)?, Channel::Sms),
            (None, Some(e)) => (email(&e)?, Channel::Email),
            (None, None) => {
                return Err(Auth365Error::bad(
                    "telephoneNumber or emailAddress is required",
                ));
            }
        };
        create_order(
            &st,
            &client,
            Send {
                account,
                to,
                channel,
                body: &message,
                length,
                kind,
                timeout_s,
                url_mode: None,
            },
        )
    })())
}

/// `POST /tokens/sendurl`.
#[utoipa::path(post, path = "/tokens/sendurl", tag = "auth365", request_body = SendUrlRequest, responses((status = 200, description = "sent", body = GenerateResponse), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn send_url(State(st): State<SandboxState>, headers: HeaderMap, raw: Bytes) -> Response {
    reply((|| {
        let client = authed(&st, &headers)?;
        let req: SendUrlRequest = body(&raw)?;
        let account = account_id(req.account_id)?;
        let to = phone(
            &opt_phone(req.telephone_number)?
                .ok_or_else(|| Auth365Error::bad("telephoneNumber is required"))?,
        )?;
        let message = opt_string(req.message_body, "messageBody", 1000)?
            .filter(|m| m.contains("[url]"))
            .ok_or_else(|| Auth365Error::bad("messageBody must contain [url]"))?;
        let mode = match req.mode {
            Field::Given(mode) => mode,
            Field::Invalid(serde_json::Value::String(s)) if s.chars().count() <= 16 => {
                return Err(Auth365Error::bad("mode must be onestep or twostep"));
            }
            Field::Absent | Field::Null => {
                return Err(Auth365Error::bad("mode must be onestep or twostep"));
            }
            Field::Invalid(_) => {
                return Err(Auth365Error::bad(
                    "mode must be a string of at most 16 characters",
                ));
            }
        };
        let length = int_field(req.token_length, "tokenLength", 4..=9, 6)? as usize;
        let timeout_s = i64::from(int_field(req.time_out, "timeOut", 30..=900, 300)?);
        create_order(
            &st,
            &client,
            Send {
                account,
                to,
                channel: Channel::Sms,
                body: &message,
                length,
                kind: PinKind::Numeric,
                timeout_s,
                url_mode: Some(mode),
            },
        )
    })())
}

/// `POST /tokens/validate`.
#[utoipa::path(post, path = "/tokens/validate", tag = "auth365", request_body = ValidateRequest, responses((status = 200, description = "outcome", body = Outcome), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn validate(State(st): State<SandboxState>, headers: HeaderMap, raw: Bytes) -> Response {
    reply((|| {
        let client = authed(&st, &headers)?;
        let req: ValidateRequest = body(&raw)?;
        let account = account_id(req.account_id)?;
        let typed = match req.token {
            Field::Given(TextOrNumber::Text(s)) if s.len() <= 64 => s,
            Field::Given(TextOrNumber::Number(n)) => n.to_string(),
            _ => return Err(Auth365Error::bad("token is required")),
        };
        let order_ref = match req.order_id {
            Field::Absent | Field::Null => None,
            Field::Given(TextOrNumber::Text(s)) if s.len() <= 32 => Some(s),
            Field::Given(TextOrNumber::Number(n)) => Some(n.to_string()),
            _ => return Err(Auth365Error::bad("orderID must be a string")),
        };
        let phone_ref = opt_phone(req.telephone_number)?;
        let email_ref = opt_string(req.email_address, "emailAddress", 254)?;
        let mut conn = st.db().lock();
        let limits = ClientLimits::load(&conn, &client)?;
        let found = match (order_ref, phone_ref, email_ref) {
            (Some(id), _, _) => Order::by_id(&conn, &client, &id)?,
            (None, Some(p), _) => Order::newest_for(&conn, &client, &outbox::normalize(&p))?,
            (None, None, Some(e)) => Order::newest_for(&conn, &client, &outbox::normalize(&e))?,
            (None, None, None) => {
                return Err(Auth365Error::bad(
                    "orderID, telephoneNumber or emailAddress is required",
                ));
            }
        };
        let Some(mut order) = found.filter(|o| o.account_id == account) else {
            return Ok((StatusCode::OK, outcome(false, "Unknown order")));
        };
        let now = st.now_ms();
        let tx = conn.transaction()?;
        let scope = format!("auth365:validate:{}", order.order_id);
        if let Err(refused) = ratelimit::try_acquire(
            &tx,
            &scope,
            ClientLimits::limit(&limits.validate_limit),
            now,
        )? {
            return Err(Auth365Error::limited(
                "Too many validation requests",
                refused,
            ));
        }
        let (ok, message) = order.check(&typed, limits.max_attempts, now);
        order.save(&tx)?;
        tx.commit()?;
        Ok((StatusCode::OK, outcome(ok, message)))
    })())
}

/// `GET /tokens/{orderID}`.
#[utoipa::path(get, path = "/tokens/{orderID}", tag = "auth365", params(("orderID" = String, Path, description = "orderID")), responses((status = 200, description = "status", body = OrderStatus), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn order_status(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        let client = bearer(&conn, &headers, st.now_ms())?;
        let mut order = Order::by_id(&conn, &client, &id)?
            .ok_or_else(|| Auth365Error::not_found("Unknown order"))?;
        if order.settle(st.now_ms()) {
            order.save(&conn)?;
        }
        let (message, state) = match order.state.as_str() {
            "pending" => ("Token pending", OrderState::Pending),
            "validated" => ("Token validated", OrderState::Validated),
            "expired" => ("Token expired", OrderState::Expired),
            _ => ("Too many failed attempts", OrderState::Failed),
        };
        Ok((
            StatusCode::OK,
            OrderStatus {
                status: SuccessStatus::Success,
                message: message.to_owned(),
                state,
            },
        ))
    })())
}
