//! FreeOTP+ JSON exports: `{"tokenOrder":[…],"tokens":[…]}`, each token as
//! FreeOTP keeps it (see `freeotp::token`).

use serde_json::Value;

use super::json::Json;
use super::{Collected, Format, ImportError, freeotp};

const FORMAT: Format = Format::FreeOtpPlus;

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
