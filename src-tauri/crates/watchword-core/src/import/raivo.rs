//! Raivo OTP exports: a ZIP encrypted with WinZip AES holding
//! `raivo-otp-export.json`, a list of accounts whose every field is a
//! string (`kind` TOTP/HOTP, `timer`, `counter`, `digits`, `algorithm`).

use serde_json::Value;

use super::detect::{self, Sniff};
use super::entry::{self, Draft, Type};
use super::json::{self, Json};
use super::{Collected, Format, ImportError, zipfile};
use super::{Encryption, FormatInfo, Spec};
use crate::vault::Passphrase;

/// Raivo OTP in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "raivo",
        title: "Raivo OTP",
        encryption: Encryption::Required,
    },
    detect: score,
    read: |file| read(file.bytes, file.password),
});

/// A ZIP archive holding Raivo's export, or that export itself (a list
/// whose entries have `kind` and `timer`).
fn score(sniff: &Sniff) -> u8 {
    if sniff.zip_has(MEMBER) {
        return detect::CERTAIN;
    }
    let plain = sniff
        .json_first_item()
        .is_some_and(|first| first.get("kind").is_some() && first.get("timer").is_some());
    if plain {
        detect::LIKELY + 10
    } else {
        detect::NO
    }
}
/// The member holding the accounts.
const MEMBER: &str = "raivo-otp-export.json";

/// Reads a Raivo ZIP export (or the JSON inside it).
pub(crate) fn read(bytes: &[u8], password: Option<&Passphrase>) -> Result<Collected, ImportError> {
    let text = if zipfile::is_zip(bytes) {
        zipfile::member(FORMAT, bytes, MEMBER, password)?
    } else {
        zeroize::Zeroizing::new(bytes.to_vec())
    };
    let list = Json::parse(&text)
        .ok_or_else(|| ImportError::malformed(FORMAT, format!("{MEMBER} is not JSON")))?;
    let items = list
        .0
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "expected a list of accounts"))?;
    Ok(convert(items))
}

fn convert(items: &[Value]) -> Collected {
    let mut out = Collected::default();
    for item in items {
        let mut draft = Draft::new(
            json::text(item, "issuer"),
            json::text(item, "account").unwrap_or(""),
            entry::base32(json::text(item, "secret")),
        );
        let r#type = Type::parse(json::text(item, "kind").unwrap_or("totp"));
        draft.r#type = *r#type.as_ref().unwrap_or(&Type::Totp);
        draft.algorithm = json::text(item, "algorithm").map(str::to_owned);
        draft.digits = json::int(item, "digits");
        draft.period = json::int(item, "timer");
        draft.counter = json::int(item, "counter");
        let label = draft.label();
        out.push(label, r#type.and_then(|_| draft.build()));
    }
    out
}
