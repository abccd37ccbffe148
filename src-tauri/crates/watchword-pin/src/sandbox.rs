//! The sandbox's own endpoints: the outbox that plays the user's phone and mailbox.

use reqwest::Method as HttpMethod;
use serde::{Deserialize, Serialize};

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

/// Reads a sandbox's outbox.
#[derive(Debug, Clone)]
pub struct SandboxClient {
    transport: Transport,
    base: url::Url,
}

impl SandboxClient {
    /// A client for the sandbox at `base`; `transport` is any provider's (it records nothing secret).
    pub fn new(transport: Transport, base: url::Url) -> Self {
        Self { transport, base }
    }

    /// Messages sent to `to` (or all), oldest first.
    pub async fn outbox(&self, to: Option<&str>) -> Result<Vec<OutboxMessage>, PinError> {
        let mut url = endpoint(&self.base, "/sandbox/outbox")?;
        if let Some(to) = to {
            url.query_pairs_mut().append_pair("to", to);
        }
        let answer = self
            .transport
            .send(&Outgoing::new(HttpMethod::GET, url))
            .await?;
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
