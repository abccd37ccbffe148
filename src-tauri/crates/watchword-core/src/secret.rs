//! Shared secrets: held in zeroizing memory, never printed, read leniently from base32.

use std::fmt;

use data_encoding::{Encoding, Specification};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// Why a base32 secret could not be read. Messages never quote the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Nothing was left once separators and padding were removed.
    #[error("empty")]
    Empty,
    /// A character outside the base32 alphabet; only its position is reported.
    #[error("not base32: character {position} is outside A-Z and 2-7")]
    InvalidCharacter {
        /// 1-based position in the secret as given.
        position: usize,
    },
    /// A length no base32 encoder produces (1, 3 or 6 characters past a multiple of 8).
    #[error("not base32: {length} characters cannot encode whole bytes")]
    InvalidLength {
        /// Number of base32 characters after normalisation.
        length: usize,
    },
}

/// Key material for HOTP/TOTP, wiped from memory when dropped.
///
/// `Debug` prints a placeholder and equality runs in constant time, so a secret
/// cannot leak through a log line or a timing side channel by accident.
#[derive(Clone, Zeroize)]
#[zeroize(drop)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps raw key bytes (for example from a migration QR code).
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self, SecretError> {
        let bytes = bytes.into();
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Self(bytes))
    }

    /// Reads base32 the way real issuers write it: any case, `=` padding, and
    /// spaces or hyphens between groups are all accepted.
    pub fn from_base32(text: &str) -> Result<Self, SecretError> {
        let mut normalized = Zeroizing::new(String::with_capacity(text.len()));
        for (index, ch) in text.chars().enumerate() {
            match ch {
                ' ' | '-' | '\t' | '=' => {}
                'a'..='z' | 'A'..='Z' | '2'..='7' => normalized.push(ch.to_ascii_uppercase()),
                _ => {
                    return Err(SecretError::InvalidCharacter {
                        position: index + 1,
                    });
                }
            }
        }
        if normalized.is_empty() {
            return Err(SecretError::Empty);
        }
        if matches!(normalized.len() % 8, 1 | 3 | 6) {
            return Err(SecretError::InvalidLength {
                length: normalized.len(),
            });
        }
        let bytes = lenient_base32()
            .decode(normalized.as_bytes())
            .map_err(|_| SecretError::InvalidLength {
                length: normalized.len(),
            })?;
        Self::from_bytes(bytes)
    }

    /// Canonical form: upper-case RFC 4648 base32 without padding.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&self.0))
    }

    /// The raw key, for the HMAC.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Key length in bytes (80-bit secrets are 10 bytes).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: an empty secret cannot be constructed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Base32 without padding and without the trailing-bits check: several issuers
/// emit secrets whose last character carries non-zero unused bits, and every
/// mainstream authenticator accepts them.
fn lenient_base32() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.check_trailing_bits = false;
    spec.encoding()
        .unwrap_or_else(|_| data_encoding::BASE32_NOPAD.clone())
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} bytes redacted>)", self.0.len())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for Secret {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_sloppy_base32() {
        let canonical = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        for sloppy in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "jbsw-y3dp-ehpk-3pxp",
            "JBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(Secret::from_base32(sloppy).unwrap(), canonical, "{sloppy}");
        }
    }

    #[test]
    fn accepts_80_bit_secrets() {
        let secret = Secret::from_base32("BASE32SECRET3232").unwrap();
        assert_eq!(secret.len(), 10);
        assert_eq!(secret.to_base32().as_str(), "BASE32SECRET3232");
    }

    #[test]
    fn rejects_bad_base32_without_quoting_it() {
        let err = Secret::from_base32("JBSWY3DP1HPK3PXP").unwrap_err();
        assert_eq!(err, SecretError::InvalidCharacter { position: 9 });
        assert!(!err.to_string().contains("JBSW"));
        assert_eq!(Secret::from_base32(" = -").unwrap_err(), SecretError::Empty);
        assert_eq!(
            Secret::from_base32("ABC").unwrap_err(),
            SecretError::InvalidLength { length: 3 }
        );
    }

    #[test]
    fn debug_redacts() {
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let shown = format!("{secret:?}");
        assert!(!shown.contains("JBSW"));
        assert!(!shown.contains("72"), "no raw bytes either: {shown}");
    }
}
