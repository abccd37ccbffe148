//! Aegis vault files (`aegis-backup-*.json`, `aegis-export-*.json`).
//!
//! Plain: `{"version":1,"header":{"slots":null,"params":null},"db":{…}}`.
//! Encrypted: `db` is base64 AES-256-GCM under a random master key; each
//! password slot holds that key wrapped (AES-256-GCM) under
//! scrypt(password, salt, n, r, p). The database is version 1 (no groups),
//! 2 (a `group` name per entry) or 3 (a `groups` list, entries naming them
//! by uuid).

use base64::Engine;
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{self, Budget, Work};
use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::{Icon, IconImage, IconMime};
use crate::vault::Passphrase;

/// Aegis in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "aegis",
        title: "Aegis",
        encryption: Encryption::Optional,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// An object with Aegis's `header` and `db`.
fn score(sniff: &Sniff) -> u8 {
    if sniff.json_has("header") && sniff.json_has("db") {
        detect::STRONG
    } else {
        detect::NO
    }
}

/// Reads a plain or encrypted Aegis vault file.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let version = json::int(&file.0, "version");
    if version != Some(1) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: format!("vault file version {version:?} (1 is known)"),
        });
    }
    match file.0.get("db") {
        Some(db @ Value::Object(_)) => convert(db),
        Some(Value::String(encoded)) => {
            let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
            let header = file
                .0
                .get("header")
                .ok_or_else(|| ImportError::malformed(FORMAT, "header: missing"))?;
            let plaintext = decrypt(header, encoded, password.bytes(), budget)?;
            let db = Json::parse_or_reason(&plaintext)
                .map_err(|r| ImportError::malformed(FORMAT, format!("decrypted db: {r}")))?;
            convert(&db.0)
        }
        _ => Err(ImportError::malformed(FORMAT, "db: missing")),
    }
}

/// Opens the master key with the password, then the database. The slots'
/// count and their scrypt costs together are checked against the budget
/// before the first derivation runs.
fn decrypt(
    header: &Value,
    encoded: &str,
    password: &[u8],
    budget: &Budget,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let bad = |reason: &str| ImportError::malformed(FORMAT, reason.to_owned());
    let slots = json::array(header, "slots");
    let password_slots: Vec<&Value> = slots
        .iter()
        .filter(|s| json::int(s, "type") == Some(1))
        .collect();
    if password_slots.is_empty() {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "the file has no password slot (only biometric or raw keys)".into(),
        });
    }
    Budget::check_slots(password_slots.len()).map_err(|e| ImportError::kdf(FORMAT, e))?;
    let costs = password_slots
        .iter()
        .map(|slot| scrypt_params(slot))
        .collect::<Result<Vec<_>, _>>()?;
    let mut total = Work::NONE;
    for &(n, r, p) in &costs {
        total = total.plus(Work::scrypt(n, r, p).map_err(|e| ImportError::kdf(FORMAT, e))?);
    }
    budget
        .reserve(total)
        .map_err(|e| ImportError::kdf(FORMAT, e))?;
    let mut master = None;
    for (slot, (n, r, p)) in password_slots.into_iter().zip(costs) {
        let salt = bytes_from_hex(json::text(slot, "salt"))
            .ok_or_else(|| bad("password slot: salt missing"))?;
        let key = budget
            .scrypt(password, &salt, n, r, p)
            .map_err(|e| ImportError::kdf(FORMAT, e))?;
        let params = slot.get("key_params").unwrap_or(&Value::Null);
        let (Some(wrapped), Some(nonce), Some(tag)) = (
            bytes_from_hex(json::text(slot, "key")),
            bytes_from_hex(json::text(params, "nonce")),
            bytes_from_hex(json::text(params, "tag")),
        ) else {
            return Err(bad("password slot: key, nonce or tag missing"));
        };
        let mut sealed = wrapped.to_vec();
        sealed.extend_from_slice(&tag);
        if let Some(opened) = crypto::gcm_open(key.as_ref(), &nonce, &sealed, b"") {
            master = Some(opened);
            break;
        }
    }
    let master = master.ok_or(ImportError::WrongPassword(FORMAT))?;
    let params = header.get("params").unwrap_or(&Value::Null);
    let (Some(nonce), Some(tag)) = (
        bytes_from_hex(json::text(params, "nonce")),
        bytes_from_hex(json::text(params, "tag")),
    ) else {
        return Err(bad("header params: nonce or tag missing"));
    };
    let mut sealed = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim().as_bytes())
        .map_err(|_| bad("db: not base64"))?;
    sealed.extend_from_slice(&tag);
    // The master key opened a slot: a failure here is damage, not a wrong password.
    crypto::gcm_open(&master, &nonce, &sealed, b"")
        .ok_or_else(|| bad("db: fails its integrity check (damaged or altered)"))
}

