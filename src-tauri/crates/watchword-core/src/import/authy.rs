//! Authy's token preferences (`com.authy.storage.tokens.authenticator.xml`,
//! taken from a rooted phone). Third-party tokens carry a base32
//! `decryptedSecret`, or an `encryptedSecret`: AES-256-CBC (zero IV) under
//! PBKDF2-HMAC-SHA1(backup password, salt, 1000 rounds). Authy's own tokens
//! carry a hex `secretSeed` and use 10-second codes. Authy keeps no
//! algorithm or period for third-party tokens (SHA1 and 30 s apply).

use base64::Engine;
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{self, Budget};
use super::detect::{self, Sniff};
use super::entry::{self, Draft};
use super::json::{self, Json};
use super::{Collected, Format, ImportError, prefs};
use super::{Encryption, FormatInfo, Spec};
use crate::secret::Secret;
use crate::vault::Passphrase;

/// Authy in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "authy",
        title: "Authy",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// Preferences with Authy's token entries.
fn score(sniff: &Sniff) -> u8 {
    let ours = sniff.prefs().is_some_and(|entries| {
        entries
            .iter()
            .any(|(name, _)| name.starts_with("com.authy.storage.tokens"))
    });
    if ours { detect::STRONG } else { detect::NO }
}
const KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];

/// Reads Authy's preferences file.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    let entries = prefs::strings(bytes)
        .ok_or_else(|| ImportError::malformed(FORMAT, "not an Android preferences file"))?;
    let mut out = Collected::default();
    let mut found = false;
    for key in KEYS {
        let Some(value) = prefs::get(&entries, key) else {
            continue;
        };
        found = true;
        let list = Json::parse_or_reason(value.as_bytes())
            .map_err(|r| ImportError::malformed(FORMAT, format!("{key}: {r}")))?;
        let items = list
            .0
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, format!("{key}: not a list")))?;
        let encrypted = items.iter().any(|i| i.get("encryptedSecret").is_some());
        let password = match password {
            Some(password) => Some(password),
            None if encrypted => return Err(ImportError::PasswordRequired(FORMAT)),
            None => None,
        };
        for item in items {
            let (draft, secret) = convert(item);
            let secret = match secret {
                Secret_::Plain(secret) => secret,
                Secret_::Encrypted { data, salt } => {
                    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
                    decrypt(&data, &salt, password.bytes(), budget)?
                }
            };
            let mut draft = draft;
            draft.secret = secret;
            out.push(draft.label(), draft.build());
        }
    }
    if !found {
        return Err(ImportError::malformed(
            FORMAT,
            "no Authy token list in the file",
        ));
    }
    Ok(out)
}

enum Secret_ {
    Plain(Result<Secret, String>),
    Encrypted {
        data: Vec<u8>,
        salt: Zeroizing<String>,
    },
}

fn convert(item: &Value) -> (Draft, Secret_) {
    let original_name = json::text(item, "originalName");
    let original_issuer = json::text(item, "originalIssuer");
    let account_type = json::text(item, "accountType").unwrap_or("");
    let mut name = json::text(item, "name").unwrap_or("").to_owned();
    let issuer;
    let is_authy = item.get("secretSeed").is_some();
    if is_authy {
        issuer = name.clone();
        name.clear();
    } else {
        let mut separator = "";
        if let Some(original) = original_issuer {
            issuer = original.to_owned();
        } else if let Some((before, _)) = original_name.and_then(|n| n.split_once(':')) {
            issuer = before.to_owned();
            separator = ":";
        } else if let Some((before, _)) = name.split_once(" - ") {
            issuer = before.to_owned();
            separator = " - ";
        } else {
            let mut chars = account_type.chars();
            issuer = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
        name = name.replace(&format!("{issuer}{separator}"), "");
    }
    if let Some(rest) = name.strip_prefix(": ") {
        name = rest.to_owned();
    }
    let secret = if is_authy {
        Secret_::Plain(entry::secret_from_hex(json::text(item, "secretSeed")))
    } else if let Some(encrypted) = json::text(item, "encryptedSecret") {
        match base64::engine::general_purpose::STANDARD.decode(encrypted.trim().as_bytes()) {
            Ok(data) => Secret_::Encrypted {
                data,
                salt: Zeroizing::new(json::text(item, "salt").unwrap_or("").to_owned()),
            },
            Err(_) => Secret_::Plain(Err("secret: not base64".into())),
        }
    } else {
        Secret_::Plain(entry::base32(json::text(item, "decryptedSecret")))
    };
    let mut draft = Draft::new(Some(&issuer), &name, Err(String::new()));
    draft.digits = json::int(item, "digits");
    if is_authy {
        draft.period = Some(10);
    }
    (draft, secret)
}

/// One encrypted secret: wrong password is a file-level error (every
/// secret shares it).
fn decrypt(
    data: &[u8],
    salt: &str,
    password: &[u8],
    budget: &Budget,
) -> Result<Result<Secret, String>, ImportError> {
    let key = budget
        .pbkdf2(crypto::Prf::Sha1, password, salt.as_bytes(), 1000, 32)
        .map_err(|e| ImportError::kdf(FORMAT, e))?;
    let plain =
        crypto::cbc_open(&key, &[0u8; 16], data).ok_or(ImportError::WrongPassword(FORMAT))?;
    let text = std::str::from_utf8(&plain).map_err(|_| ImportError::WrongPassword(FORMAT))?;
    Ok(entry::base32(Some(text)))
}
