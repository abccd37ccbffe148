//! TOTP Authenticator `.bin` backups: base64 of AES-256-CBC (zero IV) under
//! SHA-256(password). The plaintext is a JSON object whose first key is the
//! account list, itself JSON text. The app keeps only the secret (base 16,
//! 32 or 64), the name and the issuer: SHA1, 6 digits and 30 s apply.

use base64::Engine;

use super::detect::{self, Sniff};
use super::entry::{self, Draft};
use super::json::{self, Json};
use super::{Collected, Format, ImportError, crypto};
use super::{Encryption, FormatInfo, Spec};
use crate::vault::Passphrase;

/// TOTP Authenticator in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "totp-authenticator",
        title: "TOTP Authenticator",
        encryption: Encryption::Required,
    },
    detect: score,
    read: |file| read(file.bytes, file.password),
});

/// Nothing but base64 of whole AES blocks: a weaker sign than a header, so
/// any format with a marker of its own outscores it.
fn score(sniff: &Sniff) -> u8 {
    if looks_like(sniff.bytes()) {
        detect::LIKELY
    } else {
        detect::NO
    }
}

/// Reads a TOTP Authenticator backup.
pub(crate) fn read(bytes: &[u8], password: Option<&Passphrase>) -> Result<Collected, ImportError> {
    let text: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let data = base64::engine::general_purpose::STANDARD
        .decode(&text)
        .map_err(|_| ImportError::malformed(FORMAT, "not base64"))?;
    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
    let key = crypto::sha256(password.bytes());
    let plain = crypto::cbc_open(key.as_ref(), &[0u8; 16], &data)
        .ok_or(ImportError::WrongPassword(FORMAT))?;
    let outer = Json::parse(&plain).ok_or(ImportError::WrongPassword(FORMAT))?;
    let list_text = outer
        .0
        .as_object()
        .and_then(|map| map.keys().next())
        .ok_or_else(|| ImportError::malformed(FORMAT, "no account list"))?;
    let list = Json::parse_or_reason(list_text.as_bytes())
        .map_err(|r| ImportError::malformed(FORMAT, format!("account list: {r}")))?;
    let items = list
        .0
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "account list: not a list"))?;
    let mut out = Collected::default();
    for item in items {
        let key = json::text(item, "key");
        let secret = match json::int(item, "base") {
            Some(16) => entry::secret_from_hex(key),
            Some(32) => entry::base32(key),
            Some(64) => entry::base64(key),
            other => Err(format!("secret: unknown encoding base {other:?}")),
        };
        let draft = Draft::new(
            json::text(item, "issuer"),
            json::text(item, "name").unwrap_or(""),
            secret,
        );
        out.push(draft.label(), draft.build());
    }
    Ok(out)
}

/// Whether the bytes look like such a backup: nothing but base64 text.
fn looks_like(bytes: &[u8]) -> bool {
    let text: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    text.len() >= 24
        && text.len().is_multiple_of(4)
        && base64::engine::general_purpose::STANDARD
            .decode(&text)
            .is_ok_and(|d| !d.is_empty() && d.len().is_multiple_of(16))
}
