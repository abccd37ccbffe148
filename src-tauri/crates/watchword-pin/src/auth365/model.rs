//! Authentication 365 style request and response bodies (the seed's design, see
//! `providers.md` §3; where nothing public exists the shape is ours, shared with the sandbox).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The OAuth2 token endpoint's answer (RFC 6749 §5.1).
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: Zeroizing<String>,
    #[serde(default)]
    pub token_type: String,
    pub expires_in: u64,
    #[serde(default)]
    pub refresh_token: Option<Zeroizing<String>>,
    #[serde(default)]
    pub refresh_expires_in: Option<u64>,
}

/// The character set of a generated PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PinType {
    /// Digits only (`0` on the wire).
    Numeric,
    /// Letters and digits (`1` on the wire).
    Alphanumeric,
}

impl PinType {
    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::Numeric => 0,
            Self::Alphanumeric => 1,
        }
    }
}

/// Where a PIN goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A phone number (E.164).
    Phone(String),
    /// An email address.
    Email(String),
}

impl Recipient {
    /// A phone number or, when it contains `@`, an email address.
    pub fn parse(text: &str) -> Self {
        if text.contains('@') {
            Self::Email(text.trim().to_owned())
        } else {
            Self::Phone(text.trim().to_owned())
        }
    }
}

/// What to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateRequest {
    /// Who gets the PIN.
    pub to: Recipient,
    /// The text, with `[token]` where the PIN goes.
    pub message_body: String,
    /// PIN length, 4–9.
    pub token_length: u8,
    /// Digits or letters and digits.
    pub pin_type: PinType,
    /// Seconds the PIN lives, 30–900.
    pub time_out: u32,
}

impl GenerateRequest {
    /// Checks the ranges the API documents, so a bad request is named before it is sent.
    pub fn validate(&self) -> Result<(), String> {
        if !self.message_body.contains("[token]") {
            return Err("the message must contain [token] where the PIN goes".into());
        }
        if !(4..=9).contains(&self.token_length) {
            return Err(format!(
                "the PIN length must be 4 to 9, not {}",
                self.token_length
            ));
        }
        if !(30..=900).contains(&self.time_out) {
            return Err(format!(
                "the timeout must be 30 to 900 seconds, not {}",
                self.time_out
            ));
        }
        Ok(())
    }
}

/// The answer to a generate or a URL send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// `success`.
    pub status: String,
    /// The text that was sent (it contains the PIN: shown redacted in logs).
    pub message: String,
    /// The order's id, for validation and status.
    #[serde(rename = "orderID")]
    pub order_id: String,
}

/// How a validation URL works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UrlMode {
    /// Opening the link validates.
    Onestep,
    /// The link opens a page where the user types the PIN.
    Twostep,
}

impl std::str::FromStr for UrlMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().replace('-', "").as_str() {
            "onestep" => Ok(Self::Onestep),
            "twostep" => Ok(Self::Twostep),
            other => Err(format!(
                "unknown URL mode {other:?} (expected onestep or twostep)"
            )),
        }
    }
}

/// What a validation identifies the PIN by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The newest PIN sent to this number.
    Phone(String),
    /// The newest PIN sent to this address.
    Email(String),
    /// The order that sent it.
    Order(String),
}

/// A yes/no answer: `status` is `success` or `failure`, `message` says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// `success` or `failure`.
    pub status: String,
    /// In words.
    #[serde(default)]
    pub message: String,
}

impl Outcome {
    /// Whether the server said `success`.
    pub fn succeeded(&self) -> bool {
        self.status.eq_ignore_ascii_case("success")
    }
}

/// An order's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderStatus {
    /// `success` when the order exists.
    pub status: String,
    /// In words.
    #[serde(default)]
    pub message: String,
    /// `pending`, `validated`, `expired` or `failed`.
    pub state: String,
}

/// A soft token to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenRequest {
    /// The user it belongs to.
    pub user_id: String,
    /// The issuer shown in authenticators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// `SHA1`, `SHA256` or `SHA512`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// 6–8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<u8>,
    /// Seconds, 15–120.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
}

/// A created soft token: its secret, as a URI and a QR picture.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenCreated {
    /// The token's id.
    pub soft_token_id: String,
    /// `otpauth://totp/…` with the secret.
    pub otpauth_uri: Zeroizing<String>,
    /// The same URI as a QR code, base64 PNG.
    pub qr_png: Zeroizing<String>,
}

impl std::fmt::Debug for SoftTokenCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftTokenCreated")
            .field("soft_token_id", &self.soft_token_id)
            .finish_non_exhaustive()
    }
}

/// A soft token as listed (no secret).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenInfo {
    /// The token's id.
    pub soft_token_id: String,
    /// The user it belongs to.
    #[serde(default)]
    pub user_id: String,
    /// The issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// Code length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<u8>,
    /// Seconds per code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
}

/// A list answer: a bare array, or wrapped in an object.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum SoftTokenList {
    Bare(Vec<SoftTokenInfo>),
    Wrapped {
        #[serde(alias = "softTokens", alias = "items")]
        tokens: Vec<SoftTokenInfo>,
    },
}
