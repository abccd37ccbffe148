//! Change announcements: after a change is on disk and the writer lock is
//! released, the vault tells its listeners what it now holds. Automatic
//! backups, the tray and sync follow the vault this way, so the vault knows
//! nothing of them and a slow listener never holds other writers up.

use super::Secrets;
use crate::account::Account;
use crate::sync::stamp::Tombstones;

/// What kind of change was committed, for listeners that act on some only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Accounts or the ways in changed: worth a backup.
    Content,
    /// Only usage counts changed (a copy): no content worth a backup.
    Usage,
}

/// A change as committed: the vault's id and generation, every account and
/// the secrets kept inside the vault after it. (No `Debug`: it holds secrets.)
#[derive(Clone, Copy)]
pub struct Committed<'a> {
    /// What changed.
    pub kind: ChangeKind,
    /// The vault's random id (binds keyring items to it).
    pub vault_id: &'a str,
    /// The generation now on disk.
    pub generation: u64,
    /// Every account after the change, in manual order.
    pub accounts: &'a [Account],
    /// The secrets other features keep inside the vault.
    pub secrets: &'a Secrets,
    /// Deleted accounts sync still tells other computers of.
    pub tombstones: &'a Tombstones,
    /// When, by the vault's clock (Unix seconds).
    pub at: u64,
}

impl Committed<'_> {
    /// The secret kept inside the vault under `name`.
    pub fn secret(&self, name: &str) -> Option<&str> {
        self.secrets.get(name).map(|value| value.as_str())
    }
}

/// Something that follows the vault's committed changes.
pub trait VaultListener: Send + Sync {
    /// Called once per committed change, on the thread that made it, after
    /// the writer lock is released. A listener's failure never undoes the
    /// change: it keeps its own outcome for its front end to show.
    fn committed(&self, change: &Committed<'_>);
}
