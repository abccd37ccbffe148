//! The encrypted vault: one file holding every account, sealed with a random
//! master key that key slots (OS keyring, passphrase) wrap.
//!
//! Guarantees: nothing in plaintext on disk; a write is atomic (old or new
//! version, never neither); the last versions are kept in `backups/`; a file
//! that fails to parse or authenticate is reported and never overwritten; one
//! writer at a time (a lock file), and writers merge with changes other
//! processes made since they loaded.

mod access;
mod commit;
mod container;
pub(crate) mod crypto;
mod dir;
mod edits;
mod error;
mod history;
pub mod keyring;
pub mod listen;
mod open;
pub(crate) mod slots;
mod throttle;

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::account::{self, Account, StoredAccount};
use crate::clock::Clock;
use container::Header;
pub use crypto::KdfParams;
use crypto::Key;
pub use dir::VaultDir;
pub use edits::AccountEdit;
pub use error::VaultError;
pub use history::Backup;
pub use keyring::KeyringError;
pub use listen::{ChangeKind, Committed, VaultListener};
pub use open::{CreateOptions, Start, Unlock, VaultStatus};
pub use slots::Passphrase;
use slots::Slot;

/// Versions kept in `backups/`.
pub const BACKUPS_KEPT: usize = 10;

/// The decrypted payload.
#[derive(Serialize, Deserialize)]
struct Contents {
    accounts: Vec<StoredAccount>,
}

/// An unlocked vault. Secrets stay in zeroizing memory; every change is
/// written through before the method returns.
pub struct Vault {
    dir: VaultDir,
    header: Header,
    master: Key,
    accounts: Vec<Account>,
    keyring_problem: Option<KeyringError>,
    /// Told of every committed change, after the writer lock is released.
    listeners: Vec<Arc<dyn VaultListener>>,
    /// Stamps accounts, kept versions and announcements.
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("file", &self.dir.file())
            .field("generation", &self.header.generation)
            .field("accounts", &self.accounts.len())
            .finish_non_exhaustive()
    }
}

/// Whether a write sets the previous version aside in `backups/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Backup,
    NoBackup,
}

impl Vault {
    /// Why the keyring did not open the vault, when something else did.
    pub fn keyring_problem(&self) -> Option<&KeyringError> {
        self.keyring_problem.as_ref()
    }

    /// The folder it lives in.
    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    /// Every account, in manual sort order.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Writes so far (changes when another process writes too).
    pub fn generation(&self) -> u64 {
        self.header.generation
    }

    /// Whether a keyring slot exists.
    pub fn has_keyring_slot(&self) -> bool {
        self.header.slots.iter().any(Slot::is_keyring)
    }

    /// Whether a passphrase slot exists.
    pub fn has_passphrase_slot(&self) -> bool {
        self.header.slots.iter().any(|s| !s.is_keyring())
    }

    /// One account by id or unique name.
    pub fn find(&self, query: &str) -> Result<&Account, VaultError> {
        Ok(account::find(&self.accounts, query)?)
    }

    /// Re-reads the file if another process changed it; true when it did.
    pub fn reload_if_changed(&mut self) -> Result<bool, VaultError> {
        let sealed = self.dir.read()?;
        if sealed.header == self.header {
            return Ok(false);
        }
        if sealed.header.vault_id != self.header.vault_id {
            return Err(VaultError::Replaced(self.dir.file()));
        }
        self.accounts = decrypt_accounts(&self.dir.file(), &sealed, &self.master)?;
        self.header = sealed.header;
        Ok(true)
    }

    /// The vault's random id: binds keyring items (slot keys, the automatic
    /// backup key) to this vault.
    pub fn id(&self) -> &str {
        &self.header.vault_id
    }

    /// Tells `listener` of every change committed through this handle from now
    /// on (automatic backups, the tray, sync), so the vault itself knows
    /// nothing of what follows a change.
    pub fn listen(&mut self, listener: Arc<dyn VaultListener>) {
        self.listeners.push(listener);
    }

    /// Uses `clock` from now on (tests, benchmarks).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }
}

fn decrypt_accounts(
    path: &Path,
    sealed: &container::Sealed,
    master: &Key,
) -> Result<Vec<Account>, VaultError> {
    let plaintext = crypto::open(master, &sealed.payload, &sealed.aad)
        .ok_or_else(|| VaultError::Tampered(path.to_owned()))?;
    let contents: Contents =
        serde_json::from_slice(&plaintext).map_err(|e| VaultError::Corrupt {
            path: path.to_owned(),
            detail: format!("content: {e}"),
        })?;
    contents
        .accounts
        .into_iter()
        .enumerate()
        .map(|(index, stored)| {
            stored
                .into_account()
                .map_err(|detail| VaultError::BadAccount {
                    path: path.to_owned(),
                    index,
                    detail,
                })
        })
        .collect()
}
