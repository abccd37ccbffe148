//! Sinch Verification v1 handlers: start, report (by id, by number), status (by id,
//! reference, identity) and the sandbox's seamless target.
//!
//! Decisions where the document is open:
//! - Everything is scoped to the authenticated application: ids, references and
//!   numbers of another application are 404/40400; a new verification aborts the
//!   pending ones of the same number in the same application.
//! - `whatsapp` is accepted and delivered like an SMS (outbox channel `sms`, text
//!   prefixed `WhatsApp:`); its start response carries `whatsapp: {codeType}`.
//! - `sms.interceptionTimeout` is the TTL minus 2 s (298 for the default 300 s);
//!   flash calls: `interceptionTimeout` from `flashCallOptions` or 45, `reportTimeout`
//!   interception + 30, `denyCallAfter` 0. The calling number is `+4600000NNNN`.
//! - A wrong code answers 200 FAIL "Invalid code" (a wrong CLI "Invalid CLI") while the
//!   verification stays PENDING until `maxAttempts` wrong reports, then it is final FAIL.
//! - `callComplete` (flash call and callout only) is true once the verification is final.
//! - `Accept-Language`: the first language range is echoed in `Content-Language`; the
//!   SMS is in that language for en, sv, de, fr, es, else English.
//! - VerificationResultEvent is sent for every final state (SUCCESSFUL, FAIL, DENIED,
//!   ABORTED).
//! - A start that exceeds `startLimit` for the number is 429/42901 and stores nothing;
//!   running out of distinct codes for a number is 429/42900.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::{App, authenticate};
use super::callbacks::{self, Decision};
use super::error::SinchError;
use super::model::{
    ReportRequest, StartRequest, Verification, normalize_endpoint, normalize_method,
};
use crate::outbox::{self, Channel, Message, Provider};
use crate::pin::{self, PinKind};
use crate::ratelimit::{self, Limit};
use crate::state::SandboxState;

type Result<T> = std::result::Result<T, SinchError>;

fn decoded_path(uri: &Uri) -> String {
    percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned()
}

fn auth(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    allow_public: bool,
) -> Result<App> {
    let conn = st.db().lock();
    let (app, _) = authenticate(
        &conn,
        method.as_str(),
        &decoded_path(uri),
        headers,
        body,
        allow_public,
    )?;
    Ok(app)
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| SinchError::validation(format!("Invalid JSON body: {e}")))
}

/// `HH:MM:SS` to seconds (1 s to 24 h).
pub fn parse_expiry(text: &str) -> Option<u64> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &str| -> Option<u64> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let (h, m, s) = (num(h)?, num(m)?, num(s)?);
    let total = h * 3600 + m * 60 + s;
    (m < 60 && s < 60 && (1..=86_400).contains(&total)).then_some(total)
}

/// A caller-chosen code: 1 to 16 letters or digits.
pub fn valid_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn code_kind(code_type: Option<&str>) -> Result<(PinKind, &'static str)> {
    match code_type {
        None => Ok((PinKind::Numeric, "Numeric")),
        Some(t) if t.eq_ignore_ascii_case("numeric") => Ok((PinKind::Numeric, "Numeric")),
        Some(t) if t.eq_ignore_ascii_case("alpha") => Ok((PinKind::Alpha, "Alpha")),
        Some(t) if t.eq_ignore_ascii_case("alphanumeric") => {
            Ok((PinKind::Alphanumeric, "Alphanumeric"))
        }
        Some(_) => Err(SinchError::validation(
            "codeType must be Numeric, Alpha or Alphanumeric",
        )),
    }
}

fn language(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let first = raw.split(',').next()?.split(';').next()?.trim();
    let ok = !first.is_empty()
        && first.len() <= 35
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && first != "*";
    ok.then(|| first.to_owned())
}

