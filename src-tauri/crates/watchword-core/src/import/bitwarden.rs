//! Bitwarden exports (unencrypted JSON or CSV): each login's `totp` field,
//! which holds an `otpauth://` URI, `steam://SECRET`, or a bare base32 secret.

use serde_json::Value;
use zeroize::Zeroizing;

use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::NewAccount;
use crate::uri::OtpAccount;

/// Bitwarden in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "bitwarden",
        title: "Bitwarden",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// JSON with `items` and `encrypted` or `folders`, or a CSV whose header
/// names the `login_totp` column.
fn score(sniff: &Sniff) -> u8 {
    let json =
        sniff.json_has("items") && (sniff.json_has("encrypted") || sniff.json_has("folders"));
    let csv = sniff.json().is_none()
        && sniff
            .first_line()
            .is_some_and(|line| line.contains("login_totp"));
    if json || csv {
        detect::STRONG
    } else {
        detect::NO
    }
}

/// Reads a Bitwarden JSON or CSV export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    match Json::parse(bytes) {
        Some(file) => read_json(&file.0),
        None => read_csv(bytes),
    }
}

fn read_json(file: &Value) -> Result<Collected, ImportError> {
    if file.get("encrypted").and_then(Value::as_bool) == Some(true) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "encrypted Bitwarden exports; export as unencrypted JSON or CSV".into(),
        });
    }
    let items = file
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::malformed(FORMAT, "items: missing"))?;
    let mut out = Collected::default();
    for item in items {
        let login = item.get("login").unwrap_or(&Value::Null);
        let Some(totp) = json::text(login, "totp").filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let title = json::text(item, "name").unwrap_or("");
        let user = json::text(login, "username").unwrap_or("");
        push(&mut out, totp, title, user);
    }
    Ok(out)
}

fn read_csv(bytes: &[u8]) -> Result<Collected, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|_| ImportError::malformed(FORMAT, "neither JSON nor CSV"))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let totp = column("login_totp")
        .ok_or_else(|| ImportError::malformed(FORMAT, "CSV without a login_totp column"))?;
    let (title, user) = (column("name"), column("login_username"));
    let mut out = Collected::default();
    for (index, record) in reader.records().enumerate() {
        let Ok(record) = record else {
            out.reject(format!("row {}", index + 2), "not valid CSV");
            continue;
        };
        let field = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or("");
        let value = Zeroizing::new(field(Some(totp)).to_owned());
        if value.trim().is_empty() {
            continue;
        }
        push(&mut out, &value, field(title), field(user));
    }
    Ok(out)
}

/// One `totp` value; `title` and `user` name the login it came from.
fn push(out: &mut Collected, totp: &str, title: &str, user: &str) {
    let totp = totp.trim();
    let lower = totp.get(..10).unwrap_or(totp).to_ascii_lowercase();
    if lower.starts_with("otpauth:") {
        let label = entry::label(Some(title), user);
        out.push(
            label,
            OtpAccount::parse(totp)
                .map(NewAccount::from)
                .map_err(|e| e.to_string()),
        );
    } else if lower.starts_with("steam://") {
        let mut draft = Draft::new(Some("Steam"), title, entry::base32(Some(&totp[8..])));
        draft.r#type = Type::Steam;
        out.push(draft.label(), draft.build());
    } else {
        // A bare secret: Bitwarden's defaults (TOTP, SHA1, 6 digits, 30 s).
        let draft = Draft::new(Some(title), user, entry::base32(Some(totp)));
        out.push(draft.label(), draft.build());
    }
}
