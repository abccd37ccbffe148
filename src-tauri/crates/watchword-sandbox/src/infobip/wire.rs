//! Infobip 2FA bodies as types for the OpenAPI document. The handlers parse requests
//! field by field (to answer Infobip's per-field `validationErrors`), so the request
//! types here describe what that parser accepts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ratelimit::{Limit, parse_duration_ms};

/// Infobip's error body `{"requestError":{"serviceException":{…}}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InfobipErrorBody {
    /// The wrapper Infobip puts every error in.
    pub request_error: RequestError,
}

/// `requestError`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestError {
    /// The error itself.
    pub service_exception: ServiceException,
}

/// `serviceException`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceException {
    /// `BAD_REQUEST`, `UNAUTHORIZED`, `NOT_FOUND`, `TOO_MANY_REQUESTS`, …
    pub message_id: String,
    /// Human-readable text.
    pub text: String,
    /// Field name → messages, for 400s about fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub validation_errors: Option<BTreeMap<String, Vec<String>>>,
}

/// A configuration patch: fields present replace the stored ones.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationPatch {
    /// Wrong PINs allowed per pinId.
    #[schema(minimum = 1, maximum = 1000, nullable = false)]
    pub pin_attempts: Option<u32>,
    /// Whether a verified PIN may be verified again.
    #[schema(nullable = false)]
    pub allow_multiple_pin_verifications: Option<bool>,
    /// `{length}{ms|s|m|h|d}`.
    #[schema(example = "15m", nullable = false)]
    pub pin_time_to_live: Option<String>,
    /// Verifications per phone number.
    #[schema(example = "1/3s", nullable = false)]
    pub verify_pin_limit: Option<String>,
    /// Sends per application.
    #[schema(example = "10000/1d", nullable = false)]
    pub send_pin_per_application_limit: Option<String>,
    /// Sends per phone number.
    #[schema(example = "3/1d", nullable = false)]
    pub send_pin_per_phone_number_limit: Option<String>,
}

/// Creating an application.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationRequest {
    /// Display name.
    #[schema(min_length = 1, max_length = 256)]
    pub name: String,
    /// Disabled applications cannot send.
    #[schema(nullable = false)]
    pub enabled: Option<bool>,
    /// Configuration; absent fields take Infobip's defaults.
    #[schema(nullable = false)]
    pub configuration: Option<ConfigurationPatch>,
}

/// Updating an application; absent fields keep their value.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationUpdate {
    /// Display name.
    #[schema(min_length = 1, max_length = 256, nullable = false)]
    pub name: Option<String>,
    /// Disabled applications cannot send.
    #[schema(nullable = false)]
    pub enabled: Option<bool>,
    /// Configuration patch.
    #[schema(nullable = false)]
    pub configuration: Option<ConfigurationPatch>,
}

/// An application as answered.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationView {
    /// 32 uppercase hex.
    pub application_id: String,
    /// Display name.
    pub name: String,
    /// Whether it may send.
    pub enabled: bool,
    /// Full configuration.
    pub configuration: AppConfig,
}

/// PIN alphabets.
#[derive(Debug, Serialize, ToSchema)]
#[allow(clippy::upper_case_acronyms)]
pub enum PinType {
    /// Digits.
    NUMERIC,
    /// Letters.
    ALPHA,
    /// Hexadecimal digits.
    HEX,
    /// Letters and digits.
    ALPHANUMERIC,
}

/// Creating a message template.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageRequest {
    /// The text, with `{{pin}}` where the PIN goes.
    #[schema(pattern = r"\{\{pin\}\}", max_length = 1600)]
    pub message_text: String,
    /// PIN alphabet.
    #[schema(nullable = false)]
    pub pin_type: Option<PinType>,
    /// PIN length.
    #[schema(minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Option<u32>,
    /// Sender shown on the phone.
    #[schema(nullable = false)]
    pub sender_id: Option<String>,
    /// Message language.
    #[schema(nullable = false)]
    pub language: Option<String>,
    /// Voice of voice messages.
    #[schema(nullable = false)]
    pub voice_name: Option<String>,
    /// Voice: repeat on this DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[schema(nullable = false)]
    pub repeat_dtmf: Option<String>,
    /// Voice speed.
    #[schema(minimum = 0.5, maximum = 2, nullable = false)]
    pub speech_rate: Option<f64>,
}

