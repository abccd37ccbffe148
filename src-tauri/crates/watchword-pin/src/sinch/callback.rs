//! Sinch's callbacks, for a backend that receives them: checking a callback's
//! signature (Sinch signs its POSTs exactly as clients sign requests, with the
//! application's key and secret and the path of the callback URL), reading the event,
//! and building the answer to a `VerificationRequestEvent`.
//!
//! ```
//! use watchword_pin::sinch::callback::{CallbackAnswer, CallbackEvent, SignedRequest};
//! # let (key, secret) = ("669E367E-6BBA-48AB-AF15-266871C28135", "BeIukql3pTKJ8RGL5zo0DA==");
//! # let body = br#"{"id":"1","event":"VerificationRequestEvent","method":"sms","identity":{"type":"number","endpoint":"+46700000000"}}"#;
//! # let ts = "2014-09-24T10:59:41Z";
//! # let auth = watchword_pin::sinch::signing::authorization(key, secret, "POST", Some(body), "application/json", ts, "/cb").unwrap();
//! let request = SignedRequest {
//!     method: "POST",
//!     path: "/cb",
//!     content_type: "application/json",
//!     timestamp: ts,
//!     authorization: &auth,
//!     body,
//! };
//! request.verify(key, secret, None).expect("signed by Sinch");
//! if let CallbackEvent::Request(event) = CallbackEvent::parse(body).unwrap() {
//!     let answer = if event.identity.endpoint.starts_with("+46") {
//!         CallbackAnswer::allow()
//!     } else {
//!         CallbackAnswer::deny()
//!     };
//!     assert_eq!(answer.to_json(), serde_json::json!({"action": "allow"}));
//! }
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::model::Identity;
use super::signing;

/// How far a callback's `x-timestamp` may be from the receiver's clock (Sinch does not
/// publish its own allowance; this matches the one the sandbox applies to clients).
pub const MAX_SKEW_SECONDS: i64 = 15 * 60;

/// Why a callback is not Sinch's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No `Authorization`, or not `Application key:signature`.
    #[error("the callback has no Sinch signature (Authorization: Application key:signature)")]
    Unsigned,
    /// Signed for another application.
    #[error("the callback is signed for another application key")]
    OtherKey,
    /// The signature does not match the request.
    #[error("the callback's signature does not match (wrong secret, or the request was changed)")]
    BadSignature,
    /// `x-timestamp` is missing, unreadable or too far from now.
    #[error("the callback's x-timestamp is missing, unreadable or more than 15 minutes off")]
    Stale,
    /// The application secret is not base64.
    #[error("the application secret is not base64")]
    BadSecret,
    /// The body is not an event Sinch documents.
    #[error("the callback is not a Sinch verification event: {0}")]
    NotAnEvent(String),
}

/// The parts of a received request a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// `POST`.
    pub method: &'a str,
    /// The request path, percent-decoded, without the query.
    pub path: &'a str,
    /// The `Content-Type` header exactly as received.
    pub content_type: &'a str,
    /// The `x-timestamp` header.
    pub timestamp: &'a str,
    /// The `Authorization` header.
    pub authorization: &'a str,
    /// The body as received.
    pub body: &'a [u8],
}

impl SignedRequest<'_> {
    /// Checks that the application `key` with `secret_base64` signed this request, and
    /// (when `now` is given) that its timestamp is within [`MAX_SKEW_SECONDS`]. The
    /// comparison of signatures takes the same time wherever they differ.
    pub fn verify(
        &self,
        key: &str,
        secret_base64: &str,
        now: Option<OffsetDateTime>,
    ) -> Result<(), CallbackError> {
        let (scheme, credentials) = self
            .authorization
            .trim()
            .split_once(' ')
            .ok_or(CallbackError::Unsigned)?;
        if !scheme.eq_ignore_ascii_case("application") {
            return Err(CallbackError::Unsigned);
        }
        let (given_key, given) = credentials
            .trim()
            .split_once(':')
            .ok_or(CallbackError::Unsigned)?;
        if given_key != key {
            return Err(CallbackError::OtherKey);
        }
        if let Some(now) = now {
            let at = OffsetDateTime::parse(self.timestamp.trim(), &Rfc3339)
                .map_err(|_| CallbackError::Stale)?;
            if (now - at).whole_seconds().abs() > MAX_SKEW_SECONDS {
                return Err(CallbackError::Stale);
            }
        }
        let text = signing::string_to_sign(
            self.method,
            &signing::content_md5(Some(self.body)),
            self.content_type,
            self.timestamp,
            self.path,
        );
        let expected =
            signing::signature(secret_base64, &text).map_err(|_| CallbackError::BadSecret)?;
        if bool::from(expected.as_bytes().ct_eq(given.trim().as_bytes())) {
            Ok(())
        } else {
            Err(CallbackError::BadSignature)
        }
    }
}

/// A price as callbacks carry it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackPrice {
    /// The amount.
    pub amount: f64,
    /// ISO 4217.
    pub currency_id: String,
}

/// `VerificationRequestEvent`: Sinch asks whether to go on with a verification.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestEvent {
    /// The verification's id.
    pub id: String,
    /// `sms`, `flashcall`, `callout`, `seamless`, `whatsapp`.
    pub method: String,
    /// Whom it verifies.
    pub identity: Identity,
    /// What it costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<CallbackPrice>,
    /// Your reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Your custom text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// The start's `Accept-Language`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_language: Option<Vec<String>>,
}

