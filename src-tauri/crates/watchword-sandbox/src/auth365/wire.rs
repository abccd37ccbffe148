//! Authentication 365 bodies as types, shared by the handlers and the OpenAPI document.
//! Request members are [`Field`]s: the handlers deserialize the whole body, then
//! validate it in the API's order to answer its own messages; each member's schema
//! says what that validation accepts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{Field, TextOrNumber};

/// `error`, the only status of an error body.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ErrorStatus {
    /// Failed.
    Error,
}

/// The API's error body `{"status":"error","message":…}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Auth365ErrorBody {
    /// Always `error`.
    pub status: ErrorStatus,
    /// What was wrong.
    pub message: String,
}

/// RFC 6749's error body at the token endpoint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OAuthErrorBody {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, …
    pub error: String,
    /// Human-readable text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub error_description: Option<String>,
}

/// The grants the token endpoint knows.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    /// A new token for the client.
    ClientCredentials,
    /// A new token from a refresh token.
    RefreshToken,
}

/// The token request (form-encoded).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenRequest {
    /// Which grant.
    pub grant_type: GrantType,
    /// With `refresh_token`.
    #[schema(nullable = false)]
    pub refresh_token: Option<String>,
    /// Instead of Basic authentication.
    #[schema(nullable = false)]
    pub client_id: Option<String>,
    /// Instead of Basic authentication.
    #[schema(nullable = false)]
    pub client_secret: Option<String>,
}

/// `Bearer`.
#[derive(Debug, Serialize, ToSchema)]
pub enum TokenType {
    /// The only token type.
    Bearer,
}

/// The token answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Bearer token.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: TokenType,
    /// Seconds.
    pub expires_in: i64,
    /// For the refresh grant.
    pub refresh_token: String,
    /// Seconds.
    pub refresh_expires_in: i64,
    /// Granted scope.
    pub scope: String,
}

/// A recipient's number: the document's grammar types `telephoneNumber` as an integer
/// (digits without `+`), its examples and most clients send a string; both are taken.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PhoneNumber {
    /// `"+447700900001"` or `"447700900001"`.
    Text(String),
    /// `447700900001`.
    Digits(u64),
}

impl PhoneNumber {
    /// The number as text (an integer in its decimal spelling).
    pub fn into_text(self) -> String {
        match self {
            PhoneNumber::Text(s) => s,
            PhoneNumber::Digits(n) => n.to_string(),
        }
    }
}

/// `characterSet`: a Boolean in the document's grammar, an empty string in its example,
/// and names such as `"GSM"` from older clients; any of them is taken and none changes
/// the PIN (`pinType` chooses its alphabet).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CharacterSet {
    /// `true` / `false`.
    Flag(bool),
    /// `""` (the document's example) or a name of at most 32 characters.
    Name(String),
}

/// Generating and sending a PIN.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    /// The caller's account.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    pub account_id: Field<i64>,
    /// Recipient by SMS (string or integer).
    #[serde(default)]
    #[schema(value_type = Option<PhoneNumber>, nullable = false)]
    pub telephone_number: Field<PhoneNumber>,
    /// Recipient by email.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub email_address: Field<String>,
    /// The text, with `[token]` where the PIN goes.
    #[serde(default)]
    #[schema(value_type = String, required = true, pattern = r"\[token\]", max_length = 1000)]
    pub message_body: Field<String>,
    /// Boolean or string; accepted and ignored.
    #[serde(default)]
    #[schema(value_type = Option<CharacterSet>, nullable = false)]
    pub character_set: Field<CharacterSet>,
    /// PIN length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 9, nullable = false)]
    pub token_length: Field<u32>,
    /// 0 numeric, 1 alphanumeric.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 0, maximum = 1, nullable = false)]
    pub pin_type: Field<u32>,
    /// Lifetime in seconds.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 30, maximum = 900, nullable = false)]
    pub time_out: Field<u32>,
}

/// How a validation URL works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UrlMode {
    /// Opening the link validates.
    Onestep,
    /// The link shows a form for the PIN.
    Twostep,
}

/// Sending a validation URL.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendUrlRequest {
    /// The caller's account.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    pub account_id: Field<i64>,
    /// Recipient (string or integer).
    #[serde(default)]
    #[schema(value_type = PhoneNumber, required = true)]
    pub telephone_number: Field<PhoneNumber>,
    /// The text, with `[url]` where the link goes.
    #[serde(default)]
    #[schema(value_type = String, required = true, pattern = r"\[url\]", max_length = 1000)]
    pub message_body: Field<String>,
    /// One or two steps.
    #[serde(default)]
    #[schema(value_type = UrlMode, required = true)]
    pub mode: Field<UrlMode>,
    /// PIN length (two-step).
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 4, maximum = 9, nullable = false)]
    pub token_length: Field<u32>,
    /// Lifetime in seconds.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 30, maximum = 900, nullable = false)]
    pub time_out: Field<u32>,
}

