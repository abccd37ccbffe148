//! Duo Mobile's `accounts.json`: a list of third-party accounts, each with
//! `otpGenerator.otpSecret` (base32) and, for HOTP, a `counter`. Duo keeps
//! no issuer, algorithm, digits or period (defaults apply).

use serde_json::Value;

use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};

/// Duo in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "duo",
        title: "Duo",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// A list whose entries carry Duo's `otpGenerator`.
fn score(sniff: &Sniff) -> u8 {
    if sniff
        .json_first_item()
        .is_some_and(|first| first.get("otpGenerator").is_some())
    {
        detect::STRONG
    } else {
        detect::NO
    }
}

/// Reads Duo's account list.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let items = file
        .0
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "expected a list of accounts"))?;
    let mut out = Collected::default();
    for item in items {
        let generator = item.get("otpGenerator").unwrap_or(&Value::Null);
        let mut draft = Draft::new(
            None,
            json::text(item, "name").unwrap_or(""),
            entry::base32(json::text(generator, "otpSecret")),
        );
        if let Some(counter) = json::int(generator, "counter") {
            draft.r#type = Type::Hotp;
            draft.counter = Some(counter);
        }
        out.push(draft.label(), draft.build());
    }
    Ok(out)
}
