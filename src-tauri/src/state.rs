//! What the shell holds between commands: where the vault is, and the vault
//! itself while unlocked.

use std::sync::{Mutex, MutexGuard};

use watchword_core::{Vault, VaultDir};

/// Shared by every command through Tauri's managed state.
pub struct AppState {
    /// `WATCHWORD_DIR` or the platform data folder, like the CLI.
    pub dir: VaultDir,
    vault: Mutex<Option<Vault>>,
}

impl AppState {
    /// State for the vault in `dir`, locked.
    pub fn new(dir: VaultDir) -> Self {
        Self {
            dir,
            vault: Mutex::new(None),
        }
    }

    /// The unlocked vault slot. A panic elsewhere must not lock the user out.
    pub fn vault(&self) -> MutexGuard<'_, Option<Vault>> {
        self.vault
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
