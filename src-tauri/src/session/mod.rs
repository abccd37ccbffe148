//! The desktop session: what the shell holds between commands (the vault while
//! unlocked, a staged preview, the last deletion, the settings, the clipboard)
//! and everything commands, the tray, deep links and drops do with it. Commands
//! stay thin by calling here; nothing here knows about one command or another.

mod access;
mod accounts;
mod backups;
mod bells;
mod follow;
mod follow_watch;
mod hand;
mod icons;
mod staging;
mod sync;
mod transfer;

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use watchword_core::backup::auto::AutoBackups;
use watchword_core::clipboard::CodeClipboard;
use watchword_core::settings::Settings;
use watchword_core::vault::VaultListener;
use watchword_core::{Account, Start, Vault, VaultDir, VaultError};

pub(crate) use access::{Locked, Security, VaultState};
pub(crate) use accounts::Copied;
pub(crate) use backups::AutoBackupStatus;
pub(crate) use follow::{FollowWaiting, FollowedFolder};
pub(crate) use hand::CloseAction;
pub(crate) use icons::{IconOption, IconSetting, PackImported};
pub(crate) use staging::{Arrival, ManualOutcome, Staged, is_link};
pub(crate) use sync::{SyncState, VaultChanged};
pub(crate) use transfer::{ExportOutcome, PickedImport, export_formats, import_formats};

use crate::error::{CommandError, ErrorKind};

/// Shared by every command through Tauri's managed state.
pub(crate) struct Session {
    /// `WATCHWORD_DIR` or the platform data folder, like the CLI.
    pub(crate) dir: VaultDir,
    vault: Mutex<Option<Vault>>,
    /// The staged preview's id and what it found, until confirmed or cancelled.
    staged: Mutex<Option<(String, watchword_core::enroll::Findings)>>,
    import: Mutex<transfer::ImportSession>,
    deleted: Mutex<Option<Account>>,
    settings: Mutex<Settings>,
    clipboard: OnceLock<Result<Arc<CodeClipboard>, String>>,
    /// Links that arrived while locked, kept until the vault opens.
    waiting_links: Mutex<Vec<String>>,
    opening: Mutex<Option<std::thread::JoinHandle<Result<Start, VaultError>>>>,
    /// Automatic backups follow every vault this session opens.
    backups: Arc<AutoBackups>,
    /// This computer's sync file follows every vault this session opens.
    sync: Arc<watchword_core::sync::SyncListener>,
    /// Wake the sync and followed-folder threads on changes and unlocks.
    bells: Arc<bells::Bells>,
    /// Until when the sync pairing code is on offer (shown on demand only).
    pairing: Mutex<Option<std::time::Instant>>,
    /// Others that follow the vault's changes (the tray).
    followers: Mutex<Vec<Arc<dyn VaultListener>>>,
    /// When the shell started, for the startup trace.
    started: std::time::Instant,
}

