//! Ente Auth plain-text exports: `otpauth://` links with Ente's quirks
//! (lower-case `algorithm=sha512`, a `period` on HOTP links, and a
//! `codeDisplay` JSON parameter of Ente's own, which is not kept).

use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError, otpauth};
use super::{Encryption, FormatInfo, Spec};

/// Ente Auth in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "ente",
        title: "Ente Auth",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// A list of links (as `otpauth` reads them) carrying Ente's own
/// `codeDisplay` parameter.
fn score(sniff: &Sniff) -> u8 {
    let ente = sniff.starts_with_link()
        && sniff
            .text()
            .is_some_and(|text| text.contains("codeDisplay="));
    if ente { detect::STRONG } else { detect::NO }
}

/// Reads an Ente Auth export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| ImportError::malformed(FORMAT, "not UTF-8 text"))?;
    Ok(otpauth::read_lines(text, &["codedisplay"]))
}
