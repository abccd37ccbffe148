//! Proton Authenticator JSON exports: `{"version":1,"entries":[{"content":
//! {"uri":"otpauth://…","name":"…"},"note":…}]}`.

use serde_json::Value;

use super::entry;
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use crate::account::NewAccount;
use crate::uri::OtpAccount;

const FORMAT: Format = Format::Proton;

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
                    otp,
                    group: None,
                    note: json::text(item, "note").unwrap_or("").to_owned(),
                }
            }),
        );
    }
    Ok(out)
}
