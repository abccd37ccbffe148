//! The token engine: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes.

use std::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::secret::Secret;

/// Digits allowed for HOTP and TOTP codes.
pub const DIGITS: std::ops::RangeInclusive<u8> = 6..=10;
/// TOTP periods allowed, in seconds (one second to one day).
pub const PERIODS: std::ops::RangeInclusive<u32> = 1..=86_400;
/// The period used when an issuer does not name one.
pub const DEFAULT_PERIOD: u32 = 30;
/// Steam Guard codes are always this long.
pub const STEAM_DIGITS: u8 = 5;

/// The HMAC hash behind a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Algorithm {
    /// HMAC-SHA1, what nearly every issuer uses.
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    /// HMAC-SHA256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// HMAC-SHA512.
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    /// Every algorithm, for tests and pickers.
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    /// The name as `otpauth://` URIs and exports spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Reads `SHA1`, `sha256`, `SHA-512` and the like; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let compact: String = text
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match compact.as_str() {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn engine(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the moving factor is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Time-based: the factor is the Unix time divided by `period`.
    Totp {
        /// Seconds each code lives.
        period: u32,
    },
    /// Counter-based: the factor is a counter the user advances.
    Hotp {
        /// The counter of the next code to show.
        counter: u64,
    },
    /// Steam Guard: TOTP with SHA1, written as 5 characters of Steam's alphabet.
    Steam {
        /// Seconds each code lives (Steam uses 30).
        period: u32,
    },
}

impl Kind {
    /// The `otpauth://` type name: `totp`, `hotp` or `steam`.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Totp { .. } => "totp",
            Kind::Hotp { .. } => "hotp",
            Kind::Steam { .. } => "steam",
        }
    }

    /// The period of a time-based token.
    pub fn period(self) -> Option<u32> {
        match self {
            Kind::Totp { period } | Kind::Steam { period } => Some(period),
            Kind::Hotp { .. } => None,
        }
    }

    /// The counter of a counter-based token.
    pub fn counter(self) -> Option<u64> {
        match self {
            Kind::Hotp { counter } => Some(counter),
            Kind::Totp { .. } | Kind::Steam { .. } => None,
        }
    }
}

/// Why token parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Digits outside 6 to 10.
    #[error("digits: {0} is out of range (6 to 10)")]
    Digits(u64),
    /// A period outside one second to one day.
    #[error("period: {0} is out of range (1 to 86400 seconds)")]
    Period(u64),
}

/// Everything needed to compute codes: the secret and its parameters.
///
/// Construction validates the parameters, so generating a code never fails.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    kind: Kind,
    algorithm: Algorithm,
    digits: u8,
    secret: Secret,
}

impl Token {
    /// Checks the parameters once so every later code is well defined.
    /// Steam tokens ignore `algorithm` and `digits`: Steam fixes them.
    pub fn new(
        kind: Kind,
        algorithm: Algorithm,
        digits: u8,
        secret: Secret,
    ) -> Result<Self, TokenError> {
        if let Some(period) = kind.period()
            && !PERIODS.contains(&period)
        {
            return Err(TokenError::Period(period.into()));
        }
        let (algorithm, digits) = match kind {
            Kind::Steam { .. } => (Algorithm::Sha1, STEAM_DIGITS),
            Kind::Totp { .. } | Kind::Hotp { .. } => {
                if !DIGITS.contains(&digits) {
                    return Err(TokenError::Digits(digits.into()));
                }
                (algorithm, digits)
            }
        };
        Ok(Self {
            kind,
            algorithm,
            digits,
            secret,
        })
    }

    /// TOTP, HOTP or Steam, with its period or counter.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The HMAC hash.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Length of a code.
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The shared secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// Moves an HOTP token to another counter; no effect on time-based tokens.
    pub fn set_counter(&mut self, counter: u64) {
        if let Kind::Hotp { .. } = self.kind {
            self.kind = Kind::Hotp { counter };
        }
    }

    /// The code to show at `unix_seconds`: for TOTP and Steam the code of that
    /// time step, for HOTP the code at the token's counter (time is irrelevant).
    pub fn code_at(&self, unix_seconds: u64) -> Code {
        match self.kind {
            Kind::Totp { period } | Kind::Steam { period } => {
                self.code_for_factor(unix_seconds / u64::from(period))
            }
            Kind::Hotp { counter } => self.code_for_factor(counter),
        }
    }

    /// The code for a raw moving factor (an HOTP counter or a TOTP time step).
    pub fn code_for_factor(&self, factor: u64) -> Code {
        // totp-rs has no HOTP entry point: it always divides "time" by its step.
        // With a step of 1 the "time" it is handed *is* the RFC 4226 counter, which
        // also lets TOTP callers pass a precomputed time step.
        let engine = totp_rs::Builder::new()
            .with_algorithm(match self.kind {
                Kind::Steam { .. } => totp_rs::Algorithm::Steam,
                Kind::Totp { .. } | Kind::Hotp { .. } => self.algorithm.engine(),
            })
            .with_digits(self.digits)
            .with_step_duration(1)
            .with_secret(self.secret.expose().to_vec())
            // `build()` would refuse secrets under 128 bits and 9+ digits; 80-bit
            // secrets are common in the wild, and the parameters were checked in `new`.
            .build_noncompliant();
        if self.digits >= 10 {
            // totp-rs computes 10^digits in a u32, which overflows at 10 digits.
            // The truncated value is below 2^31 < 10^10, so a 10-digit code is that
            // value zero-padded (RFC 4226 section 5.3, dynamic truncation).
            let mac = engine.sign(factor);
            let mac = mac.as_ref();
            let offset = usize::from(mac[mac.len() - 1] & 0x0f);
            let value = u32::from_be_bytes([
                mac[offset],
                mac[offset + 1],
                mac[offset + 2],
                mac[offset + 3],
            ]) & 0x7fff_ffff;
            return Code(Zeroizing::new(format!(
                "{value:0width$}",
                width = usize::from(self.digits)
            )));
        }
        Code(Zeroizing::new(engine.generate(factor).to_string()))
    }

    /// Seconds until the code shown at `unix_seconds` changes (`None` for HOTP).
    pub fn remaining_at(&self, unix_seconds: u64) -> Option<u64> {
        self.kind
            .period()
            .map(|period| u64::from(period) - unix_seconds % u64::from(period))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("kind", &self.kind)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("secret", &self.secret)
            .finish()
    }
}

/// A one-time code: wiped from memory when dropped, compared in constant time.
#[derive(Clone)]
pub struct Code(Zeroizing<String>);

impl Code {
    /// The code's characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Compares with what a user typed without leaking, through timing, how
    /// many leading characters matched. Spaces the user typed are ignored.
    pub fn matches(&self, typed: &str) -> bool {
        let typed: Zeroizing<String> =
            Zeroizing::new(typed.chars().filter(|c| !c.is_whitespace()).collect());
        self.0.as_bytes().ct_eq(typed.as_bytes()).into()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(<redacted>)")
    }
}