/// `VerificationResultEvent`: how a verification ended.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultEvent {
    /// The verification's id.
    pub id: String,
    /// The method.
    pub method: String,
    /// Whom it verified.
    pub identity: Identity,
    /// `SUCCESSFUL`, `FAIL`, `DENIED`, `ABORTED`, `ERROR`.
    pub status: String,
    /// Why, when not successful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Your reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Your custom text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// `intercepted` or `manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One callback, by its `event` field.
#[derive(Debug, Clone, PartialEq)]
pub enum CallbackEvent {
    /// `VerificationRequestEvent`.
    Request(RequestEvent),
    /// `VerificationResultEvent`.
    Result(ResultEvent),
}

impl CallbackEvent {
    /// Reads a callback body.
    pub fn parse(body: &[u8]) -> Result<CallbackEvent, CallbackError> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| CallbackError::NotAnEvent(format!("not JSON: {e}")))?;
        let kind = value["event"].as_str().unwrap_or_default().to_owned();
        let wrong = |e: serde_json::Error| CallbackError::NotAnEvent(format!("{kind}: {e}"));
        match kind.as_str() {
            "VerificationRequestEvent" => serde_json::from_value(value)
                .map(CallbackEvent::Request)
                .map_err(wrong),
            "VerificationResultEvent" => serde_json::from_value(value)
                .map(CallbackEvent::Result)
                .map_err(wrong),
            other => Err(CallbackError::NotAnEvent(format!(
                "unknown event {other:?}"
            ))),
        }
    }
}

/// The action of an answer.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Go on.
    Allow,
    /// Stop: the verification ends DENIED ("Denied by callback").
    Deny,
}

/// The answer to a `VerificationRequestEvent`: allow (optionally choosing the code, the
/// calling number or the expiry) or deny.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackAnswer {
    /// Allow or deny.
    pub action: Action,
    /// `sms: {code?, expiry?}` (expiry `HH:MM:SS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<Value>,
    /// `flashCall: {cli?}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flash_call: Option<Value>,
    /// `callout: {code?}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callout: Option<Value>,
}

impl CallbackAnswer {
    /// `{"action":"allow"}`.
    pub fn allow() -> Self {
        Self {
            action: Action::Allow,
            sms: None,
            flash_call: None,
            callout: None,
        }
    }

    /// `{"action":"deny"}`.
    pub fn deny() -> Self {
        Self {
            action: Action::Deny,
            ..Self::allow()
        }
    }

    /// Allows with this SMS code.
    pub fn with_sms_code(mut self, code: &str) -> Self {
        self.sms = Some(serde_json::json!({ "code": code }));
        self
    }

    /// Allows with this flash call's calling number.
    pub fn with_flash_call_cli(mut self, cli: &str) -> Self {
        self.flash_call = Some(serde_json::json!({ "cli": cli }));
        self
    }

    /// Allows with this callout code.
    pub fn with_callout_code(mut self, code: &str) -> Self {
        self.callout = Some(serde_json::json!({ "code": code }));
        self
    }

    /// The body to answer with (HTTP 200, `application/json`).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "669E367E-6BBA-48AB-AF15-266871C28135";
    const SECRET: &str = "BeIukql3pTKJ8RGL5zo0DA==";
    const BODY: &[u8] = br#"{"event":"ace","callid":"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257","timestamp":"2014-09-24T10:59:41Z","version":1}"#;

    fn request<'a>(authorization: &'a str, body: &'a [u8]) -> SignedRequest<'a> {
        SignedRequest {
            method: "POST",
            path: "/sinch/callback/ace",
            content_type: "application/json",
            timestamp: "2014-09-24T10:59:41Z",
            authorization,
            body,
        }
    }

    #[test]
    fn the_documented_callback_vector_verifies_and_a_change_does_not() {
        // providers.md vector 4.
        let auth = format!("Application {KEY}:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=");
        request(&auth, BODY).verify(KEY, SECRET, None).unwrap();
        let lower = format!("application {KEY}:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=");
        request(&lower, BODY).verify(KEY, SECRET, None).unwrap();
        let mut changed = BODY.to_vec();
        changed[10] ^= 1;
        assert_eq!(
            request(&auth, &changed).verify(KEY, SECRET, None),
            Err(CallbackError::BadSignature)
        );
        assert_eq!(
            request(&auth, BODY).verify(KEY, "b3RoZXI=", None),
            Err(CallbackError::BadSignature)
        );
        assert_eq!(
            request(&auth, BODY).verify("other", SECRET, None),
            Err(CallbackError::OtherKey)
        );
        assert_eq!(
            request("Basic abc", BODY).verify(KEY, SECRET, None),
            Err(CallbackError::Unsigned)
        );
        // In 2014 it was fresh; today it is stale.
        assert_eq!(
            request(&auth, BODY).verify(KEY, SECRET, Some(OffsetDateTime::now_utc())),
            Err(CallbackError::Stale)
        );
    }

    #[test]
    fn events_parse_and_answers_serialize() {
        let body = br#"{"id":"abc","event":"VerificationResultEvent","method":"sms","identity":{"type":"number","endpoint":"+46700000000"},"status":"DENIED","reason":"Denied by callback","source":"manual"}"#;
        match CallbackEvent::parse(body).unwrap() {
            CallbackEvent::Result(e) => {
                assert_eq!(
                    (e.status.as_str(), e.reason.as_deref()),
                    ("DENIED", Some("Denied by callback"))
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            CallbackEvent::parse(br#"{"event":"ace"}"#),
            Err(CallbackError::NotAnEvent(_))
        ));
        assert_eq!(
            CallbackAnswer::deny().to_json(),
            serde_json::json!({"action": "deny"})
        );
        assert_eq!(
            CallbackAnswer::allow().with_sms_code("4321").to_json(),
            serde_json::json!({"action": "allow", "sms": {"code": "4321"}})
        );
    }
}
