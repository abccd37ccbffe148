//! Sinch callbacks: VerificationRequestEvent (synchronous, `callbackTimeoutSeconds`
//! (default 5 s) to answer, allow/deny with
//! optional overrides) and VerificationResultEvent (fire and forget), both signed with
//! the application's key and secret exactly as clients sign their requests.
//!
//! Dependencies run one way: the handlers call this module; it needs only the code
//! rules, the stored verification and signing, never the handlers.

use serde::Deserialize;
use serde_json::Value;

use super::auth::{App, sign};
use super::codes::{parse_expiry, valid_code};
use super::model::{Verification, normalize_endpoint};
use super::wire::{CliBody, CodeBody};
use crate::clock::{real_now_ms, rfc3339_ms};
use crate::state::SandboxState;

/// What the request event's answer decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Go on, possibly with a code, CLI or expiry chosen by the callback.
    Allow(Overrides),
    /// Stop; the verification is stored DENIED with this reason.
    Deny(&'static str),
}

/// Values an `allow` answer may override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `sms.code` or `callout.code`.
    pub code: Option<String>,
    /// `flashCall.cli`.
    pub cli: Option<String>,
    /// `sms.expiry` (`HH:MM:SS`) in seconds.
    pub expiry_s: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SmsAnswer {
    code: Option<String>,
    expiry: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    action: String,
    sms: Option<SmsAnswer>,
    flash_call: Option<CliBody>,
    callout: Option<CodeBody>,
}

fn signed_post(
    state: &SandboxState,
    app: &App,
    url: &str,
    body: Vec<u8>,
) -> Option<reqwest::RequestBuilder> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let path = percent_encoding::percent_decode_str(parsed.path())
        .decode_utf8_lossy()
        .into_owned();
    let timestamp = rfc3339_ms(real_now_ms());
    let content_type = "application/json";
    let signature = sign(&app.secret, "POST", &body, content_type, &timestamp, &path)?;
    Some(
        state
            .http()
            .post(parsed)
            .header("content-type", content_type)
            .header("x-timestamp", timestamp)
            .header(
                "authorization",
                format!("Application {}:{signature}", app.key),
            )
            .body(body),
    )
}

/// POSTs the VerificationRequestEvent and reads the decision; no answer within 5 s,
/// a non-2xx status or a body that is not a valid decision is DENIED "Invalid callback".
pub async fn request_event(state: &SandboxState, app: &App, event: &Value) -> Decision {
    const INVALID: Decision = Decision::Deny("Invalid callback");
    let Some(url) = app.options.callback_url.as_deref() else {
        return Decision::Allow(Overrides::default());
    };
    let body = serde_json::to_vec(event).unwrap_or_default();
    let Some(request) = signed_post(state, app, url, body) else {
        return INVALID;
    };
    let wait = std::time::Duration::from_secs(app.options.callback_timeout_seconds);
    let Ok(response) = request.timeout(wait).send().await else {
        return INVALID;
    };
    if !response.status().is_success() {
        return INVALID;
    }
    let Ok(bytes) = response.bytes().await else {
        return INVALID;
    };
    let Ok(answer) = serde_json::from_slice::<Answer>(&bytes) else {
        return INVALID;
    };
    if answer.action.eq_ignore_ascii_case("deny") {
        return Decision::Deny("Denied by callback");
    }
    if !answer.action.eq_ignore_ascii_case("allow") {
        return INVALID;
    }
    let mut overrides = Overrides::default();
    if let Some(sms) = answer.sms {
        overrides.code = sms.code;
        if let Some(expiry) = sms.expiry {
            match parse_expiry(&expiry) {
                Some(s) => overrides.expiry_s = Some(s),
                None => return INVALID,
            }
        }
    }
    if let Some(code) = answer.callout.and_then(|c| c.code) {
        overrides.code = Some(code);
    }
    overrides.cli = answer.flash_call.and_then(|f| f.cli);
    let code_ok = overrides.code.as_deref().is_none_or(valid_code);
    let cli_ok = overrides
        .cli
        .as_deref()
        .is_none_or(|c| normalize_endpoint(c).is_some());
    if !code_ok || !cli_ok {
        return INVALID;
    }
    Decision::Allow(overrides)
}

/// POSTs a VerificationResultEvent in the background; its answer is ignored.
pub fn result_event(state: &SandboxState, app: &App, verification: &Verification) {
    if app.options.callback_url.is_none() {
        return;
    }
    let mut event = verification.event_json("VerificationResultEvent");
    event["status"] = Value::from(verification.status.as_str());
    if let Some(reason) = &verification.reason {
        event["reason"] = Value::from(reason.as_str());
    }
    event["source"] = Value::from("manual");
    let body = serde_json::to_vec(&event).unwrap_or_default();
    let url = app.options.callback_url.clone().unwrap_or_default();
    if let Some(request) = signed_post(state, app, &url, body) {
        tokio::spawn(async move {
            let _ = request.send().await;
        });
    }
}