fn template(lang: Option<&str>) -> &'static str {
    let primary = lang
        .and_then(|l| l.split('-').next())
        .map(str::to_ascii_lowercase);
    match primary.as_deref() {
        Some("sv") => "Din verifieringskod är {{CODE}}.",
        Some("de") => "Ihr Bestätigungscode lautet {{CODE}}.",
        Some("fr") => "Votre code de vérification est {{CODE}}.",
        Some("es") => "Su código de verificación es {{CODE}}.",
        _ => "Your verification code is {{CODE}}.",
    }
}

fn links(st: &SandboxState, id: &str, method: &str) -> Value {
    let href = format!("{}/verification/v1/verifications/id/{id}", st.base_url());
    let mut links = vec![json!({"rel": "status", "href": href, "method": "GET"})];
    if method != "seamless" {
        links.push(json!({"rel": "report", "href": href, "method": "PUT"}));
    }
    Value::Array(links)
}

/// If a pending verification has passed its TTL, it becomes FAIL "Expired"; true when
/// that happened now (so the caller saves it and sends the result event).
fn settle_expiry(v: &mut Verification, now_ms: i64) -> bool {
    if v.status == "PENDING" && now_ms >= v.expires_ms {
        v.finish("FAIL", Some("Expired"), now_ms);
        true
    } else {
        false
    }
}

/// What a start will send, decided before the callback may override it.
struct Plan {
    method: &'static str,
    endpoint: String,
    code: String,
    kind: PinKind,
    code_type: &'static str,
    ttl_s: u64,
    interception: i64,
}

