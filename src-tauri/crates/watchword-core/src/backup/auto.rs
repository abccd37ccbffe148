//! Automatic encrypted backups: after a vault change, a Watchword backup
//! named with the time is written to the folder the user chose, and only the
//! newest N are kept.
//!
//! The passphrase choice: automatic backups are encrypted with a *backup
//! passphrase* of their own, set once when the user turns them on. Its
//! Argon2id key (with salt and parameters, see [`BackupKey`]) is kept inside
//! the encrypted vault (a vault secret), so a backup can be written after any
//! change without a half-second derivation each time, and nothing that opens
//! a backup lies outside what the vault's own slots protect: "require the
//! passphrase at start" covers the backups too. The passphrase itself is
//! never stored; it alone opens every backup (on another machine too), and
//! `watchword import` reads them.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::{BackupKey, seal};
use crate::account::Account;
use crate::settings::Settings;
use crate::vault::{ChangeKind, Committed, KeyringError, Vault, VaultError, VaultListener};

/// File names start with this; only such files are ever pruned.
pub const PREFIX: &str = "watchword-backup-";
/// And end with this.
pub const EXTENSION: &str = ".wwbackup";
/// The vault secret holding the backup key; also the name of the keyring item
/// where versions before 0.2 kept it (moved into the vault and deleted).
const KEY_NAME: &str = "auto-backup";

/// Why an automatic backup was not written.
#[derive(Debug, thiserror::Error)]
pub enum AutoBackupError {
    /// Keeping zero backups makes no sense.
    #[error("automatic backups must keep at least one file")]
    KeepZero,
    /// The folder or file could not be written.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The backup key is not in the vault.
    #[error("the automatic backup key is not in the vault; turn automatic backups on again")]
    NoKey,
    /// The keyring refused while the key of an older version was moved out of it.
    #[error("the automatic backup key is not available: {0}")]
    Keyring(#[from] KeyringError),
    /// The vault could not keep the key.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Whether to remind the user that nothing backs the codes up: the vault
/// holds accounts, automatic backups are off, and no account arrived since
/// the reminder was last set aside (a new account brings it back, because
/// it is one more code that a lost disk would take).
pub fn reminder_due(settings: &Settings, accounts: &[Account]) -> bool {
    if accounts.is_empty() || settings.auto_backup().is_some() {
        return false;
    }
    match settings.backup_reminder_dismissed {
        None => true,
        Some(dismissed) => accounts.iter().any(|account| account.created > dismissed),
    }
}

/// Writes a backup named with `now` (UTC) into `folder` and deletes the
/// oldest automatic backups beyond `keep`. Returns the new file.
pub fn write_rotating(
    folder: &Path,
    keep: usize,
    accounts: &[Account],
    key: &BackupKey,
    now: u64,
) -> Result<PathBuf, AutoBackupError> {
    if keep == 0 {
        return Err(AutoBackupError::KeepZero);
    }
    let io = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| AutoBackupError::Io {
            action,
            path,
            source,
        }
    };
    crate::files::create_private_dir(folder).map_err(io("create", folder))?;
    let stamp = timestamp(now);
    let path = (0..100)
        .map(|n| folder.join(format!("{PREFIX}{stamp}-{n:02}{EXTENSION}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join(format!("{PREFIX}{stamp}-99{EXTENSION}")));
    let bytes = seal(accounts, key, now);
    crate::files::write_private(&path, &bytes).map_err(io("write", &path))?;
    // Newest names first; the file just written is never pruned, even if a clock
    // that stepped back gave it a name that sorts older.
    let others = list(folder).into_iter().rev().filter(|file| *file != path);
    for old in others.skip(keep - 1) {
        let _ = std::fs::remove_file(old);
    }
    Ok(path)
}

/// Follows a vault's committed changes and writes an automatic backup after
/// each real one (not a usage count) while the settings turn them on,
/// whichever front end made the change. A failed backup never undoes the
/// change; its outcome is kept for the front end to show.
#[derive(Debug, Default)]
pub struct AutoBackups {
    /// The folder and how many to keep; `None` while backups are off.
    target: Mutex<Option<(PathBuf, usize)>>,
    /// The last backup written, or why it failed.
    last: Mutex<Option<Result<PathBuf, String>>>,
}

/// A poisoned lock only means a panic elsewhere; the value is still whole.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AutoBackups {
    /// Backups as `settings` set them up.
    pub fn new(settings: &Settings) -> Self {
        let backups = Self::default();
        backups.configure(settings);
        backups
    }

    /// Follows new settings (the folder or the count changed, or backups were turned off).
    pub fn configure(&self, settings: &Settings) {
        *guard(&self.target) = settings
            .auto_backup()
            .map(|(folder, keep)| (folder.to_owned(), keep));
    }

    /// The last backup written since this was created, or why it failed.
    pub fn last(&self) -> Option<Result<PathBuf, String>> {
        guard(&self.last).clone()
    }
}

impl VaultListener for AutoBackups {
    fn committed(&self, change: &Committed<'_>) {
        if change.kind == ChangeKind::Usage {
            return;
        }
        let Some((folder, keep)) = guard(&self.target).clone() else {
            return;
        };
        let outcome = change
            .secret(KEY_NAME)
            .and_then(BackupKey::from_text)
            .ok_or(AutoBackupError::NoKey)
            .and_then(|key| write_rotating(&folder, keep, change.accounts, &key, change.at));
        *guard(&self.last) = Some(outcome.map_err(|error| error.to_string()));
    }
}

/// The automatic backups in `folder`, oldest first (names sort by time).
pub fn list(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(EXTENSION))
        })
        .collect();
    files.sort();
    files
}

