//! Sinch request and response bodies as types: the handlers parse and answer with
//! these, and the OpenAPI document is derived from them, so the two cannot drift.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::method::VerificationMethod;
use super::status_name::StatusName;

/// `identity` of a start request and of a status answer.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Identity {
    /// Must be `number` (compared case-insensitively, so kept as text).
    #[serde(rename = "type")]
    #[schema(value_type = IdentityType)]
    pub kind: String,
    /// E.164 number.
    #[schema(pattern = r"^\+?[1-9][0-9]{5,14}$")]
    pub endpoint: String,
}

/// The one identity type Sinch Verification knows; documented as an enum.
#[derive(Debug, ToSchema)]
#[allow(non_camel_case_types, dead_code)]
pub enum IdentityType {
    /// A phone number.
    number,
}

/// Method names a start accepts, including the older `flashCall` spelling; the
/// request keeps the text so an unknown name gets Sinch's own message.
#[derive(Debug, ToSchema)]
#[allow(non_camel_case_types, dead_code)]
pub enum StartMethodName {
    /// SMS.
    sms,
    /// Flash call.
    flashcall,
    /// Flash call (older spelling).
    flashCall,
    /// Voice callout.
    callout,
    /// Seamless (network) verification.
    seamless,
    /// WhatsApp.
    whatsapp,
}

/// Method names a report accepts (a seamless verification is never reported).
#[derive(Debug, ToSchema)]
#[allow(non_camel_case_types, dead_code)]
pub enum ReportMethodName {
    /// SMS.
    sms,
    /// Flash call.
    flashcall,
    /// Flash call (older spelling).
    flashCall,
    /// Voice callout.
    callout,
    /// WhatsApp.
    whatsapp,
}

/// `codeType` spellings (matched case-insensitively).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub enum CodeTypeName {
    /// Digits.
    Numeric,
    /// Letters.
    Alpha,
    /// Letters and digits.
    Alphanumeric,
}

/// `smsOptions` (plus the account-enabled `code`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsOptions {
    /// `HH:MM:SS`; overrides the application's TTL.
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}:[0-9]{2}$", nullable = false)]
    pub expiry: Option<String>,
    /// `Numeric`, `Alpha` or `Alphanumeric`.
    #[schema(value_type = Option<CodeTypeName>, nullable = false)]
    pub code_type: Option<String>,
    /// A caller-chosen code; only with the application option acceptCustomCode.
    #[schema(nullable = false)]
    pub code: Option<String>,
}

/// `flashCallOptions`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlashCallOptions {
    /// 5–120 s.
    #[schema(minimum = 5, maximum = 120, nullable = false)]
    pub dial_timeout: Option<i64>,
    /// 5–120 s; the answer's `interceptionTimeout`.
    #[schema(minimum = 5, maximum = 120, nullable = false)]
    pub interception_timeout: Option<i64>,
}

/// `calloutOptions`: accepted so real clients' requests pass; the sandbox ignores it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CalloutOptions {
    /// `{locale}` of the spoken message.
    #[schema(value_type = Option<CalloutSpeech>, nullable = false)]
    pub speech: Option<Value>,
}

/// `calloutOptions.speech`, documented only.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct CalloutSpeech {
    /// A locale such as `en-US`.
    locale: Option<String>,
}

/// `whatsappOptions`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatsappOptions {
    /// `Numeric`, `Alpha` or `Alphanumeric`.
    #[schema(value_type = Option<CodeTypeName>, nullable = false)]
    pub code_type: Option<String>,
}

/// The start request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartRequest {
    /// Who to verify.
    pub identity: Identity,
    /// How.
    #[schema(value_type = StartMethodName)]
    pub method: String,
    /// Caller's unique reference (URL-safe).
    #[schema(pattern = "^[A-Za-z0-9._~-]{1,256}$", nullable = false)]
    pub reference: Option<String>,
    /// Free text passed to callbacks.
    #[schema(max_length = 4096, nullable = false)]
    pub custom: Option<String>,
    /// SMS options.
    #[schema(nullable = false)]
    pub sms_options: Option<SmsOptions>,
    /// Flash call options.
    #[schema(nullable = false)]
    pub flash_call_options: Option<FlashCallOptions>,
    /// Callout options (accepted, not used).
    #[schema(value_type = Option<CalloutOptions>, nullable = false)]
    pub callout_options: Option<Value>,
    /// WhatsApp options.
    #[schema(nullable = false)]
    pub whatsapp_options: Option<WhatsappOptions>,
}

/// A code in a report body or a callback answer.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CodeBody {
    /// The code the user typed.
    #[schema(nullable = false)]
    pub code: Option<String>,
}

