//! andOTP backups: a JSON list, plain or encrypted.
//!
//! New encrypted format: `iterations (u32 BE) || salt (12) || nonce (12) ||
//! ciphertext || tag`, AES-256-GCM under PBKDF2-HMAC-SHA1(password, salt).
//! Old format: `nonce || ciphertext || tag` under SHA-256(password). The
//! file does not say which it is, so the new one is tried first.

use serde_json::Value;

use super::crypto::{self, Budget};
use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::vault::Passphrase;

/// andOTP in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "andotp",
        title: "andOTP",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// A plain backup is a list of entries with a `secret` and a `label` or
/// `type`; an encrypted one is bare ciphertext that only its name can tell
/// (never when the file is JSON or a ZIP archive, which say what they are).
fn score(sniff: &Sniff) -> u8 {
    if let Some(first) = sniff.json_first_item() {
        let has = |key: &str| first.get(key).is_some();
        return if has("secret") && (has("label") || has("type")) {
            detect::LIKELY
        } else {
            detect::NO
        };
    }
    if sniff.json().is_some() || sniff.is_zip() {
        return detect::NO;
    }
    let name = sniff.file_name();
    if name.contains("otp_accounts") || name.contains("andotp") || name.ends_with(".json.aes") {
        detect::NAME_ONLY + 10
    } else if name.ends_with(".bin") && sniff.text().is_none() {
        detect::NAME_ONLY
    } else {
        detect::NO
    }
}
const SALT: usize = 12;
const NONCE: usize = 12;
const TAG: usize = 16;

/// Reads a plain or encrypted andOTP backup.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    if let Some(list) = Json::parse(bytes) {
        let entries = list
            .0
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "expected a list of entries"))?;
        return Ok(convert(entries));
    }
    if bytes.len() < NONCE + TAG {
        return Err(ImportError::malformed(
            FORMAT,
            "too short to be an encrypted backup",
        ));
    }
    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
    // The new format is tried first; a file asking too much work for it may
    // still be an old one (its first bytes are a random nonce).
    let new = decrypt_new(bytes, password.bytes(), budget);
    let plaintext = match new {
        Ok(Some(plaintext)) => plaintext,
        other => decrypt_old(bytes, password.bytes()).ok_or_else(|| match other {
            Err(refused) => ImportError::kdf(FORMAT, refused),
            _ => ImportError::WrongPassword(FORMAT),
        })?,
    };
    let list = Json::parse_or_reason(&plaintext)
        .map_err(|r| ImportError::malformed(FORMAT, format!("decrypted backup: {r}")))?;
    let entries = list
        .0
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "expected a list of entries"))?;
    Ok(convert(entries))
}

/// The new format (PBKDF2 iterations, salt, nonce, ciphertext); `Ok(None)`
/// when it does not open or cannot be one (an iteration count no andOTP
/// writes is an old file's nonce).
fn decrypt_new(
    bytes: &[u8],
    password: &[u8],
    budget: &Budget,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, crypto::KdfError> {
    if bytes.len() < 4 + SALT + NONCE + TAG {
        return Ok(None);
    }
    let iterations = u32::from_be_bytes(bytes[..4].try_into().expect("4 bytes"));
    if iterations == 0 || iterations > crypto::MAX_PBKDF2_ITERATIONS {
        return Ok(None);
    }
    let salt = &bytes[4..4 + SALT];
    let nonce = &bytes[4 + SALT..4 + SALT + NONCE];
    let key = budget.pbkdf2(crypto::Prf::Sha1, password, salt, iterations, 32)?;
    Ok(crypto::gcm_open(
        &key,
        nonce,
        &bytes[4 + SALT + NONCE..],
        b"",
    ))
}

fn decrypt_old(bytes: &[u8], password: &[u8]) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let key = crypto::sha256(password);
    crypto::gcm_open(key.as_ref(), &bytes[..NONCE], &bytes[NONCE..], b"")
}

fn convert(entries: &[Value]) -> Collected {
    let mut out = Collected::default();
    for item in entries {
        let label = json::text(item, "label").unwrap_or("");
        // With an issuer field the label is the name; without one, old
        // versions wrote "Issuer - name".
        let (issuer, name) = match json::text(item, "issuer") {
            Some(issuer) => (Some(issuer), label),
            None => match label.split_once(" - ") {
                Some((issuer, name)) => (Some(issuer), name),
                None => (None, label),
            },
        };
        let mut draft = Draft::new(issuer, name, entry::base32(json::text(item, "secret")));
        let r#type = Type::parse(json::text(item, "type").unwrap_or(""));
        draft.r#type = *r#type.as_ref().unwrap_or(&Type::Totp);
        draft.algorithm = json::text(item, "algorithm").map(str::to_owned);
        draft.digits = json::int(item, "digits");
        draft.period = json::int(item, "period");
        draft.counter = json::int(item, "counter");
        draft.groups = json::array(item, "tags")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let label = draft.label();
        out.push(label, r#type.and_then(|_| draft.build()));
    }
    out
}
