//! The PIN provider APIs Watchword speaks.

use serde::{Deserialize, Serialize};

/// One of the supported provider APIs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Sinch Verification API v1.
    Sinch,
    /// Infobip 2FA API.
    Infobip,
    /// The Authentication 365 style OAuth2 OTP API.
    Auth365,
}

impl Provider {
    /// Every provider, in the order the UI lists them.
    pub const ALL: [Provider; 3] = [Provider::Sinch, Provider::Infobip, Provider::Auth365];

    /// The lowercase name used in profiles, flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sinch => "sinch",
            Self::Infobip => "infobip",
            Self::Auth365 => "auth365",
        }
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sinch => "Sinch",
            Self::Infobip => "Infobip",
            Self::Auth365 => "Auth365",
        })
    }
}

impl std::str::FromStr for Provider {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|provider| provider.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                format!("unknown provider {text:?} (expected sinch, infobip or auth365)")
            })
    }
}
