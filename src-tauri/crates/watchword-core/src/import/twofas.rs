//! 2FAS backups (`.2fas`, schema 1 to 4).
//!
//! Plain: `{"services":[…],"schemaVersion":N,…}`. Encrypted:
//! `servicesEncrypted` is `base64(ciphertext+tag):base64(salt):base64(iv)`,
//! AES-256-GCM under PBKDF2-HMAC-SHA256(password, salt, 10 000 rounds).
//! Schema 1 carries no algorithm, digits or period (defaults apply); HOTP and
//! Steam come with schema 3's `tokenType`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::crypto::{self, Budget};
use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::{Icon, IconImage};
use crate::vault::Passphrase;

/// 2FAS in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "2fas",
        title: "2FAS",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// An object with `schemaVersion` and the (plain or encrypted) services.
fn score(sniff: &Sniff) -> u8 {
    let services = sniff.json_has("services") || sniff.json_has("servicesEncrypted");
    if sniff.json_has("schemaVersion") && services {
        detect::STRONG
    } else {
        detect::NO
    }
}
const ITERATIONS: u32 = 10_000;

/// Reads a plain or encrypted 2FAS backup.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let version = json::int(&file.0, "schemaVersion")
        .ok_or_else(|| ImportError::malformed(FORMAT, "schemaVersion: missing"))?;
    if !(1..=4).contains(&version) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: format!("schema version {version} (1 to 4 are known)"),
        });
    }
    let groups: Vec<(&str, &str)> = json::array(&file.0, "groups")
        .iter()
        .filter_map(|g| Some((json::text(g, "id")?, json::text(g, "name")?)))
        .collect();
    match json::text(&file.0, "servicesEncrypted") {
        None => {
            let services = file
                .0
                .get("services")
                .and_then(Value::as_array)
                .ok_or_else(|| ImportError::malformed(FORMAT, "services: missing"))?;
            Ok(convert(services, &groups))
        }
        Some(encrypted) => {
            let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
            let parts: Vec<&str> = encrypted.split(':').collect();
            let [data, salt, iv, ..] = parts.as_slice() else {
                return Err(ImportError::malformed(
                    FORMAT,
                    "servicesEncrypted: expected data:salt:iv",
                ));
            };
            let decode = |part: &str, what: &str| {
                STANDARD
                    .decode(part.trim().as_bytes())
                    .map_err(|_| ImportError::malformed(FORMAT, format!("{what}: not base64")))
            };
            let (data, salt, iv) = (
                decode(data, "data")?,
                decode(salt, "salt")?,
                decode(iv, "iv")?,
            );
            let key = budget
                .pbkdf2(crypto::Prf::Sha256, password.bytes(), &salt, ITERATIONS, 32)
                .map_err(|e| ImportError::kdf(FORMAT, e))?;
            let plaintext = crypto::gcm_open(&key, &iv, &data, b"")
                .ok_or(ImportError::WrongPassword(FORMAT))?;
            let services = Json::parse_or_reason(&plaintext)
                .map_err(|r| ImportError::malformed(FORMAT, format!("decrypted services: {r}")))?;
            let services = services
                .0
                .as_array()
                .ok_or_else(|| ImportError::malformed(FORMAT, "decrypted services: not a list"))?;
            Ok(convert(services, &groups))
        }
    }
}

/// 2FAS's icon choice. Its icon collection (`selected` `IconCollection`)
/// pictures the service named in `name`; its ids are 2FAS's own, so the
/// built-in brand matching that name stands for it, as the user's choice. A
/// `Label` (2FAS's default for services it has no icon for) stays automatic.
fn icon_choice(service: &Value) -> Option<Icon> {
    let icon = service.get("icon")?;
    if json::text(icon, "selected")? != "IconCollection" {
        return None;
    }
    let slug = crate::icons::brands::find(json::text(service, "name")?, "")?;
    Some(Icon::chosen(IconImage::Brand {
        slug: slug.to_owned(),
    }))
}

fn convert(services: &[Value], groups: &[(&str, &str)]) -> Collected {
    let mut out = Collected::default();
    for service in services {
        let otp = service.get("otp").unwrap_or(&Value::Null);
        let issuer = json::text(service, "name")
            .filter(|n| !n.trim().is_empty())
            .or_else(|| json::text(otp, "issuer"));
        let name = json::text(otp, "account").unwrap_or("");
        let mut draft = Draft::new(issuer, name, entry::base32(json::text(service, "secret")));
        let r#type = match json::text(otp, "tokenType") {
            None => Ok(Type::Totp),
            Some(kind) => Type::parse(kind),
        };
        draft.r#type = *r#type.as_ref().unwrap_or(&Type::Totp);
        draft.algorithm = json::text(otp, "algorithm").map(str::to_owned);
        draft.digits = json::int(otp, "digits");
        draft.period = json::int(otp, "period");
        draft.counter = json::int(otp, "counter");
        draft.groups = json::text(service, "groupId")
            .and_then(|id| {
                groups
                    .iter()
                    .find(|(gid, _)| *gid == id)
                    .map(|(_, name)| (*name).to_owned())
            })
            .into_iter()
            .collect();
        draft.icon = icon_choice(service);
        let label = draft.label();
        out.push(label, r#type.and_then(|_| draft.build()));
    }
    out
}
