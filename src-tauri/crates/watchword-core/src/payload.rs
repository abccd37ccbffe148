//! What a scanned or pasted text means: one account, a Google Authenticator
//! export batch, a malformed authenticator URI, or something else entirely.

use crate::migration::{self, Batch};
use crate::uri::OtpAccount;

/// The meaning of one QR code's (or one line's) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// An `otpauth://` URI.
    Account(OtpAccount),
    /// An `otpauth-migration://` export batch.
    Migration(Batch),
    /// Looks like an authenticator code but cannot be read; the reason says why.
    Invalid(String),
    /// A web address, plain text or anything else.
    NotAuthenticator,
}

impl Payload {
    /// Classifies a text.
    pub fn read(text: &str) -> Self {
        let trimmed = text.trim();
        let lower = trimmed.get(..20).unwrap_or(trimmed).to_ascii_lowercase();
        if lower.starts_with("otpauth-migration:") {
            return match migration::decode(trimmed) {
                Ok(batch) => Payload::Migration(batch),
                Err(e) => Payload::Invalid(e.to_string()),
            };
        }
        if lower.starts_with("otpauth:") {
            return match OtpAccount::parse(trimmed) {
                Ok(account) => Payload::Account(account),
                Err(e) => Payload::Invalid(e.to_string()),
            };
        }
        Payload::NotAuthenticator
    }

    /// The accounts it carries (none for invalid or foreign texts).
    pub fn accounts(&self) -> Vec<OtpAccount> {
        match self {
            Payload::Account(account) => vec![account.clone()],
            Payload::Migration(batch) => batch.accounts.clone(),
            Payload::Invalid(_) | Payload::NotAuthenticator => Vec::new(),
        }
    }

    /// Why nothing (or not everything) could be taken from it, for messages.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Payload::Account(_) => Vec::new(),
            Payload::Migration(batch) => batch
                .rejected
                .iter()
                .map(|r| format!("entry {} ({}): {}", r.position, r.label, r.reason))
                .collect(),
            Payload::Invalid(reason) => vec![reason.clone()],
            Payload::NotAuthenticator => {
                vec![
                    "not an authenticator code (an otpauth:// or otpauth-migration:// link)".into(),
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_texts() {
        assert!(matches!(
            Payload::read(" otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\n"),
            Payload::Account(_)
        ));
        assert!(matches!(
            Payload::read(
                "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D"
            ),
            Payload::Migration(_)
        ));
        assert_eq!(
            Payload::read("otpauth://totp/a"),
            Payload::Invalid("secret: missing".into())
        );
        assert_eq!(
            Payload::read("https://example.com/login"),
            Payload::NotAuthenticator
        );
        assert_eq!(Payload::read(""), Payload::NotAuthenticator);
        assert!(
            Payload::read("WIFI:S:home;;").problems()[0].starts_with("not an authenticator code")
        );
    }
}
