//! Watchword's own encrypted backups (see `crate::backup`): every account
//! comes back with its group and note.

use super::crypto::Budget;
use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::NewAccount;
use crate::backup::{self, BackupError};
use crate::vault::Passphrase;

/// Watchword backup in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "watchword",
        title: "Watchword backup",
        encryption: Encryption::Required,
    },
    detect: score,
    read: |file| read(file.bytes, file.password, file.budget),
});

/// The backup's own `watchwordBackup` marker at the start.
fn score(sniff: &Sniff) -> u8 {
    if backup::is_backup(sniff.bytes()) {
        detect::CERTAIN
    } else {
        detect::NO
    }
}

/// Reads a Watchword backup with its passphrase.
pub(crate) fn read(
    bytes: &[u8],
    password: Option<&Passphrase>,
    budget: &Budget,
) -> Result<Collected, ImportError> {
    if !backup::is_backup(bytes) {
        return Err(ImportError::malformed(FORMAT, "not a Watchword backup"));
    }
    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
    let accounts = backup::open_within(bytes, password, budget).map_err(|e| match e {
        BackupError::WrongPassphrase => ImportError::WrongPassword(FORMAT),
        BackupError::Kdf(refused) => ImportError::kdf(FORMAT, refused),
        BackupError::NewerFormat(_) => ImportError::Unsupported {
            format: FORMAT,
            reason: e.to_string(),
        },
        other => ImportError::malformed(FORMAT, other.to_string()),
    })?;
    Ok(Collected {
        accounts: accounts
            .into_iter()
            .map(|a| NewAccount {
                otp: a.otp,
                groups: a.groups,
                note: a.note,
                icon: a.icon,
                favourite: a.favourite,
            })
            .collect(),
        rejected: Vec::new(),
    })
}
