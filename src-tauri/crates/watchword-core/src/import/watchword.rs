//! Watchword's own encrypted backups (see `crate::backup`): every account
//! comes back with its group and note.

use super::{Collected, Format, ImportError};
use crate::account::NewAccount;
use crate::backup::{self, BackupError};
use crate::vault::Passphrase;

const FORMAT: Format = Format::Watchword;

/// Reads a Watchword backup with its passphrase.
pub(crate) fn read(bytes: &[u8], password: Option<&Passphrase>) -> Result<Collected, ImportError> {
    if !backup::is_backup(bytes) {
        return Err(ImportError::malformed(FORMAT, "not a Watchword backup"));
    }
    let password = password.ok_or(ImportError::PasswordRequired(FORMAT))?;
    let accounts = backup::open(bytes, password).map_err(|e| match e {
        BackupError::WrongPassphrase => ImportError::WrongPassword(FORMAT),
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
                group: a.group,
                note: a.note,
            })
            .collect(),
        rejected: Vec::new(),
    })
}