/// `success`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuccessStatus {
    /// Done.
    Success,
}

/// The answer of generate and sendurl.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerateResponse {
    /// Always `success`.
    pub status: SuccessStatus,
    /// Human-readable text.
    pub message: String,
    /// The order to validate against.
    #[serde(rename = "orderID")]
    pub order_id: String,
}

/// Validating a PIN.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidateRequest {
    /// The caller's account.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    pub account_id: Field<i64>,
    /// Recipient, to find the newest order (string or integer).
    #[serde(default)]
    #[schema(value_type = Option<PhoneNumber>, nullable = false)]
    pub telephone_number: Field<PhoneNumber>,
    /// Recipient, to find the newest order.
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub email_address: Field<String>,
    /// The order.
    #[serde(rename = "orderID")]
    #[serde(default)]
    #[schema(value_type = Option<String>, nullable = false)]
    pub order_id: Field<TextOrNumber>,
    /// What the user typed.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub token: Field<TextOrNumber>,
}

/// `success` or `failure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeStatus {
    /// Valid.
    Success,
    /// Not valid.
    Failure,
}

/// A validation's outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct Outcome {
    /// Valid or not.
    pub status: OutcomeStatus,
    /// Why.
    pub message: String,
}

/// An order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrderState {
    /// Waiting.
    Pending,
    /// Validated.
    Validated,
    /// Expired.
    Expired,
    /// Attempts used up.
    Failed,
}

/// The order status answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderStatus {
    /// Always `success`.
    pub status: SuccessStatus,
    /// Human-readable text.
    pub message: String,
    /// The order's state.
    pub state: OrderState,
}

/// HMAC algorithms of soft tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    /// SHA-1.
    SHA1,
    /// SHA-256.
    SHA256,
    /// SHA-512.
    SHA512,
}

/// Creating a TOTP soft token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenRequest {
    /// The caller's account.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    pub account_id: Field<i64>,
    /// The user it belongs to.
    #[serde(default)]
    #[schema(value_type = String, required = true, min_length = 1, max_length = 128)]
    pub user_id: Field<String>,
    /// Shown in authenticator apps.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 64, nullable = false)]
    pub issuer: Field<String>,
    /// HMAC algorithm.
    #[serde(default)]
    #[schema(value_type = Option<Algorithm>, nullable = false)]
    pub algorithm: Field<Algorithm>,
    /// Code length.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 6, maximum = 8, nullable = false)]
    pub digits: Field<u32>,
    /// Step in seconds.
    #[serde(default)]
    #[schema(value_type = Option<u32>, minimum = 15, maximum = 120, nullable = false)]
    pub period: Field<u32>,
}

/// A created soft token (the only answer that carries the secret).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenCreated {
    /// Id.
    pub soft_token_id: String,
    /// `otpauth://totp/…`.
    pub otpauth_uri: String,
    /// The URI as a QR code PNG, base64.
    #[schema(format = Byte)]
    pub qr_png: String,
}

/// A soft token as listed (no secret).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenView {
    /// Id.
    pub soft_token_id: String,
    /// Account.
    pub account_id: i64,
    /// User.
    pub user_id: String,
    /// Issuer.
    pub issuer: String,
    /// HMAC algorithm.
    pub algorithm: String,
    /// Code length.
    pub digits: u32,
    /// Step in seconds.
    pub period: u32,
    /// RFC 3339.
    pub created_at: String,
}

/// Validating a TOTP code.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SoftTokenValidate {
    /// What the user typed.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub code: Field<String>,
}

/// The two-step page's form.
#[derive(Debug, Serialize, ToSchema)]
pub struct PinForm {
    /// What the user typed.
    pub pin: String,
}

impl Algorithm {
    /// The name used in `otpauth://` URIs, stored with the token.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::SHA1 => "SHA1",
            Algorithm::SHA256 => "SHA256",
            Algorithm::SHA512 => "SHA512",
        }
    }
}

impl UrlMode {
    /// The name stored with the order.
    pub fn as_str(self) -> &'static str {
        match self {
            UrlMode::Onestep => "onestep",
            UrlMode::Twostep => "twostep",
        }
    }
}
