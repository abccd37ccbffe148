//! Writing the vault for other apps, for paper, and as Watchword's own
//! encrypted backup. One module per format; each returns the file's bytes,
//! a warning when the file is unencrypted (front ends show it), and the
//! accounts the format cannot carry.
//!
//! Every format, with its name, title, extension, password policy and
//! warning, is one row of the [`formats`] table, which [`write`] and the
//! front ends read. Google Authenticator QR codes (several PNG files) have a
//! row too, but are drawn with [`crate::migration::encode`] and
//! [`crate::qr::to_png`], not by [`write`].

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

/// What the Google Authenticator pictures carry: the front end shows it.
pub const QR_PICTURES_WARNING: &str =
    "these pictures hold your secrets unencrypted; delete them once scanned";

/// Import and export share one notion of a password, so front ends ask for
/// it the same way in both directions.
pub use crate::import::Encryption;

/// A format [`write`] produces as one file. The stable names, titles and
/// policies live in the [`formats`] table, not here.
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

/// What an export produces: the front end needs to know whether to ask for
/// a file or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// One file, written by [`write`] in this format.
    File(ExportFormat),
    /// Google Authenticator's migration QR codes, one PNG picture per batch
    /// ([`crate::migration::encode`] and [`crate::qr::to_png`]): a folder.
    QrPictures,
}

impl Serialize for Output {
    /// `"file"` or `"pictures"`: the front end needs the kind, not the enum.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            Output::File(_) => "file",
            Output::QrPictures => "pictures",
        })
    }
}

/// One row of the export table: everything a front end needs to offer a
/// format and to warn about it, so the CLI's `--format`, the desktop's
/// export dialog and [`write`] agree.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportFormatInfo {
    /// The stable name `--format` takes and the desktop sends.
    pub name: &'static str,
    /// What people call it.
    pub title: &'static str,
    /// The file name extension, without the dot (`png` for the pictures).
    pub extension: &'static str,
    /// What a save dialog proposes (for the pictures: the start of each
    /// picture's name).
    pub default_file_name: &'static str,
    /// Whether a password can (or must) encrypt it.
    pub encryption: Encryption,
    /// Whether the secrets can be read from it without a password (for an
    /// `optional` format: when written without one).
    pub plain_secrets: bool,
    /// What to show when it is written with its secrets in plain.
    pub warning: Option<&'static str>,
    /// One file or a folder of pictures.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub output: Output,
}

/// The export table, in the order lists show it.
const FORMATS: &[ExportFormatInfo] = &[
    ExportFormatInfo {
        name: "watchword",
        title: "Watchword backup",
        extension: "wwbackup",
        default_file_name: "watchword-backup.wwbackup",
        encryption: Encryption::Required,
        plain_secrets: false,
        warning: None,
        output: Output::File(ExportFormat::Watchword),
    },
    ExportFormatInfo {
        name: "aegis",
        title: "Aegis vault",
        extension: "json",
        default_file_name: "aegis-export.json",
        encryption: Encryption::Optional,
        plain_secrets: true,
        warning: Some(PLAIN_WARNING),
        output: Output::File(ExportFormat::Aegis),
    },
    ExportFormatInfo {
        name: "otpauth",
        title: "otpauth:// links",
        extension: "txt",
        default_file_name: "otpauth-links.txt",
        encryption: Encryption::None,
        plain_secrets: true,
        warning: Some(PLAIN_WARNING),
        output: Output::File(ExportFormat::Otpauth),
    },
    ExportFormatInfo {
        name: "html",
        title: "Printable sheet of QR codes",
        extension: "html",
        default_file_name: "watchword-paper-backup.html",
        encryption: Encryption::None,
        plain_secrets: true,
        warning: Some(PLAIN_WARNING),
        output: Output::File(ExportFormat::Html),
    },
    ExportFormatInfo {
        name: "gauth-qr",
        title: "Google Authenticator QR codes",
        extension: "png",
        default_file_name: "watchword-export",
        encryption: Encryption::None,
        plain_secrets: true,
        warning: Some(QR_PICTURES_WARNING),
        output: Output::QrPictures,
    },
];

/// Every export format, one-file ones and the Google Authenticator
/// pictures, for `--format` help and the export dialog; serialize it as it
/// is (a front end that saves one file keeps the rows whose `output` is
/// `"file"`).
pub fn formats() -> &'static [ExportFormatInfo] {
    FORMATS
}

/// The row of this name (case-insensitive), whatever its output.
pub fn format_named(name: &str) -> Option<&'static ExportFormatInfo> {
    let wanted = name.trim().to_ascii_lowercase();
    FORMATS.iter().find(|f| f.name == wanted)
}

impl ExportFormat {
    /// Every one-file format, in the table's order.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Watchword,
        ExportFormat::Aegis,
        ExportFormat::Otpauth,
        ExportFormat::Html,
    ];

    /// Its row of the table.
    pub fn info(self) -> &'static ExportFormatInfo {
        FORMATS
            .iter()
            .find(|f| f.output == Output::File(self))
            .expect("every one-file export format has a row in the table")
    }

    /// The stable name `--format` takes.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// What people call it.
    pub fn title(self) -> &'static str {
        self.info().title
    }

    /// The one-file format a name means (`None` for unknown names and for
    /// the pictures).
    pub fn from_name(name: &str) -> Option<Self> {
        match format_named(name)?.output {
            Output::File(format) => Some(format),
            Output::QrPictures => None,
        }
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
    let info = format.info();
    let password = password.filter(|p| !p.is_empty());
    // The table's policy, for every format: plain formats ignore a password,
    // required ones refuse to go without.
    let password = match info.encryption {
        Encryption::None => None,
        Encryption::Optional => password,
        Encryption::Required => Some(password.ok_or(ExportError::PasswordRequired(info.name))?),
    };
    let mut skipped = Vec::new();
    let bytes = match (format, password) {
        (ExportFormat::Watchword, password) => {
            // Always `Some` (required above); the types do not know it.
            let password = password.ok_or(ExportError::PasswordRequired(info.name))?;
            let key = BackupKey::derive(password, kdf)?;
            backup::seal(accounts, &key, now)
        }
        (ExportFormat::Aegis, Some(password)) => aegis::write_encrypted(accounts, password),
        (ExportFormat::Aegis, None) => aegis::write_plain(accounts).to_vec(),
        (ExportFormat::Otpauth, _) => otpauth::write(accounts).as_bytes().to_vec(),
        (ExportFormat::Html, _) => {
            let (html, cannot) = html::write(accounts)?;
            skipped = cannot;
            html.as_bytes().to_vec()
        }
    };
    Ok(Export {
        bytes: Zeroizing::new(bytes),
        warning: info.warning.filter(|_| password.is_none()),
        skipped,
    })
}

/// Creates (or replaces) `path` with the export, readable by its owner only: an
/// export holds every secret, encrypted or not.
pub fn save(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::files::write_private(path, bytes)
}

#[cfg(test)]
mod tests;