/// `POST /verification/v1/verifications`.
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
    let app = auth(st, method, uri, headers, body, true)?;
    let req: StartRequest = parse_json(body)?;
    if !req.identity.kind.eq_ignore_ascii_case("number") {
        return Err(SinchError::identity("identity.type must be number"));
    }
    let endpoint = normalize_endpoint(&req.identity.endpoint)
        .ok_or_else(|| SinchError::identity("identity.endpoint is not an E.164 number"))?;
    let verification_method = normalize_method(&req.method).ok_or_else(|| {
        SinchError::validation("method must be sms, flashcall, callout, seamless or whatsapp")
    })?;
    if let Some(reference) = &req.reference {
        let ok = (1..=256).contains(&reference.len())
            && reference
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        if !ok {
            return Err(SinchError::validation(
                "reference must be 1 to 256 URL-safe characters",
            ));
        }
    }
    if req
        .custom
        .as_ref()
        .is_some_and(|c| c.chars().count() > 4096)
    {
        return Err(SinchError::validation(
            "custom is longer than 4096 characters",
        ));
    }
    let mut ttl_s = app.options.ttl_seconds;
    let mut custom_code = None;
    let mut code_type = None;
    if verification_method == "sms"
        && let Some(options) = &req.sms_options
    {
        {
            if let Some(expiry) = &options.expiry {
                ttl_s = parse_expiry(expiry).ok_or_else(|| {
                    SinchError::validation("smsOptions.expiry must be HH:MM:SS (at most 24h)")
                })?;
            }
            code_type = options.code_type.as_deref();
            if let Some(code) = &options.code {
                if !app.options.accept_custom_code {
                    return Err(SinchError::validation(
                        "smsOptions.code is not enabled for this application",
                    ));
                }
                if !valid_code(code) {
                    return Err(SinchError::validation(
                        "smsOptions.code must be 1 to 16 letters or digits",
                    ));
                }
                custom_code = Some(code.clone());
            }
        }
    }
    if verification_method == "whatsapp" {
        code_type = req
            .whatsapp_options
            .as_ref()
            .and_then(|o| o.code_type.as_deref());
    }
    let (kind, code_type) = code_kind(code_type)?;
    let mut interception = 45;
    if verification_method == "flashcall"
        && let Some(options) = &req.flash_call_options
    {
        for (name, value) in [
            ("dialTimeout", options.dial_timeout),
            ("interceptionTimeout", options.interception_timeout),
        ] {
            if value.is_some_and(|v| !(5..=120).contains(&v)) {
                return Err(SinchError::validation(format!(
                    "flashCallOptions.{name} must be 5 to 120"
                )));
            }
        }
        interception = options.interception_timeout.unwrap_or(45);
    }
    let _ = &req.callout_options;
    let id = pin::hex_id_lower();
    let now = st.now_ms();
    let code = {
        let conn = st.db().lock();
        if let Some(reference) = &req.reference
            && Verification::by_reference(&conn, &app.key, reference)?.is_some()
        {
            return Err(SinchError::new(
                StatusCode::CONFLICT,
                40900,
                "Reference already defined.",
            ));
        }
        let limit = Limit::parse(&app.options.start_limit).unwrap_or(Limit {
            count: 5,
            window_ms: 60_000,
        });
        let scope = format!("sinch:start:{}:{endpoint}", app.key);
        if !ratelimit::try_acquire(&conn, &scope, limit, now)? {
            return Err(SinchError::new(
                StatusCode::TOO_MANY_REQUESTS,
                42901,
                "Too many requests for the same number.",
            ));
        }
        match custom_code {
            Some(code) => code,
            None => {
                let outstanding = Verification::outstanding_codes(&conn, &endpoint, now)?;
                let fresh = match verification_method {
                    "flashcall" => pin::generate_unique(
                        PinKind::Numeric,
                        4,
                        &outstanding
                            .iter()
                            .filter_map(|c| c.strip_prefix("+4600000").map(str::to_owned))
                            .collect(),
                    )
                    .map(|d| format!("+4600000{d}")),
                    "seamless" => Some(pin::hex_id_lower()),
                    "callout" => pin::generate_unique(
                        PinKind::Numeric,
                        app.options.code_length,
                        &outstanding,
                    ),
                    _ => pin::generate_unique(kind, app.options.code_length, &outstanding),
                };
                fresh.ok_or_else(|| {
                    SinchError::new(StatusCode::TOO_MANY_REQUESTS, 42900, "Capacity exceeded.")
                })?
            }
        }
    };
    let mut plan = Plan {
        method: verification_method,
        endpoint,
        code,
        kind,
        code_type,
        ttl_s,
        interception,
    };
    let lang = language(headers);
    let mut verification = Verification {
        id: id.clone(),
        app_key: app.key.clone(),
        reference: req.reference.clone(),
        method: plan.method.to_owned(),
        endpoint: plan.endpoint.clone(),
        code: String::new(),
        status: "PENDING".into(),
        reason: None,
        custom: req.custom.clone(),
        expires_ms: 0,
        updated_ms: now,
        attempts_used: 0,
        max_attempts: app.options.max_attempts,
    };
    if app.options.callback_url.is_some() {
        let mut event = verification.event_json("VerificationRequestEvent");
        event["price"] = json!({"amount": 0.0, "currencyId": "EUR"});
        if let Some(lang) = &lang {
            event["acceptLanguage"] = json!([lang]);
        }
        match callbacks::request_event(st, &app, &event).await {
            Decision::Allow(overrides) => {
                if let Some(code) = overrides.code
                    && matches!(plan.method, "sms" | "callout" | "whatsapp")
                {
                    plan.code = code;
                }
                if let Some(cli) = overrides.cli
                    && plan.method == "flashcall"
                    && let Some(cli) = normalize_endpoint(&cli)
                {
                    plan.code = cli;
                }
                if let Some(expiry) = overrides.expiry_s {
                    plan.ttl_s = expiry;
                }
            }
            Decision::Deny(reason) => {
                let now = st.now_ms();
                verification.code = plan.code;
                verification.expires_ms = now;
                verification.finish("DENIED", Some(reason), now);
                {
                    let conn = st.db().lock();
                    insert_or_conflict(&verification, &conn, now)?;
                }
                callbacks::result_event(st, &app, &verification);
                return Err(SinchError::restricted(reason));
            }
        }
    }
    let now = st.now_ms();
    verification.code = plan.code.clone();
    verification.expires_ms = now + (plan.ttl_s as i64) * 1000;
    verification.updated_ms = now;
    let aborted = {
        let mut conn = st.db().lock();
        let tx = conn.transaction()?;
        let mut aborted = Verification::pending_for(&tx, &app.key, &plan.endpoint)?;
        for old in &mut aborted {
            old.finish("ABORTED", None, now);
            old.save(&tx)?;
        }
        insert_or_conflict(&verification, &tx, now)?;
        send(&tx, &plan, lang.as_deref(), now)?;
        tx.commit()?;
        aborted
    };
    for old in &aborted {
        callbacks::result_event(st, &app, old);
    }
    let mut response =
        json!({"id": id, "method": plan.method, "_links": links(st, &id, plan.method)});
    match plan.method {
        "sms" => {
            response["sms"] = json!({
                "template": template(lang.as_deref()),
                "interceptionTimeout": plan.ttl_s.saturating_sub(2).max(1),
                "codeType": plan.code_type,
            });
        }
        "whatsapp" => response["whatsapp"] = json!({"codeType": plan.code_type}),
        "flashcall" => {
            let filter = if app.options.return_full_cli {
                plan.code.clone()
            } else {
                let tail = &plan.code[plan.code.len().saturating_sub(4)..];
                format!("(.*){tail}(.*)")
            };
            response["flashCall"] = json!({
                "cliFilter": filter,
                "interceptionTimeout": plan.interception,
                "reportTimeout": plan.interception + 30,
                "denyCallAfter": 0,
            });
        }
        "seamless" => {
            response["seamless"] = json!({
                "targetUri": format!("{}/sandbox/sinch/seamless/{id}", st.base_url()),
            });
        }
        _ => {}
    }
    let _ = plan.kind;
    let mut resp = Json(response).into_response();
    if let Some(lang) = lang.and_then(|l| HeaderValue::from_str(&l).ok()) {
        resp.headers_mut().insert(header::CONTENT_LANGUAGE, lang);
    }
    Ok(resp)
}