/// Updating a message template; absent fields keep their value.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageUpdate {
    /// The text, with `{{pin}}` where the PIN goes.
    #[schema(pattern = r"\{\{pin\}\}", max_length = 1600, nullable = false)]
    pub message_text: Option<String>,
    /// PIN alphabet.
    #[schema(nullable = false)]
    pub pin_type: Option<PinType>,
    /// PIN length.
    #[schema(minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Option<u32>,
    /// Sender shown on the phone.
    #[schema(nullable = false)]
    pub sender_id: Option<String>,
    /// Message language.
    #[schema(nullable = false)]
    pub language: Option<String>,
    /// Voice of voice messages.
    #[schema(nullable = false)]
    pub voice_name: Option<String>,
    /// Voice: repeat on this DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[schema(nullable = false)]
    pub repeat_dtmf: Option<String>,
    /// Voice speed.
    #[schema(minimum = 0.5, maximum = 2, nullable = false)]
    pub speech_rate: Option<f64>,
}

/// A message template as answered.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    /// 32 uppercase hex.
    pub message_id: String,
    /// Owning application.
    pub application_id: String,
    /// Always `{{pin}}`.
    pub pin_placeholder: String,
    /// The text.
    pub message_text: String,
    /// PIN alphabet.
    pub pin_type: String,
    /// PIN length.
    pub pin_length: u32,
    /// Sender.
    #[schema(nullable = false)]
    pub sender_id: Option<String>,
    /// Language.
    pub language: String,
    /// Voice.
    #[schema(nullable = false)]
    pub voice_name: Option<String>,
    /// DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[schema(nullable = false)]
    pub repeat_dtmf: Option<String>,
    /// Voice speed.
    #[schema(nullable = false)]
    pub speech_rate: Option<f64>,
}

/// Creating an email template.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageRequest {
    /// Infobip's email template id.
    #[schema(minimum = 1)]
    pub email_template_id: i64,
    /// Sender address.
    pub from: String,
    /// PIN length.
    #[schema(minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Option<u32>,
    /// PIN alphabet.
    #[schema(nullable = false)]
    pub pin_type: Option<PinType>,
}

/// Updating an email template; absent fields keep their value.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageUpdate {
    /// Infobip's email template id.
    #[schema(minimum = 1, nullable = false)]
    pub email_template_id: Option<i64>,
    /// Sender address.
    #[schema(nullable = false)]
    pub from: Option<String>,
    /// PIN length.
    #[schema(minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Option<u32>,
    /// PIN alphabet.
    #[schema(nullable = false)]
    pub pin_type: Option<PinType>,
}

/// An email template as answered.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageView {
    /// 32 uppercase hex.
    pub message_id: String,
    /// Owning application.
    pub application_id: String,
    /// Infobip's email template id.
    pub email_template_id: i64,
    /// Sender address.
    pub from: String,
    /// PIN length.
    pub pin_length: u32,
    /// PIN alphabet.
    pub pin_type: String,
}

/// Sending a PIN (SMS, voice or email).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest {
    /// Application.
    pub application_id: String,
    /// Template.
    pub message_id: String,
    /// Phone number or email address.
    pub to: String,
    /// Sender override.
    #[schema(nullable = false)]
    pub from: Option<String>,
    /// Values for the template's other placeholders.
    #[schema(nullable = false)]
    pub placeholders: Option<BTreeMap<String, String>>,
    /// Accepted, not used.
    #[schema(nullable = false)]
    pub track_delivery: Option<bool>,
}

/// Resending the same PIN.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResendRequest {
    /// Values for the template's other placeholders.
    #[schema(nullable = false)]
    pub placeholders: Option<BTreeMap<String, String>>,
}

/// Number-lookup results of `ncNeeded=true`.
#[derive(Debug, Serialize, ToSchema)]
#[allow(non_camel_case_types)]
pub enum NcStatus {
    /// Unknown.
    NC_DESTINATION_UNKNOWN,
    /// Reachable.
    NC_DESTINATION_REACHABLE,
    /// Not reachable.
    NC_DESTINATION_NOT_REACHABLE,
    /// Lookup not configured.
    NC_NOT_CONFIGURED,
}

