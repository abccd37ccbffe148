//! How CLI commands reach the vault: the folder, and the passphrase from a
//! file or the environment (never from an argument, which `ps` would show).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use watchword_core::backup::auto::AutoBackups;
use watchword_core::settings::Settings;
use watchword_core::sync::SyncListener;
use watchword_core::vault::{ChangeKind, Committed, VaultListener};
use watchword_core::{Passphrase, Unlock, Vault, VaultDir};

/// Passphrase options shared by every vault command.
#[derive(Debug, Clone, clap::Args)]
pub struct PassphraseArgs {
    /// Read the vault passphrase from this file (first line); else WATCHWORD_PASSPHRASE.
    #[arg(long, value_name = "FILE", global = true)]
    passphrase_file: Option<PathBuf>,
}

impl PassphraseArgs {
    /// The vault passphrase from `file` (else the environment).
    pub fn from_file(passphrase_file: Option<PathBuf>) -> Self {
        Self { passphrase_file }
    }

    /// The passphrase, if one was supplied.
    pub fn passphrase(&self) -> anyhow::Result<Option<Passphrase>> {
        read_passphrase(self.passphrase_file.as_ref(), "WATCHWORD_PASSPHRASE")
    }

    /// Keyring first, then the passphrase.
    pub fn unlock(&self) -> anyhow::Result<Unlock> {
        Ok(Unlock {
            keyring: true,
            passphrase: self.passphrase()?,
        })
    }

    /// Opens the vault in `WATCHWORD_DIR` (or the platform data folder).
    pub fn open(&self) -> anyhow::Result<Vault> {
        let dir = VaultDir::from_env();
        let mut vault = Vault::open(&dir, &self.unlock()?)?;
        if let Some(problem) = vault.keyring_problem() {
            eprintln!("watchword: note: {problem}; opened with the passphrase");
        }
        let narrowed = vault.narrowed_permissions().len();
        if narrowed > 0 {
            eprintln!(
                "watchword: note: made {narrowed} files and folders in {} readable by you only (other users could read them)",
                dir.root().display()
            );
        }
        follow_with_backups(&mut vault, &dir);
        Ok(vault)
    }
}

/// Writes automatic backups after this command's changes when the settings turn
/// them on, as the desktop does; settings that cannot be read are said once. A
/// backup key an older version left in the keyring moves into the vault.
/// When sync is set up, this computer's sync file is written after each change.
pub fn follow_with_backups(vault: &mut Vault, dir: &VaultDir) {
    vault.listen(Arc::new(ReportedSync(SyncListener::new())));
    if let Err(problem) = watchword_core::backup::auto::adopt_legacy_key(vault) {
        eprintln!("watchword: note: the automatic backup key stays where it was: {problem}");
    }
    match Settings::load(dir) {
        Ok(settings) => vault.listen(Arc::new(ReportedBackups(AutoBackups::new(&settings)))),
        Err(problem) => eprintln!("watchword: note: {problem}; no automatic backup is written"),
    }
}

/// Automatic backups whose failure is said on stderr (the change itself stands).
struct ReportedBackups(AutoBackups);

impl VaultListener for ReportedBackups {
    fn committed(&self, change: &Committed<'_>) {
        self.0.committed(change);
        if change.kind != ChangeKind::Content {
            return;
        }
        if let Some(Err(problem)) = self.0.last() {
            eprintln!("watchword: warning: the automatic backup failed: {problem}");
        }
    }
}

/// Sync files whose write failed are said on stderr (the change itself stands).
struct ReportedSync(SyncListener);

impl VaultListener for ReportedSync {
    fn committed(&self, change: &Committed<'_>) {
        self.0.committed(change);
        if change.kind != ChangeKind::Content {
            return;
        }
        if let Some(Err(problem)) = self.0.last() {
            eprintln!("watchword: warning: the sync file was not written: {problem}");
        }
    }
}

/// A passphrase from `file`, else from the environment variable `variable`.
pub fn read_passphrase(
    file: Option<&PathBuf>,
    variable: &str,
) -> anyhow::Result<Option<Passphrase>> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the passphrase file {}", path.display()))?;
        let first = text.lines().next().unwrap_or("").to_owned();
        return Ok(Some(Passphrase::new(first)));
    }
    Ok(std::env::var(variable).ok().map(Passphrase::new))
}