fn insert_or_conflict(v: &Verification, conn: &rusqlite::Connection, now: i64) -> Result<()> {
    match v.insert(conn, now) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(SinchError::new(
                StatusCode::CONFLICT,
                40900,
                "Reference already defined.",
            ))
        }
        other => Ok(other?),
    }
}

fn send(conn: &rusqlite::Connection, plan: &Plan, lang: Option<&str>, now: i64) -> Result<()> {
    let sms_text = template(lang).replace("{{CODE}}", &plan.code);
    let (channel, text) = match plan.method {
        "sms" => (Channel::Sms, sms_text),
        "whatsapp" => (Channel::Sms, format!("WhatsApp: {sms_text}")),
        "flashcall" => (
            Channel::FlashCall,
            format!("Missed call from {}", plan.code),
        ),
        "callout" => {
            let spoken: Vec<String> = plan.code.chars().map(String::from).collect();
            (
                Channel::Voice,
                format!("Your verification code is {}.", spoken.join(" ")),
            )
        }
        _ => return Ok(()),
    };
    outbox::record(
        conn,
        Message {
            channel,
            to: &plan.endpoint,
            text: &text,
            code: &plan.code,
            provider: Provider::Sinch,
        },
        now,
    )?;
    Ok(())
}

/// `PUT /verification/v1/verifications/id/{id}`.
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

/// `PUT /verification/v1/verifications/number/{endpoint}`.
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