/// Whether the SMS was sent.
#[derive(Debug, Serialize, ToSchema)]
#[allow(non_camel_case_types)]
pub enum SmsStatus {
    /// Sent.
    MESSAGE_SENT,
    /// Not sent.
    MESSAGE_NOT_SENT,
}

/// The answer of an SMS send or resend.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsSent {
    /// The PIN's id, used to verify.
    pub pin_id: String,
    /// Recipient.
    pub to: String,
    /// Only with `ncNeeded=true`.
    #[schema(nullable = false)]
    pub nc_status: Option<NcStatus>,
    /// Whether it went out.
    pub sms_status: SmsStatus,
}

/// The answer of a voice send or resend.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoiceSent {
    /// The PIN's id.
    pub pin_id: String,
    /// Recipient.
    pub to: String,
    /// Call state.
    pub call_status: String,
}

/// `emailStatus`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailStatus {
    /// State name.
    pub name: String,
    /// State description.
    pub description: String,
}

/// The answer of an email send or resend.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailSent {
    /// The PIN's id.
    pub pin_id: String,
    /// Recipient.
    pub to: String,
    /// Delivery state.
    pub email_status: EmailStatus,
}

/// Verifying a PIN.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyRequest {
    /// What the user typed.
    pub pin: String,
}

/// Why a verification failed.
#[derive(Debug, Serialize, ToSchema)]
#[allow(non_camel_case_types)]
pub enum PinError {
    /// Wrong PIN.
    WRONG_PIN,
    /// Expired.
    TTL_EXPIRED,
    /// Attempts used up.
    NO_MORE_PIN_ATTEMPTS,
}

/// The outcome of a verification.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResponse {
    /// The PIN's id.
    pub pin_id: String,
    /// Recipient.
    pub msisdn: String,
    /// Whether it matched.
    pub verified: bool,
    /// Wrong PINs left.
    pub attempts_remaining: u32,
    /// Why not, when not.
    #[schema(nullable = false)]
    pub pin_error: Option<PinError>,
}

/// One PIN in the status answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationEntry {
    /// Recipient.
    pub msisdn: String,
    /// Whether verified.
    pub verified: bool,
    /// Epoch milliseconds.
    #[schema(nullable = false)]
    pub verified_at: Option<i64>,
    /// Epoch milliseconds.
    #[schema(nullable = false)]
    pub sent_at: Option<i64>,
}

/// The status answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verifications {
    /// PINs sent to the number.
    pub verifications: Vec<VerificationEntry>,
}

/// An application's configuration with Infobip's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(title = "InfobipConfiguration")]
#[serde(rename_all = "camelCase")]
pub struct AppConfig {
    /// Wrong PINs allowed per pinId (10).
    #[schema(minimum = 1, maximum = 1000)]
    pub pin_attempts: u32,
    /// Whether a verified PIN may be verified again (true).
    pub allow_multiple_pin_verifications: bool,
    /// `{length}{ms|s|m|h|d}` (15m).
    pub pin_time_to_live: String,
    /// Verifications per phone number (1/3s).
    pub verify_pin_limit: String,
    /// Sends per application (10000/1d).
    pub send_pin_per_application_limit: String,
    /// Sends per phone number (3/1d).
    pub send_pin_per_phone_number_limit: String,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            pin_attempts: 10,
            allow_multiple_pin_verifications: true,
            pin_time_to_live: "15m".into(),
            verify_pin_limit: "1/3s".into(),
            send_pin_per_application_limit: "10000/1d".into(),
            send_pin_per_phone_number_limit: "3/1d".into(),
        }
    }
}

impl AppConfig {
    /// PIN lifetime in milliseconds.
    pub fn ttl_ms(&self) -> i64 {
        parse_duration_ms(&self.pin_time_to_live).unwrap_or(900_000)
    }
    /// A limit field, parsed (validated when stored).
    pub fn limit(text: &str) -> Limit {
        Limit::parse(text).unwrap_or(Limit {
            count: 1,
            window_ms: 1000,
        })
    }
}
