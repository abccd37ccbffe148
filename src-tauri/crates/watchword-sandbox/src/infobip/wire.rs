//! Infobip 2FA bodies as types, shared by the handlers and the OpenAPI document. Request
//! members are [`Field`]s: the handlers deserialize the whole body, then validate it in
//! Infobip's order to answer its per-field `validationErrors`; each member's schema says
//! what that validation accepts.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::field::{Field, Object, TextOrNumber};
use crate::pin::PinKind;
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

/// A member that may be left out but not sent as null: null is rejected with serde's
/// own message, as it is for the stored configuration.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A configuration patch: fields present replace the stored ones. Deserialized strictly
/// (null and unknown members are errors, worded by serde as for the stored
/// configuration).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigurationPatch {
    /// Wrong PINs allowed per pinId.
    #[serde(default, deserialize_with = "present")]
    #[schema(minimum = 1, maximum = 1000, nullable = false)]
    pub pin_attempts: Option<u32>,
    /// Whether a verified PIN may be verified again.
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub allow_multiple_pin_verifications: Option<bool>,
    /// `{length}{ms|s|m|h|d}`.
    #[serde(default, deserialize_with = "present")]
    #[schema(example = "15m", nullable = false)]
    pub pin_time_to_live: Option<String>,
    /// Verifications per phone number.
    #[serde(default, deserialize_with = "present")]
    #[schema(example = "1/3s", nullable = false)]
    pub verify_pin_limit: Option<String>,
    /// Sends per application.
    #[serde(default, deserialize_with = "present")]
    #[schema(example = "10000/1d", nullable = false)]
    pub send_pin_per_application_limit: Option<String>,
    /// Sends per phone number.
    #[serde(default, deserialize_with = "present")]
    #[schema(example = "3/1d", nullable = false)]
    pub send_pin_per_phone_number_limit: Option<String>,
}

/// Creating an application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicationRequest {
    /// Display name.
    #[serde(default)]
    #[schema(value_type = String, required = true, min_length = 1, max_length = 256)]
    pub name: Field<String>,
    /// Disabled applications cannot send.
    #[serde(default)]
    #[schema(value_type = Option<bool>, nullable = false)]
    pub enabled: Field<bool>,
    /// Configuration; absent fields take Infobip's defaults.
    #[serde(default)]
    #[schema(value_type = Option<ConfigurationPatch>, nullable = false)]
    pub configuration: Field<Object<ConfigurationPatch>>,
}

/// Updating an application; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicationUpdate {
    /// Display name.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 256, nullable = false)]
    pub name: Field<String>,
    /// Disabled applications cannot send.
    #[serde(default)]
    #[schema(value_type = Option<bool>, nullable = false)]
    pub enabled: Field<bool>,
    /// Configuration patch.
    #[serde(default)]
    #[schema(value_type = Option<ConfigurationPatch>, nullable = false)]
    pub configuration: Field<Object<ConfigurationPatch>>,
}

impl From<ApplicationRequest> for ApplicationUpdate {
    /// Create and update share one merge; only which members are required differs.
    fn from(r: ApplicationRequest) -> Self {
        ApplicationUpdate {
            name: r.name,
            enabled: r.enabled,
            configuration: r.configuration,
        }
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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

impl PinType {
    /// The alphabet PINs of this type are drawn from.
    pub fn kind(self) -> PinKind {
        match self {
            PinType::NUMERIC => PinKind::Numeric,
            PinType::ALPHA => PinKind::Alpha,
            PinType::HEX => PinKind::Hex,
            PinType::ALPHANUMERIC => PinKind::Alphanumeric,
        }
    }
}

/// Creating a message template.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageRequest {
    /// The text, with `{{pin}}` where the PIN goes.
    #[serde(default)]
    #[schema(value_type = String, required = true, pattern = r"\{\{pin\}\}", max_length = 1600)]
    pub message_text: Field<String>,
    /// PIN alphabet.
    #[serde(default)]
    #[schema(value_type = Option<PinType>, nullable = false)]
    pub pin_type: Field<PinType>,
    /// PIN length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Field<u32>,
    /// Sender shown on the phone.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub sender_id: Field<String>,
    /// Message language.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub language: Field<String>,
    /// Voice of voice messages.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub voice_name: Field<String>,
    /// Voice: repeat on this DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub repeat_dtmf: Field<String>,
    /// Voice speed.
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.5, maximum = 2, nullable = false)]
    pub speech_rate: Field<f64>,
}

/// Updating a message template; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageUpdate {
    /// The text, with `{{pin}}` where the PIN goes.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"\{\{pin\}\}", max_length = 1600, nullable = false)]
    pub message_text: Field<String>,
    /// PIN alphabet.
    #[serde(default)]
    #[schema(value_type = Option<PinType>, nullable = false)]
    pub pin_type: Field<PinType>,
    /// PIN length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Field<u32>,
    /// Sender shown on the phone.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub sender_id: Field<String>,
    /// Message language.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub language: Field<String>,
    /// Voice of voice messages.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub voice_name: Field<String>,
    /// Voice: repeat on this DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub repeat_dtmf: Field<String>,
    /// Voice speed.
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.5, maximum = 2, nullable = false)]
    pub speech_rate: Field<f64>,
}

