//! Sinch Verification v1 request and response bodies.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

/// How the PIN reaches the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A text message with the code.
    Sms,
    /// A missed call whose calling number is the code.
    #[serde(alias = "flashCall")]
    Flashcall,
    /// A voice call that reads the code.
    Callout,
    /// Verification through the mobile network, no code.
    Seamless,
    /// A WhatsApp message with the code.
    Whatsapp,
}

impl Method {
    /// The lowercase name in paths and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Flashcall => "flashcall",
            Self::Callout => "callout",
            Self::Seamless => "seamless",
            Self::Whatsapp => "whatsapp",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "sms" => Ok(Self::Sms),
            "flashcall" | "flash-call" => Ok(Self::Flashcall),
            "callout" | "voice" => Ok(Self::Callout),
            "seamless" => Ok(Self::Seamless),
            "whatsapp" => Ok(Self::Whatsapp),
            other => Err(format!(
                "unknown Sinch method {other:?} (expected sms, flashcall, callout, seamless or whatsapp)"
            )),
        }
    }
}

/// Who is verified: a phone number in E.164.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Always `number` in v1.
    #[serde(rename = "type")]
    pub kind: String,
    /// The number, `+` included.
    pub endpoint: String,
}

impl Identity {
    /// A phone-number identity.
    pub fn number(endpoint: impl Into<String>) -> Self {
        Self {
            kind: "number".into(),
            endpoint: endpoint.into(),
        }
    }
}

/// SMS options of a start request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsOptions {
    /// How long the code is valid, `HH:MM:SS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    /// `Numeric`, `Alpha` or `Alphanumeric`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_type: Option<String>,
    /// A caller-chosen code (accounts enabled for it only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Zeroizing<String>>,
}

/// Flash-call options of a start request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlashCallOptions {
    /// Seconds the call rings, 5–120.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_timeout: Option<u32>,
    /// Seconds the app waits to intercept the call, 5–120.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interception_timeout: Option<u32>,
}

/// Callout options of a start request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalloutOptions {
    /// The spoken language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speech: Option<Speech>,
}

/// The locale a callout speaks in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    /// E.g. `en-US`.
    pub locale: String,
}

/// `POST /verifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartRequest {
    /// The number to verify.
    pub identity: Identity,
    /// The channel.
    pub method: Method,
    /// Your own unique, URL-safe reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Free text passed to callbacks (≤ 4096 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// For `sms`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_options: Option<SmsOptions>,
    /// For `flashcall`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flash_call_options: Option<FlashCallOptions>,
    /// For `callout`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callout_options: Option<CalloutOptions>,
}

impl StartRequest {
    /// A start request with no options.
    pub fn new(number: impl Into<String>, method: Method) -> Self {
        Self {
            identity: Identity::number(number),
            method,
            reference: None,
            custom: None,
            sms_options: None,
            flash_call_options: None,
            callout_options: None,
        }
    }
}

/// A link in a start response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// `status` or `report`.
    pub rel: String,
    /// Where.
    pub href: String,
    /// With which HTTP method.
    pub method: String,
}

/// What an SMS start returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsStarted {
    /// The message template, `{{CODE}}` marking the code.
    pub template: String,
    /// Seconds the app may wait for the SMS.
    pub interception_timeout: u64,
    /// The code's character set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_type: Option<String>,
}

/// What a flash-call start returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlashCallStarted {
    /// A regex the calling number matches (or the full number, on accounts set so).
    pub cli_filter: String,
    /// Seconds to wait for the call.
    pub interception_timeout: u64,
    /// Seconds within which the CLI must be reported.
    #[serde(default)]
    pub report_timeout: u64,
    /// Seconds after which the call is rejected.
    #[serde(default)]
    pub deny_call_after: u64,
}

/// What a seamless start returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeamlessStarted {
    /// The URI the device must open over the mobile network.
    pub target_uri: String,
}

/// The answer to a start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartResponse {
    /// The verification's id.
    pub id: String,
    /// The channel.
    pub method: Method,
    /// Where to query and report.
    #[serde(rename = "_links", default)]
    pub links: Vec<Link>,
    /// SMS details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsStarted>,
    /// Flash-call details.
    #[serde(rename = "flashCall", default, skip_serializing_if = "Option::is_none")]
    pub flash_call: Option<FlashCallStarted>,
    /// Seamless details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seamless: Option<SeamlessStarted>,
    /// The `Content-Language` header of the answer (the SMS language picked).
    #[serde(
        rename = "contentLanguage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_language: Option<String>,
}

/// What the user typed (or the number that called).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// The code from the SMS.
    Sms(Zeroizing<String>),
    /// The full E.164 number of the flash call.
    Flashcall(Zeroizing<String>),
    /// The code heard in the callout.
    Callout(Zeroizing<String>),
    /// The code from the WhatsApp message.
    Whatsapp(Zeroizing<String>),
}

impl Report {
    /// The report for `method` with `value` (a code, or a CLI for flash calls).
    pub fn for_method(method: Method, value: &str) -> Result<Self, String> {
        let value = Zeroizing::new(value.trim().to_owned());
        match method {
            Method::Sms => Ok(Self::Sms(value)),
            Method::Whatsapp => Ok(Self::Whatsapp(value)),
            Method::Flashcall => Ok(Self::Flashcall(value)),
            Method::Callout => Ok(Self::Callout(value)),
            Method::Seamless => Err("a seamless verification has nothing to report".into()),
        }
    }

    /// The JSON body Sinch expects.
    pub fn body(&self) -> Value {
        match self {
            Self::Sms(code) => serde_json::json!({"method": "sms", "sms": {"code": code.as_str()}}),
            Self::Flashcall(cli) => {
                serde_json::json!({"method": "flashcall", "flashCall": {"cli": cli.as_str()}})
            }
            Self::Callout(code) => {
                serde_json::json!({"method": "callout", "callout": {"code": code.as_str()}})
            }
            Self::Whatsapp(code) => {
                serde_json::json!({"method": "whatsapp", "whatsapp": {"code": code.as_str()}})
            }
        }
    }
}

/// A verification's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Waiting for the code.
    Pending,
    /// Verified.
    Successful,
    /// A wrong code, an expired one, or attempts used up.
    Fail,
    /// Refused (by a callback, fraud rules, credit).
    Denied,
    /// Replaced by a newer verification of the same number.
    Aborted,
    /// The provider failed.
    Error,
}

/// The answer to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportResponse {
    /// The verification's id.
    pub id: String,
    /// The channel.
    pub method: Method,
    /// The outcome.
    pub status: Status,
    /// Why, when not successful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether the call ended (callouts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_complete: Option<bool>,
}

/// The answer to a status query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatus {
    /// The verification's id.
    pub id: String,
    /// The channel.
    pub method: Method,
    /// The state.
    pub status: Status,
    /// Why, when not successful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Your reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The number's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_id: Option<String>,
    /// When it was started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_timestamp: Option<String>,
    /// `intercepted` or `manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Whether the call ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_complete: Option<bool>,
    /// The call's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_result: Option<String>,
    /// What it cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Value>,
}