/// A CLI in a flash call report body or a callback answer.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CliBody {
    /// The full number that called.
    #[schema(nullable = false)]
    pub cli: Option<String>,
}

/// The report request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportRequest {
    /// Method being reported.
    #[schema(value_type = Option<ReportMethodName>, nullable = false)]
    pub method: Option<String>,
    /// SMS code.
    #[schema(nullable = false)]
    pub sms: Option<CodeBody>,
    /// Flash call CLI.
    #[schema(nullable = false)]
    pub flash_call: Option<CliBody>,
    /// Flash call CLI (lowercase key, accepted too).
    #[schema(nullable = false)]
    pub flashcall: Option<CliBody>,
    /// Callout code.
    #[schema(nullable = false)]
    pub callout: Option<CodeBody>,
    /// WhatsApp code.
    #[schema(nullable = false)]
    pub whatsapp: Option<CodeBody>,
}

/// `rel` of a start answer's link.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LinkRel {
    /// Where the status is read.
    Status,
    /// Where the code is reported.
    Report,
}

/// HTTP verb of a link.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub enum LinkMethod {
    /// Read.
    #[serde(rename = "GET")]
    Get,
    /// Report.
    #[serde(rename = "PUT")]
    Put,
}

/// One entry of `_links`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    /// What the link is for.
    pub rel: LinkRel,
    /// Absolute URL on the sandbox's bound address.
    pub href: String,
    /// Verb to use.
    pub method: LinkMethod,
}

/// `sms` of a start answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsStarted {
    /// The message template, in the request's language.
    pub template: String,
    /// Seconds the client may wait for the SMS (TTL − 2).
    pub interception_timeout: u64,
    /// `Numeric`, `Alpha` or `Alphanumeric`.
    pub code_type: String,
}

/// `flashCall` of a start answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlashCallStarted {
    /// A regex (or the full number with `returnFullCli`) matching the calling number.
    pub cli_filter: String,
    /// Seconds to wait for the call.
    pub interception_timeout: i64,
    /// Seconds to report the CLI.
    pub report_timeout: i64,
    /// Always 0.
    pub deny_call_after: i64,
}

/// `seamless` of a start answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeamlessStarted {
    /// Where the "mobile network" completes the verification.
    pub target_uri: String,
}

/// `whatsapp` of a start answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatsappStarted {
    /// `Numeric`, `Alpha` or `Alphanumeric`.
    pub code_type: String,
}

/// The start answer; exactly one method block is present.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartResponse {
    /// Verification id (32 lowercase hex).
    pub id: String,
    /// The normalised method.
    pub method: VerificationMethod,
    /// Status and report links.
    #[serde(rename = "_links")]
    pub links: Vec<Link>,
    /// SMS details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsStarted>,
    /// Flash call details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flash_call: Option<FlashCallStarted>,
    /// Seamless details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seamless: Option<SeamlessStarted>,
    /// WhatsApp details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<WhatsappStarted>,
}

/// The report answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportResponse {
    /// Verification id.
    pub id: String,
    /// The verification's method.
    pub method: VerificationMethod,
    /// The outcome of this report.
    pub status: StatusName,
    /// Why, unless SUCCESSFUL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Flash calls and callouts: whether the verification is final.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_complete: Option<bool>,
}

/// Where the status came from.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusSource {
    /// Intercepted on the device (never in the sandbox).
    Intercepted,
    /// Reported by the client.
    Manual,
}

/// An amount of money.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// ISO 4217 currency.
    pub currency_id: String,
    /// Always 0 in the sandbox.
    pub amount: f64,
}

/// `price` of a status answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// The verification's price.
    pub verification_price: Money,
}

/// The status answer with every documented field.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusResponse {
    /// Verification id.
    pub id: String,
    /// Method.
    pub method: VerificationMethod,
    /// Current state.
    pub status: StatusName,
    /// Why, for final states other than SUCCESSFUL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The caller's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The number.
    pub identity: Identity,
    /// ISO 3166 country of the number.
    pub country_id: String,
    /// Last status change (RFC 3339).
    pub verification_timestamp: String,
    /// Always `manual`.
    pub source: StatusSource,
    /// Flash calls and callouts: whether final.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_complete: Option<bool>,
    /// Always 0 EUR.
    pub price: Price,
}

/// The answer of the sandbox's seamless target.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeamlessResponse {
    /// Verification id.
    pub id: String,
    /// State after the visit.
    pub status: StatusName,
    /// Why, for final states other than SUCCESSFUL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Sinch's error body.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SinchErrorBody {
    /// Sinch's five-digit code.
    pub error_code: u32,
    /// Human-readable message.
    pub message: String,
    /// A fresh request id.
    pub reference: String,
}
