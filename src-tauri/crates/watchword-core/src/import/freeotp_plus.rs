//! FreeOTP+ JSON exports: `{"tokenOrder":[…],"tokens":[…]}`, each token as
//! FreeOTP keeps it (see `freeotp::token`).

use serde_json::Value;

use super::detect::{self, Sniff};
use super::json::Json;
use super::{Collected, Format, ImportError, freeotp};
use super::{Encryption, FormatInfo, Spec};

/// FreeOTP+ in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "freeotp-plus",
        title: "FreeOTP+",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// An object with `tokens` and `tokenOrder`.
fn score(sniff: &Sniff) -> u8 {
    if sniff.json_has("tokens") && sniff.json_has("tokenOrder") {
        detect::STRONG
    } else {
        detect::NO
    }
}

/// Reads a FreeOTP+ JSON export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let file = Json::parse_or_reason(bytes).map_err(|r| ImportError::malformed(FORMAT, r))?;
    let tokens = file
        .0
        .get("tokens")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::malformed(FORMAT, "tokens: missing"))?;
    let mut out = Collected::default();
    for token in tokens {
        let (label, account) = freeotp::token(token, None);
        out.push(label, account);
    }
    Ok(out)
}
