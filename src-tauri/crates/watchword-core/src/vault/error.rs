//! Every way opening or changing the vault can fail, each naming the file and never a secret.

use std::path::{Path, PathBuf};

use super::KeyringError;
use crate::account::FindError;

/// What went wrong with the vault. Messages name the file and never a secret.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// No vault file yet.
    #[error("no vault at {0}; create one with `watchword vault init`")]
    NotFound(PathBuf),
    /// `init` on a folder that has a vault.
    #[error("a vault already exists at {0}; it was left untouched")]
    AlreadyExists(PathBuf),
    /// Some other kind of file sits where the vault should be.
    #[error("{0} is not a Watchword vault; it was left untouched")]
    Foreign(PathBuf),
    /// The file ends early.
    #[error("{0} is truncated; it was left untouched (`watchword vault restore` lists backups)")]
    Truncated(PathBuf),
    /// Written by a newer Watchword.
    #[error("{path} uses vault format {format}, newer than this Watchword understands")]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Its format number.
        format: u8,
    },
    /// The clear header cannot be read.
    #[error(
        "{path} is damaged ({detail}); it was left untouched (`watchword vault restore` lists backups)"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// The encrypted part does not authenticate: altered, or damaged on disk.
    #[error(
        "{0} failed its integrity check (altered or damaged); it was left untouched (`watchword vault restore` lists backups)"
    )]
    Tampered(PathBuf),
    /// No slot opens with the passphrase given.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// Too many wrong passphrases lately.
    #[error("too many wrong passphrases; try again in {0} s")]
    Throttled(u64),
    /// The keyring did not open it and it needs a passphrase.
    #[error("the vault needs its passphrase{}", keyring_note(.0))]
    PassphraseRequired(Option<KeyringError>),
    /// The keyring did not open it and it has no passphrase slot.
    #[error("{0}; this vault has no passphrase, so it opens only through the keyring")]
    KeyringOnly(KeyringError),
    /// Creating a vault needs at least one working slot.
    #[error(
        "{0}; give a passphrase (--passphrase-file or WATCHWORD_PASSPHRASE) to protect the vault instead"
    )]
    NoSlotPossible(KeyringError),
    /// The keyring refused an operation the user asked for explicitly.
    #[error("{0}")]
    Keyring(#[from] KeyringError),
    /// Removing the last way in would lock the user out.
    #[error("cannot remove the only way to unlock the vault; add another first")]
    LastSlot,
    /// The vault has no passphrase to remove or change.
    #[error("the vault has no passphrase")]
    NoPassphrase,
    /// An empty passphrase was given.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    /// A name or id did not pick one account.
    #[error(transparent)]
    Find(#[from] FindError),
    /// `next` on an account that is not HOTP.
    #[error("{0} is not a counter-based (HOTP) account")]
    NotHotp(String),
    /// Another vault replaced this one on disk while it was open.
    #[error("{0} was replaced by a different vault; reopen it")]
    Replaced(PathBuf),
    /// The decrypted content does not make sense.
    #[error("{path}: account {index} is invalid ({detail})")]
    BadAccount {
        /// The file.
        path: PathBuf,
        /// Position in the list.
        index: usize,
        /// Which field.
        detail: String,
    },
    /// The file on disk is older than a version this computer has already
    /// seen: someone (or a sync engine) put an old copy back. Only
    /// `vault restore` goes back on purpose.
    #[error(
        "{path} was rolled back to generation {found}, older than generation {seen} seen before; it was left untouched (`watchword vault restore` lists backups)"
    )]
    RolledBack {
        /// The file.
        path: PathBuf,
        /// The generation now on disk.
        found: u64,
        /// The highest generation seen.
        seen: u64,
    },
    /// No such backup.
    #[error("no backup {0}; `watchword vault restore` lists them")]
    NoBackup(String),
    /// A file-system operation failed (disk full, permissions, …).
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

fn keyring_note(problem: &Option<KeyringError>) -> String {
    problem
        .as_ref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default()
}

/// Maps an I/O failure to `VaultError::Io` naming what was done where.
pub(crate) fn io<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> VaultError + 'a {
    move |source| VaultError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}