/// A poisoned lock only means a panic elsewhere; the data is still whole,
/// and the user must not be locked out because of it.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// A locked session for the vault in `dir`, with its saved settings.
    pub(crate) fn new(dir: VaultDir) -> Self {
        // A damaged settings file gives the defaults until the user saves.
        let settings = Settings::load(&dir).unwrap_or_default();
        Self {
            backups: Arc::new(AutoBackups::new(&settings)),
            sync: Arc::new(watchword_core::sync::SyncListener::new()),
            bells: Arc::new(bells::Bells::default()),
            dir,
            vault: Mutex::new(None),
            staged: Mutex::new(None),
            import: Mutex::new(transfer::ImportSession::default()),
            deleted: Mutex::new(None),
            settings: Mutex::new(settings),
            clipboard: OnceLock::new(),
            waiting_links: Mutex::new(Vec::new()),
            opening: Mutex::new(None),
            followers: Mutex::new(Vec::new()),
            pairing: Mutex::new(None),
            started: std::time::Instant::now(),
        }
    }

    /// Starts opening the vault through the keyring on a thread of its own,
    /// while the window and its page load; `vault_start` collects the result.
    pub(crate) fn begin_opening(&self) {
        let dir = self.dir.clone();
        *guard(&self.opening) = Some(std::thread::spawn(move || Vault::start(&dir)));
    }

    /// The launch's `Vault::start`: the one begun early if there is one.
    fn start_vault(&self) -> Result<Start, VaultError> {
        let early = guard(&self.opening).take();
        match early.map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            // Not begun, or the thread panicked: open here.
            _ => Vault::start(&self.dir),
        }
    }

    /// Makes `listener` follow every vault this session opens from now on.
    pub(crate) fn follow(&self, listener: Arc<dyn VaultListener>) {
        if let Some(vault) = self.vault().as_mut() {
            vault.listen(listener.clone());
        }
        guard(&self.followers).push(listener);
    }

    /// Keeps `vault` as the open one, followed by backups and the other
    /// followers; a backup key an older version left in the keyring moves
    /// into the vault.
    fn install(&self, mut vault: Vault) {
        if let Err(problem) = watchword_core::backup::auto::adopt_legacy_key(&mut vault) {
            eprintln!("watchword-desktop: the automatic backup key stays where it was: {problem}");
        }
        vault.listen(self.backups.clone());
        vault.listen(self.sync.clone());
        vault.listen(self.bells.clone());
        for follower in guard(&self.followers).iter() {
            vault.listen(follower.clone());
        }
        *self.vault() = Some(vault);
        self.bells.unlocked();
    }

    /// The unlocked vault slot.
    pub(crate) fn vault(&self) -> MutexGuard<'_, Option<Vault>> {
        guard(&self.vault)
    }

    /// Whether the vault is open in this window.
    pub(crate) fn is_unlocked(&self) -> bool {
        self.vault().is_some()
    }

    /// Runs `f` on the unlocked vault, picking up changes the CLI made meanwhile.
    pub(crate) fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut slot = self.vault();
        let vault = slot.as_mut().ok_or_else(CommandError::locked)?;
        vault.reload_if_changed()?;
        f(vault)
    }

    /// With `WATCHWORD_STARTUP_TRACE` set, says on stderr how long after start
    /// `what` happened (the launch benchmark reads these lines).
    pub(crate) fn trace(&self, what: &str) {
        if std::env::var_os("WATCHWORD_STARTUP_TRACE").is_some() {
            eprintln!(
                "watchword-desktop: {what} after {} ms",
                self.started.elapsed().as_millis()
            );
        }
    }

    /// The current settings.
    pub(crate) fn settings(&self) -> MutexGuard<'_, Settings> {
        guard(&self.settings)
    }

    /// Checks and saves new settings; the old ones stay if that fails. Automatic
    /// backups change only through their own commands (they need the backup
    /// passphrase), so the stored folder and count are kept whatever the page
    /// sends, and so are the flags only the shell sets. A shortcut the
    /// shortcut plugin cannot read is refused by name.
    pub(crate) fn save_settings(&self, settings: Settings) -> Result<Settings, CommandError> {
        crate::shortcut::parse(&settings.global_shortcut)?;
        let mut current = self.settings();
        let settings = settings
            .keeping_auto_backup_of(&current)
            .keeping_shell_flags_of(&current);
        settings.save(&self.dir)?;
        *current = settings.clone();
        Ok(settings)
    }

    /// Empties the clipboard if it still holds the code copied last (the app
    /// locks or quits: the code must not outlive it there).
    pub(crate) fn take_back_clipboard(&self) {
        if let Some(Ok(clipboard)) = self.clipboard.get() {
            let _ = clipboard.clear_last();
        }
    }

    /// The clipboard, connected on first use and kept for the app's life.
    fn clipboard(&self) -> Result<Arc<CodeClipboard>, CommandError> {
        self.clipboard
            .get_or_init(|| {
                CodeClipboard::new()
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|message| CommandError::new(ErrorKind::Clipboard, message))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A vault in `dir` opened by a cheap passphrase (no keyring needed).
    pub(crate) fn unlocked(dir: &std::path::Path) -> Session {
        let vault_dir = VaultDir::new(dir);
        let options = watchword_core::CreateOptions {
            keyring: false,
            passphrase: Some(watchword_core::Passphrase::new("pw")),
            kdf: watchword_core::KdfParams {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
        };
        let vault = Vault::create(&vault_dir, &options).unwrap();
        let session = Session::new(vault_dir);
        session.install(vault);
        session
    }

    #[test]
    fn enrollment_confirm_adds_only_the_preview_shown() {
        let temp = tempfile::tempdir().unwrap();
        let session = unlocked(temp.path());
        let shown = session
            .stage_text("otpauth://totp/Shown:me?secret=JBSWY3DPEHPK3PXP")
            .unwrap();
        // A page fires a link just before "Add" is clicked: it replaces the staged preview.
        let swapped = session
            .stage_text("otpauth://totp/Evil:me?secret=KRSXG5CTMVRXEZLU")
            .unwrap();
        assert_ne!(shown.id, swapped.id);
        let refused = session.confirm_staged(&shown.id).unwrap_err();
        assert_eq!(refused.kind, ErrorKind::NothingPending);
        assert!(session.list().unwrap().is_empty(), "nothing was added");
        // The newer preview is still there, and adds only when named.
        assert_eq!(session.confirm_staged(&swapped.id).unwrap(), 1);
        let added = session.list().unwrap();
        assert_eq!(added[0].issuer.as_deref(), Some("Evil"));
        assert!(session.confirm_staged(&swapped.id).is_err(), "only once");
    }

    #[test]
    fn links_wait_while_locked() {
        let temp = tempfile::tempdir().unwrap();
        let session = Session::new(VaultDir::new(temp.path()));
        let link = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP".to_owned();
        assert!(session.arrival(vec![link.clone()]).is_none());
        assert_eq!(session.take_waiting_links(), [link]);
    }
}
