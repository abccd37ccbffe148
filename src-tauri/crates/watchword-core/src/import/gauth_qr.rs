//! Pictures of Google Authenticator's export QR codes (or of any
//! `otpauth://` QR code), read with Watchword's own QR scanner.

use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError, otpauth};
use super::{Encryption, FormatInfo, Spec};

/// Google Authenticator QR in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "gauth-qr",
        title: "Google Authenticator QR",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes, file.file_name),
});

/// A picture (by its magic bytes).
fn score(sniff: &Sniff) -> u8 {
    if image::guess_format(sniff.bytes()).is_ok() {
        detect::STRONG
    } else {
        detect::NO
    }
}

/// Reads every QR code of a picture.
pub(crate) fn read(bytes: &[u8], file_name: &str) -> Result<Collected, ImportError> {
    let image = crate::qr::load(bytes, file_name)
        .map_err(|e| ImportError::malformed(FORMAT, e.to_string()))?;
    let found = crate::qr::scan_image(&image);
    if found.is_empty() {
        return Err(ImportError::malformed(FORMAT, "no QR code in the picture"));
    }
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    let mut out = otpauth::read_lines(&texts.join("\n"), &[]);
    for rejected in &mut out.rejected {
        rejected.label = rejected.label.replace("line", "QR code");
    }
    Ok(out)
}