/// A password slot's scrypt (N, r, p), read before anything is derived.
fn scrypt_params(slot: &Value) -> Result<(u64, u32, u32), ImportError> {
    let bad = |reason: &str| ImportError::malformed(FORMAT, reason.to_owned());
    let (Some(n), Some(r), Some(p)) = (
        json::int(slot, "n"),
        json::int(slot, "r"),
        json::int(slot, "p"),
    ) else {
        return Err(bad("password slot: n, r or p missing"));
    };
    let (Ok(n), Ok(r), Ok(p)) = (u64::try_from(n), u32::try_from(r), u32::try_from(p)) else {
        return Err(bad("password slot: negative scrypt parameters"));
    };
    Ok((n, r, p))
}

fn bytes_from_hex(text: Option<&str>) -> Option<Zeroizing<Vec<u8>>> {
    crate::hex::decode(text?)
}

/// The entries of a decrypted database.
fn convert(db: &Value) -> Result<Collected, ImportError> {
    let Some(entries) = db.get("entries").and_then(Value::as_array) else {
        return Err(ImportError::malformed(FORMAT, "db: entries missing"));
    };
    // Version 3: groups by uuid.
    let groups: Vec<(&str, &str)> = json::array(db, "groups")
        .iter()
        .filter_map(|g| Some((json::text(g, "uuid")?, json::text(g, "name")?)))
        .collect();
    let mut out = Collected::default();
    for item in entries {
        let draft = draft(item, &groups);
        out.push(
            draft.label(),
            draft_or_type(item).and_then(|()| draft.build()),
        );
    }
    Ok(out)
}

/// Refuses entry types Watchword has no token for (mOTP, Yandex).
fn draft_or_type(item: &Value) -> Result<(), String> {
    Type::parse(json::text(item, "type").unwrap_or("")).map(|_| ())
}

fn draft(item: &Value, groups: &[(&str, &str)]) -> Draft {
    let info = item.get("info").unwrap_or(&Value::Null);
    let mut name = json::text(item, "name").unwrap_or("").to_owned();
    let mut issuer = json::text(item, "issuer").map(str::to_owned);
    // Old exports (and other apps writing Aegis files) leave the issuer null
    // and write "name@issuer"; the part after the last @ is the issuer.
    if item.get("issuer").is_none_or(Value::is_null)
        && let Some((before, after)) = name.rsplit_once('@')
        && !before.is_empty()
        && !after.is_empty()
    {
        issuer = Some(after.to_owned());
        name = before.to_owned();
    }
    let mut draft = Draft::new(
        issuer.as_deref(),
        &name,
        entry::base32(json::text(info, "secret")),
    );
    draft.r#type = Type::parse(json::text(item, "type").unwrap_or("")).unwrap_or(Type::Totp);
    draft.algorithm = json::text(info, "algo").map(str::to_owned);
    draft.digits = json::int(info, "digits");
    draft.period = json::int(info, "period");
    draft.counter = json::int(info, "counter");
    draft.note = json::text(item, "note").unwrap_or("").to_owned();
    draft.groups = match item.get("group") {
        // Version 2: the group's name.
        Some(Value::String(group)) => vec![group.clone()],
        // Version 3: uuids of groups listed in the database.
        _ => json::array(item, "groups")
            .iter()
            .filter_map(|uuid| {
                let uuid = uuid.as_str()?;
                groups
                    .iter()
                    .find(|(id, _)| *id == uuid)
                    .map(|(_, name)| (*name).to_owned())
            })
            .collect(),
    };
    draft.favourite = item.get("favorite").and_then(Value::as_bool) == Some(true);
    draft.icon = icon(item, issuer.as_deref().unwrap_or(""), &name);
    draft
}

/// The entry's own icon (`icon` base64, `icon_mime`; JPEG when the type is
/// missing, as Aegis reads it), the user's choice there. An SVG is kept byte
/// for byte unless it holds something unsafe, which is taken out.
/// A built-in brand's tile that Watchword exported comes back as that brand:
/// automatic again when the account's name picks it anyway, chosen otherwise.
fn icon(item: &Value, issuer: &str, name: &str) -> Option<Icon> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(json::text(item, "icon")?.trim())
        .ok()?;
    let mime = match json::text(item, "icon_mime") {
        None => IconMime::Jpeg,
        Some(mime) => IconMime::parse(mime)?,
    };
    let image = crate::icons::picture(mime, bytes).ok()?;
    if let IconImage::Picture {
        mime: IconMime::Svg,
        bytes,
    } = &image
        && let Some(brand) = crate::icons::brands::recognise(bytes)
    {
        if crate::icons::brands::find(issuer, name) == Some(brand.slug) {
            return None;
        }
        return Some(Icon::chosen(IconImage::Brand {
            slug: brand.slug.to_owned(),
        }));
    }
    Some(Icon::chosen(image))
}
