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

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::{self, Account, StoredAccount};
use crate::clock::Clock;
use crate::sync::stamp::Tombstones;
use container::Header;
pub use crypto::KdfParams;
use crypto::Key;
pub use dir::VaultDir;
pub use edits::{AccountChanges, AccountEdit, IconChoice};
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
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    secrets: Secrets,
    /// Deleted accounts sync still has to tell other computers of.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    tombstones: Tombstones,
}

/// Key material other features keep inside the vault (the automatic backups'
/// key, later sync's), by name: protected by the vault's own slots and nowhere
/// else, so the passphrase guards it like the accounts.
pub type Secrets = BTreeMap<String, Zeroizing<String>>;

/// An unlocked vault. Secrets stay in zeroizing memory; every change is
/// written through before the method returns.
pub struct Vault {
    dir: VaultDir,
    header: Header,
    master: Key,
    accounts: Vec<Account>,
    secrets: Secrets,
    tombstones: Tombstones,
    keyring_problem: Option<KeyringError>,
    /// Files and folders opening narrowed to owner-only, to say once.
    narrowed: Vec<std::path::PathBuf>,
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
        if sealed.header.generation < self.header.generation {
            return Err(VaultError::RolledBack {
                path: self.dir.file(),
                found: sealed.header.generation,
                seen: self.header.generation,
            });
        }
        (self.accounts, self.secrets, self.tombstones) =
            decrypt_contents(&self.dir.file(), &sealed, &self.master)?;
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

    /// What opening narrowed to owner-only (files an older version or a wide
    /// umask left readable by others), for the front end to say once.
    pub fn narrowed_permissions(&self) -> &[std::path::PathBuf] {
        &self.narrowed
    }

    /// Deleted accounts sync remembers (see `sync`).
    pub fn tombstones(&self) -> &Tombstones {
        &self.tombstones
    }

    /// The secret kept inside the vault under `name`, if any.
    pub fn secret(&self, name: &str) -> Option<&str> {
        self.secrets.get(name).map(|value| value.as_str())
    }

    /// Keeps `value` inside the vault under `name` (`None` removes it): a
    /// change like any other, written through and announced.
    pub fn set_secret(
        &mut self,
        name: &str,
        value: Option<Zeroizing<String>>,
    ) -> Result<(), VaultError> {
        self.change(|_, _, secrets| {
            match value {
                Some(value) => secrets.insert(name.to_owned(), value),
                None => secrets.remove(name),
            };
            Ok(())
        })
    }
}

/// The accounts and secrets in `sealed`, opened with `master`.
fn decrypt_contents(
    path: &Path,
    sealed: &container::Sealed,
    master: &Key,
) -> Result<(Vec<Account>, Secrets, Tombstones), VaultError> {
    let plaintext = crypto::open(master, &sealed.payload, &sealed.aad)
        .ok_or_else(|| VaultError::Tampered(path.to_owned()))?;
    let contents: Contents =
        serde_json::from_slice(&plaintext).map_err(|e| VaultError::Corrupt {
            path: path.to_owned(),
            detail: format!("content: {e}"),
        })?;
    let accounts = contents
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
        .collect::<Result<_, _>>()?;
    Ok((accounts, contents.secrets, contents.tombstones))
}
