//! Sinch Verification API v1: start a verification, report what the user got, query it.

pub mod callback;
pub mod model;
pub mod signing;

use reqwest::Method as HttpMethod;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::macros::format_description;
use zeroize::Zeroizing;

use crate::error::PinError;
use crate::provider::Provider;
use crate::transport::{Incoming, Outgoing, Transport, endpoint};
pub use model::*;

/// The current Sinch Verification host.
pub const DEFAULT_BASE_URL: &str = "https://verification.api.sinch.com";

/// How requests prove who sends them.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthScheme {
    /// `Authorization: Basic base64(key:secret)`.
    Basic,
    /// `Authorization: Application key:HMAC-SHA256 signature` with `x-timestamp`.
    Signed,
}

/// An application's key and secret.
#[derive(Clone)]
pub struct SinchCredentials {
    /// The application key (not secret; it names the application).
    pub key: String,
    /// The application secret, base64 as Sinch shows it.
    pub secret: Zeroizing<String>,
    /// How to authenticate.
    pub scheme: AuthScheme,
}

impl std::fmt::Debug for SinchCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SinchCredentials")
            .field("key", &self.key)
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

/// A client for one Sinch application.
#[derive(Debug, Clone)]
pub struct SinchClient {
    transport: Transport,
    base: url::Url,
    credentials: SinchCredentials,
}

/// The error body Sinch sends (`errorCode` may be a number or a string).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    error_code: serde_json::Value,
    message: String,
}

impl SinchClient {
    /// A client for the API at `base` (no `/verification/v1`; that is added).
    pub fn new(transport: Transport, base: url::Url, credentials: SinchCredentials) -> Self {
        Self {
            transport,
            base,
            credentials,
        }
    }

    /// Starts a verification. `accept_language` picks the SMS language.
    pub async fn start(
        &self,
        request: &StartRequest,
        accept_language: Option<&str>,
    ) -> Result<StartResponse, PinError> {
        let mut outgoing = Outgoing::new(HttpMethod::POST, self.url(&[])?).json(request)?;
        if let Some(language) = accept_language {
            outgoing = outgoing.header("Accept-Language", language);
        }
        let answer = self.send(outgoing).await?;
        let mut started: StartResponse = answer.json(Provider::Sinch)?;
        started.content_language = answer
            .headers
            .get("content-language")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Ok(started)
    }

    /// Reports a code (or a flash call's CLI) for the verification `id`.
    pub async fn report_by_id(
        &self,
        id: &str,
        report: &Report,
    ) -> Result<ReportResponse, PinError> {
        let url = self.url(&["id", id])?;
        let outgoing = Outgoing::new(HttpMethod::PUT, url).json(&report.body())?;
        self.send(outgoing).await?.json(Provider::Sinch)
    }

    /// Reports a code for the newest verification of `number`.
    pub async fn report_by_number(
        &self,
        number: &str,
        report: &Report,
    ) -> Result<ReportResponse, PinError> {
        let url = self.url(&["number", number])?;
        let outgoing = Outgoing::new(HttpMethod::PUT, url).json(&report.body())?;
        self.send(outgoing).await?.json(Provider::Sinch)
    }

    /// The verification `id`.
    pub async fn status_by_id(&self, id: &str) -> Result<VerificationStatus, PinError> {
        self.get(&["id", id]).await
    }

    /// The verification started with your `reference`.
    pub async fn status_by_reference(
        &self,
        reference: &str,
    ) -> Result<VerificationStatus, PinError> {
        self.get(&["reference", reference]).await
    }

    /// The newest verification of `number` by `method`.
    pub async fn status_by_identity(
        &self,
        method: Method,
        number: &str,
    ) -> Result<VerificationStatus, PinError> {
        self.get(&[method.as_str(), "number", number]).await
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, segments: &[&str]) -> Result<T, PinError> {
        let outgoing = Outgoing::new(HttpMethod::GET, self.url(segments)?);
        self.send(outgoing).await?.json(Provider::Sinch)
    }

    /// `/verification/v1/verifications/<segments…>`, each segment percent-encoded.
    fn url(&self, segments: &[&str]) -> Result<url::Url, PinError> {
        let mut url = endpoint(&self.base, "/verification/v1/verifications")?;
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| PinError::Invalid("the Sinch base URL cannot have paths".into()))?;
            for segment in segments {
                if segment.is_empty() {
                    return Err(PinError::Invalid("an empty id, reference or number".into()));
                }
                path.push(segment);
            }
        }
        Ok(url)
    }

    async fn send(&self, outgoing: Outgoing) -> Result<Incoming, PinError> {
        let outgoing = self.authorize(outgoing)?;
        let answer = self.transport.send(&outgoing).await?;
        if answer.is_success() {
            Ok(answer)
        } else {
            Err(error_from(&answer))
        }
    }

    fn authorize(&self, outgoing: Outgoing) -> Result<Outgoing, PinError> {
        let credentials = &self.credentials;
        match credentials.scheme {
            AuthScheme::Basic => {
                use base64::Engine;
                let pair = Zeroizing::new(format!(
                    "{}:{}",
                    credentials.key,
                    credentials.secret.as_str()
                ));
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
                Ok(outgoing.header("Authorization", format!("Basic {encoded}")))
            }
            AuthScheme::Signed => {
                let timestamp = now_timestamp();
                let content_type = outgoing
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                    .map(|(_, value)| value.clone())
                    .unwrap_or_default();
                let authorization = signing::authorization(
                    &credentials.key,
                    &credentials.secret,
                    outgoing.method.as_str(),
                    outgoing.body.as_deref(),
                    &content_type,
                    &timestamp,
                    &signing::signed_path(&outgoing.url),
                )?;
                Ok(outgoing
                    .header("x-timestamp", timestamp)
                    .header("Authorization", authorization))
            }
        }
    }
}

/// Now as Sinch's `x-timestamp` wants it: ISO-8601 UTC with milliseconds.
pub fn now_timestamp() -> String {
    OffsetDateTime::now_utc()
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .unwrap_or_default()
}

fn error_from(answer: &Incoming) -> PinError {
    match serde_json::from_slice::<ErrorBody>(&answer.body) {
        Ok(body) => PinError::Provider {
            provider: Provider::Sinch,
            status: answer.status,
            code: Some(match body.error_code {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            }),
            message: body.message,
        },
        Err(_) => PinError::Garbage {
            provider: Provider::Sinch,
            status: answer.status,
            reason: "an error status without Sinch's error body".into(),
        },
    }
}
