//! The sandbox's own endpoints: the outbox that plays the user's phone and mailbox, and
//! the faults that make the next requests for a recipient fail a chosen way.

use reqwest::Method as HttpMethod;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::PinError;
use crate::provider::Provider;
use crate::transport::{Outgoing, Transport, endpoint};

/// One message the sandbox "sent".
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    /// `sms`, `voice`, `email` or `flashcall`.
    pub channel: String,
    /// The recipient.
    pub to: String,
    /// What the user would read or hear.
    pub text: String,
    /// The PIN, or the calling number of a flash call.
    pub code: String,
    /// Which API sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// When (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
}

pub use crate::exchange::SANDBOX_TOKEN_HEADER;

/// A way for the sandbox to fail the next requests for a recipient (`POST
/// /sandbox/faults`); the same shape the sandbox documents, written here independently.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Fault {
    /// The provider's error body with this HTTP status (400–599).
    Http {
        /// The status.
        status: u16,
    },
    /// The normal answer, this many milliseconds late (at most 60000).
    Slow {
        /// The delay.
        millis: u64,
    },
    /// The connection closed without an answer.
    Drop,
    /// A Sinch verification that ends at once so (`FAIL`, `DENIED`, `ABORTED`, `ERROR`).
    Sinch {
        /// The status.
        status: String,
        /// One of Sinch's reasons.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An Infobip SMS send answered with these statuses.
    #[serde(rename_all = "camelCase")]
    InfobipSend {
        /// `MESSAGE_SENT` or `MESSAGE_NOT_SENT`.
        sms_status: String,
        /// One of the four `NC_` values.
        nc_status: String,
    },
    /// An Infobip verify refused with this `pinError`.
    #[serde(rename_all = "camelCase")]
    InfobipVerify {
        /// `WRONG_PIN`, `TTL_EXPIRED` or `NO_MORE_PIN_ATTEMPTS`.
        pin_error: String,
    },
}

/// Reads a sandbox's outbox.
#[derive(Debug, Clone)]
pub struct SandboxClient {
    transport: Transport,
    base: url::Url,
    token: Option<Zeroizing<String>>,
}

impl SandboxClient {
    /// A client for the sandbox at `base`; `transport` is any provider's (it records nothing secret).
    pub fn new(transport: Transport, base: url::Url) -> Self {
        Self {
            transport,
            base,
            token: None,
        }
    }

    /// Sends the sandbox's run token (printed by `watchword-sandbox` at start, or
    /// `RunningSandbox::token` in-process); without it the outbox is refused.
    pub fn with_token(mut self, token: Zeroizing<String>) -> Self {
        self.token = Some(token);
        self
    }

    /// Makes the next `count` requests for `to` meet `fault`.
    pub async fn inject_fault(&self, to: &str, fault: &Fault, count: u32) -> Result<(), PinError> {
        let url = endpoint(&self.base, "/sandbox/faults")?;
        let mut request = Outgoing::new(HttpMethod::POST, url).json(&serde_json::json!({
            "to": to, "count": count, "fault": fault,
        }))?;
        if let Some(token) = &self.token {
            request = request.header(SANDBOX_TOKEN_HEADER, token.as_str());
        }
        let answer = self.transport.send(&request).await?;
        if answer.is_success() {
            return Ok(());
        }
        let message = serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|v| v["error"].as_str().map(str::to_owned))
            .unwrap_or_else(|| "the sandbox refused the fault".into());
        Err(PinError::Provider {
            provider: self.transport.provider(),
            status: answer.status,
            code: None,
            message,
        })
    }

    /// Points the sandbox's Sinch application `key` at a callback URL (or none), giving
    /// its request event `timeout_seconds` to be answered.
    pub async fn set_sinch_callback(
        &self,
        key: &str,
        url: Option<&str>,
        timeout_seconds: u64,
    ) -> Result<(), PinError> {
        let path = format!(
            "/sandbox/sinch/apps/{}",
            percent_encoding::utf8_percent_encode(key, percent_encoding::NON_ALPHANUMERIC)
        );
        let mut request = Outgoing::new(HttpMethod::PUT, endpoint(&self.base, &path)?).json(
            &serde_json::json!({"callbackUrl": url, "callbackTimeoutSeconds": timeout_seconds}),
        )?;
        if let Some(token) = &self.token {
            request = request.header(SANDBOX_TOKEN_HEADER, token.as_str());
        }
        let answer = self.transport.send(&request).await?;
        if answer.is_success() {
            return Ok(());
        }
        Err(PinError::Provider {
            provider: self.transport.provider(),
            status: answer.status,
            code: None,
            message: "the sandbox refused the callback URL".into(),
        })
    }

    /// Messages sent to `to` (or all), oldest first.
    pub async fn outbox(&self, to: Option<&str>) -> Result<Vec<OutboxMessage>, PinError> {
        let mut url = endpoint(&self.base, "/sandbox/outbox")?;
        if let Some(to) = to {
            url.query_pairs_mut().append_pair("to", to);
        }
        let mut request = Outgoing::new(HttpMethod::GET, url);
        if let Some(token) = &self.token {
            request = request.header(SANDBOX_TOKEN_HEADER, token.as_str());
        }
        let answer = self.transport.send(&request).await?;
        if answer.status == 403 {
            return Err(PinError::Provider {
                provider: self.transport.provider(),
                status: answer.status,
                code: None,
                message: if self.token.is_some() {
                    "the sandbox refused its outbox: the run token is wrong, or the \
                     address is not the one it is bound to"
                } else {
                    "the sandbox refused its outbox: give its run token (printed by \
                     watchword-sandbox at start)"
                }
                .to_owned(),
            });
        }
        if !answer.is_success() {
            return Err(PinError::Garbage {
                provider: self.transport.provider(),
                status: answer.status,
                reason: "the sandbox outbox did not answer (is this a Watchword sandbox?)".into(),
            });
        }
        answer
            .json::<Vec<OutboxMessage>>(Provider::Sinch)
            .map_err(|_| PinError::Garbage {
                provider: self.transport.provider(),
                status: answer.status,
                reason: "the outbox is not a list of messages".into(),
            })
    }
}
