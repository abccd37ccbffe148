//! Authenticator Plus exports: a password-protected ZIP (ZipCrypto) whose
//! `Accounts.txt` lists `otpauth://` links. (The app's other backup, an
//! SQLCipher database, is not read: there is no pure-Rust SQLCipher.)

use super::{Collected, Format, ImportError, otpauth, zipfile};
use crate::vault::Passphrase;

const FORMAT: Format = Format::AuthenticatorPlus;

/// Reads an Authenticator Plus ZIP export.
pub(crate) fn read(bytes: &[u8], password: Option<&Passphrase>) -> Result<Collected, ImportError> {
    let text = zipfile::member(FORMAT, bytes, "Accounts.txt", password)?;
    let text = std::str::from_utf8(&text).map_err(|_| ImportError::WrongPassword(FORMAT))?;
    Ok(otpauth::read_lines(text, &[]))
}
