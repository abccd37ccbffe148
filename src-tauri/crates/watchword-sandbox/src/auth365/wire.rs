//! Authentication 365 bodies as types for the OpenAPI document. The handlers parse
//! requests field by field (for the API's own messages), so the request types here
//! describe what that parser accepts.

use serde::Serialize;
use utoipa::ToSchema;

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

/// Generating and sending a PIN.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    /// The caller's account.
    #[schema(minimum = 0)]
    pub account_id: i64,
    /// Recipient by SMS.
    #[schema(pattern = r"^\+?[1-9][0-9]{5,14}$", nullable = false)]
    pub telephone_number: Option<String>,
    /// Recipient by email.
    #[schema(nullable = false)]
    pub email_address: Option<String>,
    /// The text, with `[token]` where the PIN goes.
    #[schema(pattern = r"\[token\]", max_length = 1000)]
    pub message_body: String,
    /// Alphabet of the PIN.
    #[schema(nullable = false)]
    pub character_set: Option<String>,
    /// PIN length.
    #[schema(minimum = 4, maximum = 9, nullable = false)]
    pub token_length: Option<u32>,
    /// 0 numeric, 1 alphanumeric.
    #[schema(minimum = 0, maximum = 1, nullable = false)]
    pub pin_type: Option<u32>,
    /// Lifetime in seconds.
    #[schema(minimum = 30, maximum = 900, nullable = false)]
    pub time_out: Option<u32>,
}

/// How a validation URL works.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UrlMode {
    /// Opening the link validates.
    Onestep,
    /// The link shows a form for the PIN.
    Twostep,
}

/// Sending a validation URL.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendUrlRequest {
    /// The caller's account.
    #[schema(minimum = 0)]
    pub account_id: i64,
    /// Recipient.
    #[schema(pattern = r"^\+?[1-9][0-9]{5,14}$")]
    pub telephone_number: String,
    /// The text, with `[url]` where the link goes.
    #[schema(pattern = r"\[url\]", max_length = 1000)]
    pub message_body: String,
    /// One or two steps.
    pub mode: UrlMode,
    /// PIN length (two-step).
    #[schema(minimum = 4, maximum = 9, nullable = false)]
    pub token_length: Option<u32>,
    /// Lifetime in seconds.
    #[schema(minimum = 30, maximum = 900, nullable = false)]
    pub time_out: Option<u32>,
}

/// `success`.
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidateRequest {
    /// The caller's account.
    #[schema(minimum = 0)]
    pub account_id: i64,
    /// Recipient, to find the newest order.
    #[schema(nullable = false)]
    pub telephone_number: Option<String>,
    /// Recipient, to find the newest order.
    #[schema(nullable = false)]
    pub email_address: Option<String>,
    /// The order.
    #[serde(rename = "orderID")]
    #[schema(nullable = false)]
    pub order_id: Option<String>,
    /// What the user typed.
    pub token: String,
}

/// `success` or `failure`.
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenRequest {
    /// The caller's account.
    #[schema(minimum = 0)]
    pub account_id: i64,
    /// The user it belongs to.
    #[schema(min_length = 1, max_length = 128)]
    pub user_id: String,
    /// Shown in authenticator apps.
    #[schema(min_length = 1, max_length = 64, nullable = false)]
    pub issuer: Option<String>,
    /// HMAC algorithm.
    #[schema(nullable = false)]
    pub algorithm: Option<Algorithm>,
    /// Code length.
    #[schema(minimum = 6, maximum = 8, nullable = false)]
    pub digits: Option<u32>,
    /// Step in seconds.
    #[schema(minimum = 15, maximum = 120, nullable = false)]
    pub period: Option<u32>,
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
#[derive(Debug, Serialize, ToSchema)]
pub struct SoftTokenValidate {
    /// What the user typed.
    pub code: String,
}

/// The two-step page's form.
#[derive(Debug, Serialize, ToSchema)]
pub struct PinForm {
    /// What the user typed.
    pub pin: String,
}
