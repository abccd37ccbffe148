//! Aegis-compatible vault files: database version 3 (groups by uuid) in a
//! version 1 file, plain or encrypted with one scrypt password slot
//! (N = 2^15, r = 8, p = 1) the way Aegis writes them.

use base64::Engine;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::account::{Account, IconImage, IconMime};
use crate::import::crypto;
use crate::import::json::wipe;
use crate::token::Kind;
use crate::vault::Passphrase;
use crate::vault::crypto::random;

/// scrypt cost Aegis uses for password slots.
pub const SCRYPT_N: u64 = 1 << 15;
/// scrypt block size Aegis uses.
pub const SCRYPT_R: u32 = 8;
/// scrypt parallelism Aegis uses.
pub const SCRYPT_P: u32 = 1;

/// The database object (`{"version":3,"entries":[…],"groups":[…]}`).
fn database(accounts: &[Account]) -> Value {
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut entries = Vec::new();
    for account in accounts {
        let group_ids: Vec<String> = account
            .groups
            .iter()
            .map(|name| match groups.iter().find(|(_, n)| n == name) {
                Some((id, _)) => id.clone(),
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    groups.push((id.clone(), name.clone()));
                    id
                }
            })
            .collect();
        let token = &account.otp.token;
        let mut info = json!({
            "secret": token.secret().to_base32().as_str(),
            "algo": token.algorithm().as_str(),
            "digits": token.digits(),
        });
        match token.kind() {
            Kind::Totp { period } | Kind::Steam { period } => info["period"] = json!(period),
            Kind::Hotp { counter } => info["counter"] = json!(counter),
        }
        let uuid = uuid::Uuid::parse_str(&account.id)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| uuid::Uuid::new_v4().to_string());
        entries.push(json!({
            "type": token.kind().type_name(),
            "uuid": uuid,
            "name": account.otp.name,
            "issuer": account.otp.issuer.clone().unwrap_or_default(),
            "note": account.note,
            "favorite": account.favourite,
            "icon": null,
            "info": info,
            "groups": group_ids,
        }));
        if let Some((mime, bytes)) = icon_picture(account) {
            let entry = entries.last_mut().expect("just pushed");
            entry["icon"] = json!(base64::engine::general_purpose::STANDARD.encode(&bytes));
            entry["icon_mime"] = json!(mime.as_str());
            entry["icon_hash"] = json!(icon_hash(mime.as_str(), &bytes));
        }
    }
    json!({
        "version": 3,
        "entries": entries,
        "groups": groups.into_iter().map(|(uuid, name)| json!({"uuid": uuid, "name": name})).collect::<Vec<_>>(),
    })
}

/// The picture Aegis should show for `account`: the one it shows here, a
/// built-in brand (chosen or matched by name) as its SVG tile; none for the letter.
fn icon_picture(account: &Account) -> Option<(IconMime, Vec<u8>)> {
    match crate::icons::shown(account)?.image {
        IconImage::Picture { mime, bytes } => Some((mime, bytes)),
        IconImage::Brand { slug } => crate::icons::brands::get(&slug)
            .map(|brand| (IconMime::Svg, crate::icons::brands::svg(brand).into_bytes())),
        IconImage::Letter => None,
    }
}

/// Aegis's `icon_hash`: SHA-256 over the MIME type, then the bytes, in hex.
fn icon_hash(mime: &str, bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(mime.as_bytes());
    hasher.update(bytes);
    crate::hex::encode(&hasher.finalize())
}

/// Serializes a JSON value, then wipes the secrets it held.
fn to_bytes(mut value: Value, pretty: bool) -> Zeroizing<Vec<u8>> {
    let bytes = if pretty {
        serde_json::to_vec_pretty(&value)
    } else {
        serde_json::to_vec(&value)
    }
    .expect("JSON values serialize");
    wipe(&mut value);
    Zeroizing::new(bytes)
}

/// A plain (unencrypted) Aegis file.
pub fn write_plain(accounts: &[Account]) -> Zeroizing<Vec<u8>> {
    to_bytes(
        json!({
            "version": 1,
            "header": {"slots": null, "params": null},
            "db": database(accounts),
        }),
        true,
    )
}

/// An encrypted Aegis file that opens with `password`.
pub fn write_encrypted(accounts: &[Account], password: &Passphrase) -> Vec<u8> {
    let hex = crate::hex::encode;
    let master = Zeroizing::new(random::<32>());
    let salt = random::<32>();
    let slot_key = crypto::scrypt(password.bytes(), &salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        .expect("Aegis's scrypt parameters are valid");
    let slot_nonce = random::<12>();
    let mut wrapped = crypto::gcm_seal(&slot_key, &slot_nonce, master.as_ref(), b"");
    let slot_tag = wrapped.split_off(32);
    let db = to_bytes(database(accounts), false);
    let db_nonce = random::<12>();
    let mut sealed = crypto::gcm_seal(&master, &db_nonce, &db, b"");
    let db_tag = sealed.split_off(sealed.len() - 16);
    let file = json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": uuid::Uuid::new_v4().to_string(),
                "key": hex(&wrapped),
                "key_params": {"nonce": hex(&slot_nonce), "tag": hex(&slot_tag)},
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": hex(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": hex(&db_nonce), "tag": hex(&db_tag)},
        },
        "db": base64::engine::general_purpose::STANDARD.encode(&sealed),
    });
    to_bytes(file, true).to_vec()
}
