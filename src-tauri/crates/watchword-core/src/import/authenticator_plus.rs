//! Authenticator Plus exports: a password-protected ZIP (ZipCrypto) whose
//! `Accounts.txt` lists `otpauth://` links. (The app's other backup, an
//! SQLCipher database, is not read: there is no pure-Rust SQLCipher.)

use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError, otpauth, zipfile};
use super::{Encryption, FormatInfo, Spec};
use crate::vault::Passphrase;

/// The archive member that lists the links.
const MEMBER: &str = "Accounts.txt";

/// Authenticator Plus in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "authenticator-plus",
        title: "Authenticator Plus",
        encryption: Encryption::Required,
    },
    detect: score,
    read: |file| read(file.bytes, file.password),
});

/// A ZIP archive holding `Accounts.txt`.
fn score(sniff: &Sniff) -> u8 {
    if sniff.zip_has(MEMBER) {
        detect::CERTAIN
    } else {
        detect::NO
    }
}

/// Reads an Authenticator Plus ZIP export.
pub(crate) fn read(bytes: &[u8], password: Option<&Passphrase>) -> Result<Collected, ImportError> {
    let text = zipfile::member(FORMAT, bytes, MEMBER, password)?;
    let text = std::str::from_utf8(&text).map_err(|_| ImportError::WrongPassword(FORMAT))?;
    Ok(otpauth::read_lines(text, &[]))
}