impl From<MessageRequest> for MessageUpdate {
    /// Create and update share one builder; only which members are required differs.
    fn from(r: MessageRequest) -> Self {
        MessageUpdate {
            message_text: r.message_text,
            pin_type: r.pin_type,
            pin_length: r.pin_length,
            sender_id: r.sender_id,
            language: r.language,
            voice_name: r.voice_name,
            repeat_dtmf: r.repeat_dtmf,
            speech_rate: r.speech_rate,
        }
    }
}

/// A message template as answered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
    pub pin_type: PinType,
    /// PIN length.
    pub pin_length: u32,
    /// Sender.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub sender_id: Option<String>,
    /// Language.
    pub language: String,
    /// Voice.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub voice_name: Option<String>,
    /// DTMF key.
    #[serde(rename = "repeatDTMF")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub repeat_dtmf: Option<String>,
    /// Voice speed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub speech_rate: Option<f64>,
}

/// Creating an email template.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageRequest {
    /// Infobip's email template id.
    #[serde(default)]
    #[schema(value_type = u64, required = true, minimum = 1)]
    pub email_template_id: Field<u64>,
    /// Sender address.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub from: Field<String>,
    /// PIN length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Field<u32>,
    /// PIN alphabet.
    #[serde(default)]
    #[schema(value_type = Option<PinType>, nullable = false)]
    pub pin_type: Field<PinType>,
}

/// Updating an email template; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageUpdate {
    /// Infobip's email template id.
    #[serde(default)]
    #[schema(value_type = Option<u64>, minimum = 1, nullable = false)]
    pub email_template_id: Field<u64>,
    /// Sender address.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub from: Field<String>,
    /// PIN length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 16, nullable = false)]
    pub pin_length: Field<u32>,
    /// PIN alphabet.
    #[serde(default)]
    #[schema(value_type = Option<PinType>, nullable = false)]
    pub pin_type: Field<PinType>,
}

impl From<EmailMessageRequest> for EmailMessageUpdate {
    /// Create and update share one builder; only which members are required differs.
    fn from(r: EmailMessageRequest) -> Self {
        EmailMessageUpdate {
            email_template_id: r.email_template_id,
            from: r.from,
            pin_length: r.pin_length,
            pin_type: r.pin_type,
        }
    }
}

/// An email template as answered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailMessageView {
    /// 32 uppercase hex.
    pub message_id: String,
    /// Owning application.
    pub application_id: String,
    /// Infobip's email template id.
    pub email_template_id: u64,
    /// Sender address.
    pub from: String,
    /// PIN length.
    pub pin_length: u32,
    /// PIN alphabet.
    pub pin_type: PinType,
}

/// Sending a PIN (SMS, voice or email).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest {
    /// Application.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub application_id: Field<String>,
    /// Template.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub message_id: Field<String>,
    /// Phone number or email address.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub to: Field<String>,
    /// Sender override.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub from: Field<String>,
    /// Values for the template's other placeholders.
    #[serde(default)]
    #[schema(value_type = Option<BTreeMap<String, String>>, nullable = false)]
    pub placeholders: Field<BTreeMap<String, String>>,
    /// Accepted, not used.
    #[serde(default)]
    #[schema(value_type = Option<bool>, nullable = false)]
    pub track_delivery: Field<bool>,
}

/// Resending the same PIN.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ResendRequest {
    /// Values for the template's other placeholders.
    #[serde(default)]
    #[schema(value_type = Option<BTreeMap<String, String>>, nullable = false)]
    pub placeholders: Field<BTreeMap<String, String>>,
}

/// Number-lookup results of `ncNeeded=true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    /// What the user typed (a JSON number is taken as its digits).
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub pin: Field<TextOrNumber>,
}

/// Why a verification failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
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
    /// Epoch milliseconds; omitted while unverified.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub verified_at: Option<i64>,
    /// Epoch milliseconds; omitted when nothing was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
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
    /// This configuration with the members a patch names replaced (not yet validated).
    pub fn patched(mut self, patch: ConfigurationPatch) -> AppConfig {
        if let Some(v) = patch.pin_attempts {
            self.pin_attempts = v;
        }
        if let Some(v) = patch.allow_multiple_pin_verifications {
            self.allow_multiple_pin_verifications = v;
        }
        if let Some(v) = patch.pin_time_to_live {
            self.pin_time_to_live = v;
        }
        if let Some(v) = patch.verify_pin_limit {
            self.verify_pin_limit = v;
        }
        if let Some(v) = patch.send_pin_per_application_limit {
            self.send_pin_per_application_limit = v;
        }
        if let Some(v) = patch.send_pin_per_phone_number_limit {
            self.send_pin_per_phone_number_limit = v;
        }
        self
    }

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
