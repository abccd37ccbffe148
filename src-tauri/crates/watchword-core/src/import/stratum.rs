//! Stratum (formerly Authenticator Pro) backups.
//!
//! Plain: `{"Authenticators":[…]}`. Encrypted: `"AUTHENTICATORPRO" || salt
//! (16) || nonce (12) || ciphertext+tag`, AES-256-GCM under Argon2id(password,
//! salt; 64 MiB, 3 passes, 4 lanes). Legacy: `"AuthenticatorPro" || salt (20)
//! || iv (16) || ciphertext`, AES-256-CBC under PBKDF2-HMAC-SHA1(64 000).

use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{self, Budget};
use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::{Icon, IconImage};
use crate::vault::Passphrase;

/// Stratum in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "stratum",
        title: "Stratum",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// An encrypted backup's header (either generation), or plain JSON with
/// `Authenticators`.
fn score(sniff: &Sniff) -> u8 {
    let bytes = sniff.bytes();
    if bytes.starts_with(HEADER) || bytes.starts_with(HEADER_LEGACY) {
        detect::CERTAIN
    } else if sniff.json_has("Authenticators") {
        detect::STRONG
    } else {
        detect::NO
    }
}
/// The header of the current encrypted format.
const HEADER: &[u8] = b"AUTHENTICATORPRO";
/// The header of the legacy encrypted format.
const HEADER_LEGACY: &[u8] = b"AuthenticatorPro";

/// Reads a plain or encrypted Stratum backup.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    let plaintext = if let Some(rest) = bytes.strip_prefix(HEADER) {
        let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
        if rest.len() < 16 + 12 + 16 {
            return Err(ImportError::malformed(FORMAT, "truncated"));
        }
        let (salt, rest) = rest.split_at(16);
        let (nonce, data) = rest.split_at(12);
        // Stratum's Argon2id: 64 MiB, 3 passes, 4 lanes.
        let key = budget
            .argon2id(password.bytes(), salt, 64 * 1024, 3, 4)
            .map_err(|e| ImportError::kdf(FORMAT, e))?;
        crypto::gcm_open(key.as_ref(), nonce, data, b"")
            .ok_or(ImportError::WrongPassword(FORMAT))?
    } else if let Some(rest) = bytes.strip_prefix(HEADER_LEGACY) {
        let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
        if rest.len() < 20 + 16 + 16 {
            return Err(ImportError::malformed(FORMAT, "truncated"));
        }
        let (salt, rest) = rest.split_at(20);
        let (iv, data) = rest.split_at(16);
        let key = budget
            .pbkdf2(crypto::Prf::Sha1, password.bytes(), salt, 64_000, 32)
            .map_err(|e| ImportError::kdf(FORMAT, e))?;
        crypto::cbc_open(&key, iv, data).ok_or(ImportError::WrongPassword(FORMAT))?
    } else {
        Zeroizing::new(bytes.to_vec())
    };
    let file = Json::parse(&plaintext).ok_or(if plaintext.as_slice() == bytes {
        ImportError::malformed(FORMAT, "neither JSON nor an encrypted Stratum backup")
    } else {
        ImportError::WrongPassword(FORMAT)
    })?;
    let items = file
        .0
        .get("Authenticators")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::malformed(FORMAT, "Authenticators: missing"))?;
    let mut out = Collected::default();
    for item in items {
        let mut draft = Draft::new(
            json::text(item, "Issuer"),
            json::text(item, "Username").unwrap_or(""),
            entry::base32(json::text(item, "Secret")),
        );
        let r#type = match json::int(item, "Type") {
            Some(1) => Ok(Type::Hotp),
            Some(2) => Ok(Type::Totp),
            Some(4) => Ok(Type::Steam),
            Some(3) => Err("type: mOTP tokens are not supported".to_owned()),
            Some(5) => Err("type: Yandex tokens are not supported".to_owned()),
            other => Err(format!("type: unknown Stratum type {other:?}")),
        };
        draft.r#type = *r#type.as_ref().unwrap_or(&Type::Totp);
        let algorithm = match json::int(item, "Algorithm") {
            None | Some(0) => Ok("SHA1"),
            Some(1) => Ok("SHA256"),
            Some(2) => Ok("SHA512"),
            Some(other) => Err(format!("algorithm: unknown Stratum algorithm {other}")),
        };
        draft.algorithm = algorithm.as_ref().ok().map(|a| (*a).to_owned());
        draft.digits = json::int(item, "Digits");
        draft.period = json::int(item, "Period");
        draft.counter = json::int(item, "Counter");
        // Stratum's built-in icons are named like simple-icons' slugs; its
        // custom pictures (`@` and a hash) live outside the backup.
        draft.icon = json::text(item, "Icon")
            .and_then(crate::icons::brands::get)
            .map(|brand| {
                Icon::chosen(IconImage::Brand {
                    slug: brand.slug.to_owned(),
                })
            });
        let label = draft.label();
        out.push(label, r#type.and(algorithm).and_then(|_| draft.build()));
    }
    Ok(out)
}
