//! FreeOTP backups.
//!
//! Version 1 is the app's `tokens.xml` preferences file: one JSON token per
//! `<string>`, the secret as a signed byte array. Version 2 is a Java
//! serialized `HashMap<String, String>`: `masterKey` holds an AES-256 key
//! wrapped (AES-GCM) under PBKDF2(password); each token `UUID` holds its
//! secret wrapped under that key, and `UUID-token` its parameters.
//!
//! FreeOTP stores an HOTP counter one below the counter it was given; it is
//! imported as stored, as Aegis does.

use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{self, Budget};
use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError, javaser, prefs};
use super::{Encryption, FormatInfo, Spec};
use crate::account::NewAccount;
use crate::vault::Passphrase;

/// FreeOTP in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "freeotp",
        title: "FreeOTP",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// A Java serialization stream (v2), or preferences holding FreeOTP's token
/// JSON (v1, recognised by its `issuerExt` field).
fn score(sniff: &Sniff) -> u8 {
    if javaser::is_java_stream(sniff.bytes()) {
        return detect::STRONG;
    }
    let v1 = sniff
        .prefs()
        .is_some_and(|entries| entries.iter().any(|(_, value)| value.contains("issuerExt")));
    if v1 { detect::LIKELY } else { detect::NO }
}

/// Reads a FreeOTP v1 or v2 backup.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    if javaser::is_java_stream(bytes) {
        return read_v2(bytes, password, budget);
    }
    let entries = prefs::strings(bytes).ok_or_else(|| {
        ImportError::malformed(FORMAT, "neither tokens.xml nor a FreeOTP 2 backup")
    })?;
    let mut out = Collected::default();
    for (name, value) in &entries {
        if name == "tokenOrder" {
            continue;
        }
        match Json::parse(value.as_bytes()) {
            Some(token_json) => {
                let (label, account) = token(&token_json.0, None);
                out.push(label, account);
            }
            None => out.reject(entry::label(None, name), "not a FreeOTP token"),
        }
    }
    Ok(out)
}

fn read_v2(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    let map = javaser::hash_map(bytes).ok_or_else(|| {
        ImportError::malformed(FORMAT, "not a FreeOTP 2 backup (HashMap expected)")
    })?;
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let master_json = Json::parse(get("masterKey").unwrap_or("").as_bytes())
        .ok_or_else(|| ImportError::malformed(FORMAT, "masterKey: missing"))?;
    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
    let master = open_master(&master_json.0, password.bytes(), budget)?;

    let mut out = Collected::default();
    for (key, value) in &map {
        if key == "masterKey" || key.ends_with("-token") {
            continue;
        }
        let Some(token_json) = get(&format!("{key}-token")).and_then(|t| Json::parse(t.as_bytes()))
        else {
            out.reject(
                entry::label(None, key),
                "its parameters (-token) are missing",
            );
            continue;
        };
        let secret = Json::parse(value.as_bytes())
            .and_then(|wrapper| {
                let inner = Json::parse(json::text(&wrapper.0, "key")?.as_bytes())?;
                unwrap_key(&inner.0, &master)
            })
            .ok_or_else(|| "secret: cannot be decrypted (damaged entry)".to_owned());
        let (label, account) = match secret {
            Ok(secret) => token(&token_json.0, Some(&secret)),
            Err(reason) => (token(&token_json.0, Some(&[0])).0, Err(reason)),
        };
        out.push(label, account);
    }
    Ok(out)
}

