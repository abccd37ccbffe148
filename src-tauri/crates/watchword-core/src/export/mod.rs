//! Writing the vault for other apps, for paper, and as Watchword's own
//! encrypted backup. One module per format; each returns the file's bytes,
//! a warning when the file is unencrypted (front ends show it), and the
//! accounts the format cannot carry.
//!
//! Google Authenticator QR codes (several PNG files) stay with
//! [`crate::migration::encode`] and [`crate::qr::to_png`].

pub mod aegis;
pub mod html;
pub mod otpauth;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::backup::{self, BackupError, BackupKey};
use crate::vault::{KdfParams, Passphrase};

pub use crate::migration::Unexportable;

/// What every unencrypted export carries: the front end shows it.
pub const PLAIN_WARNING: &str = "this file holds your secrets unencrypted: anyone who reads it can generate your codes; keep it offline and delete it when done";

/// A single-file export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportFormat {
    /// Watchword's encrypted backup (a password is required).
    #[serde(rename = "watchword")]
    Watchword,
    /// Aegis vault JSON: encrypted when a password is given, plain otherwise.
    #[serde(rename = "aegis")]
    Aegis,
    /// `otpauth://` links, one a line (unencrypted).
    #[serde(rename = "otpauth")]
    Otpauth,
    /// A printable HTML sheet, one QR code per account (unencrypted).
    #[serde(rename = "html")]
    Html,
}

impl ExportFormat {
    /// Every format, as `--format` lists them.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Watchword,
        ExportFormat::Aegis,
        ExportFormat::Otpauth,
        ExportFormat::Html,
    ];

    /// The stable name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Watchword => "watchword",
            ExportFormat::Aegis => "aegis",
            ExportFormat::Otpauth => "otpauth",
            ExportFormat::Html => "html",
        }
    }

    /// The format a name means.
    pub fn from_name(name: &str) -> Option<Self> {
        let wanted = name.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| f.name() == wanted)
    }
}

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The format is encrypted and no password was given.
    #[error("the {0} format is encrypted; give a password")]
    PasswordRequired(&'static str),
    /// The backup could not be sealed.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// A QR code could not be drawn (an account too long for one).
    #[error("cannot draw a QR code for {0}")]
    Qr(String),
}

/// One written export.
#[derive(Debug)]
pub struct Export {
    /// The file's content (secrets inside: wiped on drop).
    pub bytes: Zeroizing<Vec<u8>>,
    /// Set for unencrypted files: show it to the user.
    pub warning: Option<&'static str>,
    /// Accounts the format could not carry, each with the reason.
    pub skipped: Vec<Unexportable>,
}

/// Writes `accounts` in `format`. `password` encrypts (required for
/// `watchword`, optional for `aegis`, ignored by the plain formats);
/// `kdf` is the Argon2id cost of a Watchword backup.
pub fn write(
    format: ExportFormat,
    accounts: &[Account],
    password: Option<&Passphrase>,
    kdf: KdfParams,
    now: u64,
) -> Result<Export, ExportError> {
    let password = password.filter(|p| !p.is_empty());
    let plain = |bytes: Vec<u8>, skipped| Export {
        bytes: Zeroizing::new(bytes),
        warning: Some(PLAIN_WARNING),
        skipped,
    };
    Ok(match format {
        ExportFormat::Watchword => {
            let password = password.ok_or(ExportError::PasswordRequired("watchword"))?;
            let key = BackupKey::derive(password, kdf)?;
            Export {
                bytes: Zeroizing::new(backup::seal(accounts, &key, now)),
                warning: None,
                skipped: Vec::new(),
            }
        }
        ExportFormat::Aegis => match password {
            Some(password) => Export {
                bytes: Zeroizing::new(aegis::write_encrypted(accounts, password)),
                warning: None,
                skipped: Vec::new(),
            },
            None => plain(aegis::write_plain(accounts).to_vec(), Vec::new()),
        },
        ExportFormat::Otpauth => plain(otpauth::write(accounts).as_bytes().to_vec(), Vec::new()),
        ExportFormat::Html => {
            let (html, skipped) = html::write(accounts)?;
            plain(html.as_bytes().to_vec(), skipped)
        }
    })
}

/// Creates (or replaces) `path` with the export, readable by its owner only: an
/// export holds every secret, encrypted or not.
pub fn save(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // `mode` applies only to a new file: an existing one is narrowed too.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests;