fn respond(result: Result<Value>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
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
) -> Result<Value> {
    let app = auth(st, method, uri, headers, body, false)?;
    let req: ReportRequest = parse_json(body)?;
    let reported_method = match &req.method {
        Some(m) => Some(normalize_method(m).ok_or_else(|| {
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
        if v.method == "seamless" {
            return Err(SinchError::validation(
                "a seamless verification completes at its target URI",
            ));
        }
        if v.is_final() {
            let status = v.status.clone();
            let reason = v.reason.clone();
            let r = v.report_json(&status, reason.as_deref());
            return Ok(r);
        }
        if settle_expiry(&mut v, now) {
            v.save(&conn)?;
            let r = v.report_json("FAIL", Some("Expired"));
            (v, r, true)
        } else {
            let (answer, wrong_reason) = if v.method == "flashcall" {
                (cli.as_deref().and_then(normalize_endpoint), "Invalid CLI")
            } else {
                (code.clone(), "Invalid code")
            };
            let Some(answer) = answer else {
                return Err(SinchError::identity(if v.method == "flashcall" {
                    "flashCall.cli is required"
                } else {
                    "the code is required"
                }));
            };
            if pin::matches(&v.code, &answer) {
                v.finish("SUCCESSFUL", None, now);
                v.save(&conn)?;
                let r = v.report_json("SUCCESSFUL", None);
                (v, r, true)
            } else {
                v.attempts_used += 1;
                v.updated_ms = now;
                let exhausted = v.attempts_used >= v.max_attempts;
                if exhausted {
                    v.finish("FAIL", Some(wrong_reason), now);
                }
                v.save(&conn)?;
                let r = v.report_json("FAIL", Some(wrong_reason));
                (v, r, exhausted)
            }
        }
    };
    if finished {
        callbacks::result_event(st, &app, &verification);
    }
    Ok(response)
}

/// `GET /verification/v1/verifications/id/{id}`.
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

/// `GET /verification/v1/verifications/reference/{reference}`.
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

/// `GET /verification/v1/verifications/{method}/number/{endpoint}`.
pub async fn status_by_identity(
    State(st): State<SandboxState>,
    Path((vmethod, endpoint)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(status(&st, &method, &uri, &headers, &body, |conn, app| {
        let (Some(m), Some(e)) = (normalize_method(&vmethod), normalize_endpoint(&endpoint)) else {
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
) -> Result<Value> {
    let app = auth(st, method, uri, headers, body, false)?;
    let now = st.now_ms();
    let (v, expired) = {
        let conn = st.db().lock();
        let mut v = find(&conn, &app.key)?.ok_or_else(SinchError::not_found)?;
        let expired = settle_expiry(&mut v, now);
        if expired {
            v.save(&conn)?;
        }
        (v, expired)
    };
    if expired {
        callbacks::result_event(st, &app, &v);
    }
    Ok(v.status_json())
}

/// `GET /sandbox/sinch/seamless/{id}`: the "mobile network" completing a seamless
/// verification; pending and unexpired becomes SUCCESSFUL.
pub async fn seamless(State(st): State<SandboxState>, Path(id): Path<String>) -> Response {
    let now = st.now_ms();
    let result = (|| -> rusqlite::Result<Option<(Verification, bool)>> {
        let conn = st.db().lock();
        let Some(mut v) = Verification::by_id_any(&conn, &id)?.filter(|v| v.method == "seamless")
        else {
            return Ok(None);
        };
        let changed = if settle_expiry(&mut v, now) {
            true
        } else if v.status == "PENDING" {
            v.finish("SUCCESSFUL", None, now);
            true
        } else {
            false
        };
        if changed {
            v.save(&conn)?;
        }
        Ok(Some((v, changed)))
    })();
    match result {
        Ok(Some((v, changed))) => {
            if changed {
                let app = {
                    let conn = st.db().lock();
                    super::auth::load_app(&conn, &v.app_key).ok().flatten()
                };
                if let Some(app) = app {
                    callbacks::result_event(&st, &app, &v);
                }
            }
            let mut body = json!({"id": v.id, "status": v.status});
            if let Some(reason) = &v.reason {
                body["reason"] = json!(reason);
            }
            Json(body).into_response()
        }
        Ok(None) => {
            crate::sandbox_api::error(StatusCode::NOT_FOUND, "Unknown seamless verification")
        }
        Err(_) => crate::sandbox_api::error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_syntax() {
        assert_eq!(parse_expiry("00:05:00"), Some(300));
        assert_eq!(parse_expiry("01:00:01"), Some(3601));
        assert_eq!(parse_expiry("00:00:00"), None);
        assert_eq!(parse_expiry("00:60:00"), None);
        assert_eq!(parse_expiry("5:00"), None);
        assert_eq!(parse_expiry("25:00:00"), None);
    }
}
