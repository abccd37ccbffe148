//! Proton Authenticator JSON exports: `{"version":1,"entries":[{"content":
//! {"uri":"otpauth://…","name":"…"},"note":…}]}`.

use serde_json::Value;

use super::detect::{self, Sniff};
use super::entry;
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::NewAccount;
use crate::uri::OtpAccount;

/// Proton Authenticator in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "proton",
        title: "Proton Authenticator",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// An object whose `entries` hold Proton's `content` objects.
fn score(sniff: &Sniff) -> u8 {
    let ours = sniff.json_has("entries")
        && sniff.json().is_some_and(|document| {
            json::array(document, "entries")
                .iter()
                .any(|entry| entry.get("content").is_some())
        });
    if ours {
        detect::LIKELY + 10
    } else {
        detect::NO
    }
}

/// Reads a Proton Authenticator export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let entries = file
        .0
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::malformed(FORMAT, "entries: missing"))?;
    let mut out = Collected::default();
    for item in entries {
        let content = item.get("content").unwrap_or(&Value::Null);
        let name = json::text(content, "name");
        let account = match json::text(content, "uri") {
            None => Err("uri: missing".to_owned()),
            Some(uri) => OtpAccount::parse(uri).map_err(|e| e.to_string()),
        };
        let label = match &account {
            Ok(otp) => entry::label(otp.issuer.as_deref(), name.unwrap_or(&otp.name)),
            Err(_) => entry::label(None, name.unwrap_or("")),
        };
        out.push(
            label,
            account.map(|mut otp| {
                if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
                    otp.name = name.trim().to_owned();
                }
                NewAccount {
                    note: json::text(item, "note").unwrap_or("").to_owned(),
                    ..NewAccount::from(otp)
                }
            }),
        );
    }
    Ok(out)
}
