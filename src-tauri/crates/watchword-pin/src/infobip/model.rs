//! Infobip 2FA request and response bodies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A 2FA application's limits; unset fields take Infobip's defaults.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppConfiguration {
    /// Wrong PINs allowed per PIN (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_attempts: Option<u32>,
    /// Whether a verified PIN may be verified again (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_multiple_pin_verifications: Option<bool>,
    /// How long a PIN lives, `{n}{ms|s|m|h|d}` (default `15m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_time_to_live: Option<String>,
    /// Verify rate, `{count}/{n}{unit}` (default `1/3s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_pin_limit: Option<String>,
    /// Sends per application (default `10000/1d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_pin_per_application_limit: Option<String>,
    /// Sends per phone number (default `3/1d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_pin_per_phone_number_limit: Option<String>,
}

/// A 2FA application.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Assigned by Infobip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// A name you choose.
    pub name: String,
    /// Whether PINs can be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Its limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<AppConfiguration>,
}

/// A message template (SMS and voice).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageTemplate {
    /// Assigned by Infobip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The owning application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The text; must contain `{{pin}}`.
    pub message_text: String,
    /// `NUMERIC`, `ALPHA`, `HEX` or `ALPHANUMERIC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_type: Option<String>,
    /// How many characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_length: Option<u32>,
    /// The sender shown on the phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    /// Message language (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Voice for voice PINs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_name: Option<String>,
    /// Key press that repeats a voice message.
    #[serde(
        rename = "repeatDTMF",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub repeat_dtmf: Option<String>,
    /// Voice speed, 0.5–2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech_rate: Option<f64>,
    /// The placeholder that marks the PIN (returned: `{{pin}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_placeholder: Option<String>,
}

/// An email template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailTemplate {
    /// Assigned by Infobip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The owning application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The email template's id in Infobip's email product.
    pub email_template_id: u64,
    /// The sender address.
    pub from: String,
    /// How many characters (default 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_length: Option<u32>,
    /// The PIN's character set (default `NUMERIC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_type: Option<String>,
}

/// Sends a PIN by SMS, voice or email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendPin {
    /// The application.
    pub application_id: String,
    /// The template.
    pub message_id: String,
    /// A phone number (digits, optionally `+`) or an email address.
    pub to: String,
    /// Sender override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Values for the template's other placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholders: Option<BTreeMap<String, String>>,
}

/// The channel a PIN goes out by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A text message.
    Sms,
    /// A voice call.
    Voice,
    /// An email.
    Email,
}

impl std::str::FromStr for Channel {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "sms" => Ok(Self::Sms),
            "voice" | "callout" => Ok(Self::Voice),
            "email" => Ok(Self::Email),
            other => Err(format!(
                "unknown Infobip channel {other:?} (expected sms, voice or email)"
            )),
        }
    }
}

/// An email send's delivery state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStatus {
    /// E.g. `PENDING_ACCEPTED`.
    pub name: String,
    /// In words.
    #[serde(default)]
    pub description: String,
}

/// The answer to a send or resend (fields depend on the channel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinSent {
    /// The PIN's id, for verify and resend.
    pub pin_id: String,
    /// The recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Number-lookup result (SMS with `ncNeeded`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nc_status: Option<String>,
    /// `MESSAGE_SENT` or `MESSAGE_NOT_SENT` (SMS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_status: Option<String>,
    /// Call state (voice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_status: Option<String>,
    /// Delivery state (email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_status: Option<EmailStatus>,
}

/// The answer to a verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinVerified {
    /// The PIN's id.
    pub pin_id: String,
    /// The recipient.
    #[serde(default)]
    pub msisdn: Option<String>,
    /// Whether the PIN was right.
    pub verified: bool,
    /// Wrong tries left.
    pub attempts_remaining: u32,
    /// `WRONG_PIN`, `TTL_EXPIRED` or `NO_MORE_PIN_ATTEMPTS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_error: Option<String>,
}

/// One entry of an application's verification status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationEntry {
    /// The recipient.
    pub msisdn: String,
    /// Whether verified.
    pub verified: bool,
    /// When verified, epoch milliseconds (0 when not).
    #[serde(default)]
    pub verified_at: u64,
    /// When sent, epoch milliseconds.
    #[serde(default)]
    pub sent_at: u64,
}

/// The answer to a status query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verifications {
    /// Newest last.
    pub verifications: Vec<VerificationEntry>,
}

/// Filters for a status query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusFilter {
    /// Only this recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msisdn: Option<String>,
    /// Only verified (or unverified) ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Only sent (or unsent) ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<bool>,
}
