//! Ente Auth plain-text exports: `otpauth://` links with Ente's quirks
//! (lower-case `algorithm=sha512`, a `period` on HOTP links, and a
//! `codeDisplay` JSON parameter of Ente's own, which is not kept).

use super::{Collected, Format, ImportError, otpauth};

/// Reads an Ente Auth export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::malformed(Format::Ente, "not UTF-8 text"))?;
    Ok(otpauth::read_lines(text, &["codedisplay"]))
}
