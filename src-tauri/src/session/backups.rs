//! Automatic backups from the settings: their status, and turning them on and off.

use serde::Serialize;
use watchword_core::backup::{self, BackupKey};
use watchword_core::settings::Settings;
use watchword_core::{KdfParams, Passphrase};

use super::{Session, guard};
use crate::error::{CommandError, ErrorKind};

/// Where automatic backups stand.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AutoBackupStatus {
    folder: Option<String>,
    keep: u32,
    /// Backups in the folder now.
    files: usize,
    /// The last one this window wrote, or why it failed.
    last: Option<String>,
    error: Option<String>,
}

impl Session {
    /// The automatic backups' folder, count and last outcome.
    pub(crate) fn auto_backup_status(&self) -> Result<AutoBackupStatus, CommandError> {
        if !self.is_unlocked() {
            return Err(CommandError::locked());
        }
        let settings = self.settings().clone();
        let (last, error) = match self.backups.last() {
            Some(Ok(path)) => (Some(path.display().to_string()), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        Ok(AutoBackupStatus {
            files: settings
                .auto_backup_dir
                .as_deref()
                .map(|dir| backup::auto::list(dir).len())
                .unwrap_or(0),
            folder: settings
                .auto_backup_dir
                .map(|dir| dir.display().to_string()),
            keep: settings.auto_backup_keep,
            last,
            error,
        })
    }

    /// Remembers the folder the backup dialog picked; returns it as shown.
    pub(crate) fn pick_backup_folder(&self, folder: std::path::PathBuf) -> String {
        let shown = folder.display().to_string();
        guard(&self.import).backup_folder = Some(folder);
        shown
    }

    /// Turns automatic backups on in the folder the dialog picked: the first backup is
    /// written at once, then the backup passphrase's key goes to the keyring and the
    /// settings name the folder. Nothing is switched on if any step fails.
    pub(crate) fn enable_auto_backups(
        &self,
        keep: u32,
        passphrase: String,
    ) -> Result<Settings, CommandError> {
        let folder = guard(&self.import).backup_folder.clone().ok_or_else(|| {
            CommandError::new(ErrorKind::Backup, "Choose a folder for the backups first.")
        })?;
        if passphrase.is_empty() {
            return Err(CommandError::new(
                ErrorKind::EmptyPassphrase,
                "Choose a passphrase for the backups.",
            ));
        }
        let key = BackupKey::derive(&Passphrase::new(passphrase), KdfParams::default())?;
        let mut next = self.settings().clone();
        next.auto_backup_dir = Some(folder.clone());
        next.auto_backup_keep = keep;
        next.check()?;
        let now = self.clock_now();
        self.with_vault(|vault| {
            backup::auto::write_rotating(&folder, keep as usize, vault.accounts(), &key, now)?;
            Ok(backup::auto::keep_key(vault, &key)?)
        })?;
        // The vault lock is released before the settings lock is taken (never both at once).
        self.replace_backup_settings(next)
    }

    /// Turns automatic backups off (the files already written stay) and
    /// forgets their key.
    pub(crate) fn disable_auto_backups(&self) -> Result<Settings, CommandError> {
        let mut next = self.settings().clone();
        next.auto_backup_dir = None;
        // Off first, so forgetting the key (a vault change) writes no backup.
        let saved = self.replace_backup_settings(next)?;
        self.with_vault(|vault| Ok(backup::auto::forget_key(vault)?))?;
        Ok(saved)
    }

    /// Whether the window reminds the user that nothing backs the codes up.
    pub(crate) fn backup_reminder_due(&self) -> Result<bool, CommandError> {
        let settings = self.settings().clone();
        self.with_vault(|vault| Ok(backup::auto::reminder_due(&settings, vault.accounts())))
    }

    /// Sets the "backups are off" reminder aside until the next new account.
    pub(crate) fn dismiss_backup_reminder(&self) -> Result<Settings, CommandError> {
        let mut next = self.settings().clone();
        next.backup_reminder_dismissed = Some(self.clock_now());
        self.replace_backup_settings(next)
    }

    /// Saves `next`'s backup choice with the current preferences, and follows it.
    fn replace_backup_settings(&self, next: Settings) -> Result<Settings, CommandError> {
        let mut settings = self.settings();
        let next = next.keeping_preferences_of(&settings);
        next.save(&self.dir)?;
        self.backups.configure(&next);
        *settings = next.clone();
        Ok(next)
    }
}
