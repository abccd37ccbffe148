//! What the shell holds between commands: where the vault is, the vault while
//! unlocked, what is waiting to be enrolled, the last deletion (for undo), the
//! settings and the clipboard the app serves codes from.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use watchword_core::clipboard::CodeClipboard;
use watchword_core::enroll::Findings;
use watchword_core::settings::Settings;
use watchword_core::{Account, Start, Vault, VaultDir, VaultError};

use crate::error::CommandError;

/// Shared by every command through Tauri's managed state.
pub struct AppState {
    /// `WATCHWORD_DIR` or the platform data folder, like the CLI.
    pub dir: VaultDir,
    vault: Mutex<Option<Vault>>,
    pending: Mutex<Option<Findings>>,
    import: Mutex<ImportSession>,
    deleted: Mutex<Option<Account>>,
    settings: Mutex<Settings>,
    /// Why the saved settings could not be read, shown once in the UI.
    pub settings_problem: Option<String>,
    clipboard: OnceLock<Result<Arc<CodeClipboard>, String>>,
    deferred: Mutex<Vec<String>>,
    opening: Mutex<Option<std::thread::JoinHandle<Result<Start, VaultError>>>>,
    /// When the shell started, for the startup trace.
    pub started: std::time::Instant,
}

/// The file the import wizard picked (only files the shell's dialog picked are
/// read, never a path from the webview) and the preview waiting for confirmation.
#[derive(Debug, Default)]
pub struct ImportSession {
    /// The picked file.
    pub path: Option<std::path::PathBuf>,
    /// What reading it found, until confirmed or cancelled.
    pub preview: Option<watchword_core::import::ImportPreview>,
    /// The folder the automatic-backup dialog picked (the webview never names one).
    pub backup_folder: Option<std::path::PathBuf>,
}

/// A poisoned lock only means a panic elsewhere; the data is still whole,
/// and the user must not be locked out because of it.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// State for the vault in `dir`, locked, with its saved settings.
    pub fn new(dir: VaultDir) -> Self {
        let (settings, settings_problem) = match Settings::load(&dir) {
            Ok(settings) => (settings, None),
            Err(problem) => (Settings::default(), Some(problem.to_string())),
        };
        Self {
            dir,
            vault: Mutex::new(None),
            pending: Mutex::new(None),
            import: Mutex::new(ImportSession::default()),
            deleted: Mutex::new(None),
            settings: Mutex::new(settings),
            settings_problem,
            clipboard: OnceLock::new(),
            deferred: Mutex::new(Vec::new()),
            opening: Mutex::new(None),
            started: std::time::Instant::now(),
        }
    }

    /// Starts opening the vault through the keyring on a thread of its own,
    /// while the window and its page load; `start_vault` collects the result.
    pub fn begin_opening(&self) {
        let dir = self.dir.clone();
        *guard(&self.opening) = Some(std::thread::spawn(move || Vault::start(&dir)));
    }

    /// The launch's `Vault::start`: the one begun early if there is one.
    pub fn start_vault(&self) -> Result<Start, VaultError> {
        let early = guard(&self.opening).take();
        match early.map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            // Not begun, or the thread panicked: open here.
            _ => Vault::start(&self.dir),
        }
    }

    /// The unlocked vault slot.
    pub fn vault(&self) -> MutexGuard<'_, Option<Vault>> {
        guard(&self.vault)
    }

    /// Runs `f` on the unlocked vault, picking up changes the CLI made meanwhile.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut slot = self.vault();
        let vault = slot.as_mut().ok_or_else(CommandError::locked)?;
        vault.reload_if_changed()?;
        f(vault)
    }

    /// Accounts waiting for the user to confirm them.
    pub fn pending(&self) -> MutexGuard<'_, Option<Findings>> {
        guard(&self.pending)
    }

    /// The import wizard's file and preview.
    pub fn import(&self) -> MutexGuard<'_, ImportSession> {
        guard(&self.import)
    }

    /// The account deleted last, until undone or replaced.
    pub fn deleted(&self) -> MutexGuard<'_, Option<Account>> {
        guard(&self.deleted)
    }

    /// With `WATCHWORD_STARTUP_TRACE` set, says on stderr how long after start
    /// `what` happened (the launch benchmark reads these lines).
    pub fn trace(&self, what: &str) {
        if std::env::var_os("WATCHWORD_STARTUP_TRACE").is_some() {
            eprintln!(
                "watchword-desktop: {what} after {} ms",
                self.started.elapsed().as_millis()
            );
        }
    }

    /// Links that arrived while the vault was locked, kept until it opens.
    pub fn deferred(&self) -> MutexGuard<'_, Vec<String>> {
        guard(&self.deferred)
    }

    /// The current settings.
    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        guard(&self.settings)
    }

    /// The clipboard, connected on first use and kept for the app's life.
    pub fn clipboard(&self) -> Result<Arc<CodeClipboard>, CommandError> {
        self.clipboard
            .get_or_init(|| {
                CodeClipboard::new()
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|message| CommandError::new("clipboard", message))
    }

    /// Forgets the vault and everything taken from it: what is left in memory
    /// is metadata the UI already had.
    pub fn lock(&self) {
        *self.vault() = None;
        *self.pending() = None;
        *self.deleted() = None;
        // An import preview holds decrypted secrets: it goes with the lock.
        let mut import = self.import();
        import.path = None;
        import.preview = None;
    }
}