/// Keeps the backup key inside `vault` (and removes the keyring item an
/// older version kept it in).
pub fn keep_key(vault: &mut Vault, key: &BackupKey) -> Result<(), VaultError> {
    vault.set_secret(KEY_NAME, Some(key.to_text()))?;
    forget_legacy_item(vault.id())?;
    Ok(())
}

/// Removes the backup key from `vault` and from the keyring (automatic backups
/// turned off): nothing that opens a backup stays behind.
pub fn forget_key(vault: &mut Vault) -> Result<(), VaultError> {
    if vault.secret(KEY_NAME).is_some() {
        vault.set_secret(KEY_NAME, None)?;
    }
    forget_legacy_item(vault.id())?;
    Ok(())
}

/// Moves the key an older version kept in the keyring into `vault`; true
/// when there was one. Front ends call it after opening the vault.
pub fn adopt_legacy_key(vault: &mut Vault) -> Result<bool, AutoBackupError> {
    let user = format!("{}/{KEY_NAME}", vault.id());
    let text = match crate::vault::keyring::load_text(crate::vault::keyring::SERVICE, &user) {
        Ok(text) => text,
        Err(KeyringError::Missing | KeyringError::Unavailable(_)) => return Ok(false),
        Err(other) => return Err(other.into()),
    };
    if vault.secret(KEY_NAME).is_none() {
        let key = BackupKey::from_text(&text).ok_or(KeyringError::Damaged)?;
        keep_key(vault, &key)?;
    } else {
        forget_legacy_item(vault.id())?;
    }
    Ok(true)
}

/// Deletes the keyring item older versions kept the key in (none, or no
/// keyring at all, is fine: then there is no such item either).
fn forget_legacy_item(vault_id: &str) -> Result<(), KeyringError> {
    let user = format!("{vault_id}/{KEY_NAME}");
    match crate::vault::keyring::delete_entry(crate::vault::keyring::SERVICE, &user) {
        Ok(()) | Err(KeyringError::Missing | KeyringError::Unavailable(_)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// `20231114T221320Z` for a Unix time (UTC; sortable, safe in file names).
pub fn timestamp(unix: u64) -> String {
    let days = unix / 86_400;
    let rest = unix % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri::OtpAccount;
    use crate::vault::{KdfParams, Passphrase};

    const LIGHT: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn the_reminder_asks_while_backups_are_off_and_returns_after_new_accounts() {
        let otp = OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
        let first = Account::new(otp.clone(), 0, 1_000);
        let mut settings = Settings::default();
        assert!(!reminder_due(&settings, &[]), "nothing to lose yet");
        assert!(reminder_due(&settings, std::slice::from_ref(&first)));
        settings.backup_reminder_dismissed = Some(2_000);
        assert!(!reminder_due(&settings, std::slice::from_ref(&first)));
        let later = Account::new(otp, 1, 2_001);
        assert!(reminder_due(&settings, &[first.clone(), later.clone()]));
        settings.auto_backup_dir = Some("/backups".into());
        assert!(!reminder_due(&settings, &[first, later]), "backups are on");
    }

    #[test]
    fn timestamps_are_utc_and_sortable() {
        assert_eq!(timestamp(0), "19700101T000000Z");
        assert_eq!(timestamp(1_700_000_000), "20231114T221320Z");
        assert_eq!(timestamp(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn keeps_the_newest_n_and_each_opens() {
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("backups");
        // A file of the user's own in the folder is never touched.
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("notes.txt"), "mine").unwrap();
        let passphrase = Passphrase::new("backup pass");
        let key = BackupKey::derive(&passphrase, LIGHT).unwrap();
        let account = Account::new(
            OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap(),
            0,
            1,
        );
        let mut written = Vec::new();
        for i in 0..5u64 {
            let accounts = vec![account.clone(); i as usize + 1];
            // Two in the same second get distinct names.
            written
                .push(write_rotating(&folder, 3, &accounts, &key, 1_700_000_000 + i / 2).unwrap());
        }
        let kept = list(&folder);
        assert_eq!(kept, written[2..].to_vec());
        assert!(folder.join("notes.txt").exists());
        let newest = std::fs::read(kept.last().unwrap()).unwrap();
        let opened = crate::backup::open(&newest, &passphrase).unwrap();
        assert_eq!(opened.len(), 5);
        assert_eq!(opened[0], account);
        // A clock that stepped back: the new file sorts oldest but is the one kept.
        let late = write_rotating(
            &folder,
            3,
            std::slice::from_ref(&account),
            &key,
            1_600_000_000,
        )
        .unwrap();
        assert!(late.exists(), "the backup just written is never pruned");
        assert_eq!(list(&folder).len(), 3);
        assert!(matches!(
            write_rotating(&folder, 0, &[], &key, 0),
            Err(AutoBackupError::KeepZero)
        ));
        // The keyring form round-trips.
        let back = BackupKey::from_text(&key.to_text()).unwrap();
        let bytes = crate::backup::seal(std::slice::from_ref(&account), &back, 5);
        assert_eq!(
            crate::backup::open(&bytes, &passphrase).unwrap(),
            vec![account]
        );
    }
}
