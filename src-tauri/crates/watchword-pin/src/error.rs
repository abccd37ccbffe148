//! What can go wrong talking to a PIN provider, in words an administrator can act on.

use crate::provider::Provider;

/// Why a provider call failed. Messages never carry keys, secrets or PINs.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    /// The provider could not be reached at all (refused, DNS, TLS).
    #[error("{provider}: cannot reach {url}: {reason}")]
    Unreachable {
        /// Which API was called.
        provider: Provider,
        /// The address tried (no credentials in it).
        url: String,
        /// What the transport said.
        reason: String,
    },
    /// The provider did not answer within the configured time.
    #[error("{provider}: no answer from {url} within {seconds} s")]
    Timeout {
        /// Which API was called.
        provider: Provider,
        /// The address tried.
        url: String,
        /// The total timeout that ran out.
        seconds: u64,
    },
    /// The provider answered with its own error body.
    #[error("{provider}: {message} ({}HTTP {status})", code.as_ref().map(|c| format!("{c}, ")).unwrap_or_default())]
    Provider {
        /// Which API answered.
        provider: Provider,
        /// The HTTP status.
        status: u16,
        /// The provider's error code (`40102`, `TOO_MANY_REQUESTS`, `invalid_client`), if it gave one.
        code: Option<String>,
        /// The provider's message.
        message: String,
    },
    /// The provider answered something that is not its documented format.
    #[error("{provider}: unexpected answer (HTTP {status}): {reason}")]
    Garbage {
        /// Which API answered.
        provider: Provider,
        /// The HTTP status.
        status: u16,
        /// Why it could not be read.
        reason: GarbageReason,
    },
    /// The request could not be built from what was given.
    #[error("{0}")]
    Invalid(String),
}

/// Why an answer was garbage, typed so callers can tell an oversized answer (a
/// misbehaving or hostile server) from one that is merely not the documented format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GarbageReason {
    /// The answer passed the size cap; reading stopped there, the rest was never read.
    #[error("the answer is larger than {} MiB; reading stopped there", limit / (1024 * 1024))]
    TooLarge {
        /// The cap in bytes ([`crate::transport::MAX_ANSWER_BYTES`]).
        limit: usize,
    },
    /// The answer is not the provider's documented format.
    #[error("{0}")]
    Malformed(String),
}

impl From<String> for GarbageReason {
    fn from(reason: String) -> Self {
        Self::Malformed(reason)
    }
}

impl From<&str> for GarbageReason {
    fn from(reason: &str) -> Self {
        Self::Malformed(reason.to_owned())
    }
}

impl PinError {
    /// The provider's HTTP status, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Provider { status, .. } | Self::Garbage { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The provider's error code, when it gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Provider { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// A short machine-readable kind for UIs and scripts.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "unreachable",
            Self::Timeout { .. } => "timeout",
            Self::Provider { .. } => "provider",
            Self::Garbage { .. } => "garbage",
            Self::Invalid(_) => "invalid",
        }
    }
}
