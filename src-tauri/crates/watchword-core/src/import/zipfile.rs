//! Password-protected ZIP archives (Authenticator Plus: ZipCrypto; Raivo:
//! WinZip AES): one named member, decrypted in memory, size-bounded.

use std::io::{Cursor, Read};

use zeroize::Zeroizing;

use super::{Format, ImportError};
use crate::vault::Passphrase;

/// A member larger than this is no account list.
const MAX_MEMBER: u64 = 16 * 1024 * 1024;

/// Whether the bytes start like a ZIP archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The names of the archive's members (`None` if it is no readable ZIP).
pub(crate) fn names(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    Some(
        archive
            .file_names()
            .filter_map(|name| name.ok().map(|n| n.into_owned()))
            .collect(),
    )
}

/// The member whose file name (without folders) is `wanted`, decrypted with
/// the password when it is encrypted.
pub(crate) fn member(
    format: Format,
    bytes: &[u8],
    wanted: &str,
    password: Option<&Passphrase>,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::malformed(format, format!("not a readable ZIP archive ({e})")))?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .and_then(|name| name.ok())
                .is_some_and(|name| name.rsplit('/').next() == Some(wanted))
        })
        .ok_or_else(|| ImportError::malformed(format, format!("the archive has no {wanted}")))?;
    let encrypted = archive
        .by_index_raw(index)
        .map(|f| f.encrypted())
        .map_err(|e| ImportError::malformed(format, e.to_string()))?;
    let mut file = if encrypted {
        let password = password.ok_or(ImportError::PasswordRequired(format))?;
        archive
            .by_index_decrypt(index, password.bytes())
            .map_err(|e| match e {
                zip::result::ZipError::InvalidPassword => ImportError::WrongPassword(format),
                other => ImportError::malformed(format, other.to_string()),
            })?
    } else {
        archive
            .by_index(index)
            .map_err(|e| ImportError::malformed(format, e.to_string()))?
    };
    let mut out = Zeroizing::new(Vec::new());
    (&mut file)
        .take(MAX_MEMBER)
        .read_to_end(&mut out)
        .map_err(|e| {
            // ZipCrypto's password check is one byte: a wrong password can
            // pass it and then fail the CRC or the inflate.
            if encrypted {
                ImportError::WrongPassword(format)
            } else {
                ImportError::malformed(format, e.to_string())
            }
        })?;
    Ok(out)
}
