//! Steam Guard `.maFile`s (Steam Desktop Authenticator): `shared_secret` is
//! the base64 key, `account_name` the name. Both the single-account file and
//! the `{"accounts":{…}}` collection are read.

use serde_json::Value;

use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};

/// Steam in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "steam",
        title: "Steam",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// A `.maFile` (an object with `shared_secret`), or a collection whose
/// `accounts` are such objects. An `accounts` key alone is not enough: other
/// apps use the word too.
fn score(sniff: &Sniff) -> u8 {
    let secret = |account: &Value| account.get("shared_secret").is_some();
    let ours = match sniff.json() {
        Some(document @ Value::Object(map)) => {
            secret(document)
                || match map.get("accounts") {
                    Some(Value::Object(accounts)) => accounts.values().any(secret),
                    Some(Value::Array(accounts)) => accounts.iter().any(secret),
                    _ => false,
                }
        }
        _ => false,
    };
    if ours {
        detect::LIKELY + 10
    } else {
        detect::NO
    }
}

/// Reads a Steam Guard file.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let accounts: Vec<&Value> = match file.0.get("accounts") {
        Some(Value::Object(map)) => map.values().collect(),
        Some(Value::Array(list)) => list.iter().collect(),
        _ if file.0.get("shared_secret").is_some() => vec![&file.0],
        _ => return Err(ImportError::malformed(FORMAT, "shared_secret: missing")),
    };
    let mut out = Collected::default();
    for account in accounts {
        let mut draft = Draft::new(
            Some("Steam"),
            json::text(account, "account_name").unwrap_or(""),
            entry::base64(json::text(account, "shared_secret")),
        );
        draft.r#type = Type::Steam;
        out.push(draft.label(), draft.build());
    }
    Ok(out)
}