/// The master key, unwrapped with the password.
fn open_master(
    master: &Value,
    password: &[u8],
    budget: &Budget,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let bad = |reason: &str| ImportError::malformed(FORMAT, format!("masterKey: {reason}"));
    let prf = match json::text(master, "mAlgorithm") {
        Some("PBKDF2withHmacSHA1") => crypto::Prf::Sha1,
        Some("PBKDF2withHmacSHA256") => crypto::Prf::Sha256,
        Some("PBKDF2withHmacSHA512") => crypto::Prf::Sha512,
        _ => return Err(bad("unknown key derivation")),
    };
    let iterations = json::int(master, "mIterations")
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| bad("mIterations missing"))?;
    let salt = json::signed_bytes(master.get("mSalt")).ok_or_else(|| bad("mSalt missing"))?;
    let key = budget
        .pbkdf2(prf, password, &salt, iterations, 32)
        .map_err(|e| ImportError::kdf(FORMAT, e))?;
    let wrapped = master
        .get("mEncryptedKey")
        .ok_or_else(|| bad("mEncryptedKey missing"))?;
    unwrap_key(wrapped, &key).ok_or(ImportError::WrongPassword(FORMAT))
}

/// Opens `{mCipher, mCipherText, mParameters, mToken}` (AES-GCM, the token as AAD).
fn unwrap_key(wrapped: &Value, key: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if json::text(wrapped, "mCipher") != Some("AES/GCM/NoPadding") {
        return None;
    }
    let ciphertext = json::signed_bytes(wrapped.get("mCipherText"))?;
    let parameters = json::signed_bytes(wrapped.get("mParameters"))?;
    let aad = json::text(wrapped, "mToken")?;
    let nonce = der_nonce(&parameters)?;
    crypto::gcm_open(key, nonce, &ciphertext, aad.as_bytes())
}

/// The nonce in DER-encoded GCM parameters: the first OCTET STRING, at the
/// top level or inside a SEQUENCE.
fn der_nonce(der: &[u8]) -> Option<&[u8]> {
    let (tag, body, _) = tlv(der)?;
    match tag {
        0x04 => Some(body),
        0x30 => {
            let mut rest = body;
            while !rest.is_empty() {
                let (tag, body, next) = tlv(rest)?;
                if tag == 0x04 {
                    return Some(body);
                }
                rest = next;
            }
            None
        }
        _ => None,
    }
}

/// One DER tag-length-value: (tag, value, what follows).
fn tlv(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *bytes.first()?;
    let first = *bytes.get(1)?;
    let (length, header) = match first {
        0..=0x7f => (usize::from(first), 2),
        0x81 => (usize::from(*bytes.get(2)?), 3),
        0x82 => (
            usize::from(u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?])),
            4,
        ),
        _ => return None,
    };
    let end = header + length;
    Some((tag, bytes.get(header..end)?, bytes.get(end..)?))
}

/// A FreeOTP token object (v1 and FreeOTP+ carry the secret in it; v2
/// passes it decrypted). Returns its label and the account or the reason.
pub(crate) fn token(item: &Value, secret: Option<&[u8]>) -> (String, Result<NewAccount, String>) {
    let issuer = json::text(item, "issuerExt").or_else(|| json::text(item, "issuerInt"));
    let name = json::text(item, "label").unwrap_or("");
    let secret = match secret {
        Some(bytes) => entry::raw(bytes),
        None => json::signed_bytes(item.get("secret"))
            .ok_or_else(|| "secret: missing".to_owned())
            .and_then(|bytes| entry::raw(&bytes)),
    };
    let mut draft = Draft::new(issuer, name, secret);
    let r#type = Type::parse(json::text(item, "type").unwrap_or("totp"));
    draft.r#type = match r#type {
        // FreeOTP has no Steam type; it shows Steam codes for issuer "Steam".
        Ok(Type::Totp) if issuer == Some("Steam") => Type::Steam,
        Ok(kind) => kind,
        Err(_) => Type::Totp,
    };
    draft.algorithm = json::text(item, "algo").map(str::to_owned);
    draft.digits = json::int(item, "digits");
    draft.period = json::int(item, "period");
    draft.counter = json::int(item, "counter");
    if draft.r#type == Type::Steam {
        draft.digits = None;
    }
    let label = draft.label();
    (label, r#type.and_then(|_| draft.build()))
}
