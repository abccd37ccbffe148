//! Stamping local changes: the vault's one change path calls this after every
//! edit, so each edit path is stamped for sync without knowing of it.

use std::collections::HashMap;

use super::fields::{ALIVE, FIELDS, counter};
use super::stamp::{Stamp, TOMBSTONE_DAYS, Tombstone, Tombstones, newest};
use crate::account::Account;

/// The newest stamp the vault holds (fields and tombstones).
pub fn highest(accounts: &[Account], tombstones: &Tombstones) -> Stamp {
    let fields = accounts.iter().map(|a| newest(&a.clocks));
    let deletions = tombstones.values().map(|t| t.stamp.clone());
    fields.chain(deletions).max().unwrap_or_default()
}

/// Stamps what changed from `before` to `after`: a field whose value changed
/// while its stamp did not (a merge brings its own stamp), a deletion without
/// a tombstone, an account back while a tombstone says it was deleted (an
/// undo: it gets an `alive` stamp that outlives the tombstone). Tombstones
/// older than [`TOMBSTONE_DAYS`] are forgotten.
pub fn stamp_changes(
    before: &[Account],
    after: &mut [Account],
    tombstones: &mut Tombstones,
    device: &str,
    now: u64,
) {
    let seen = highest(before, tombstones).max(highest(after, &Tombstones::new()));
    let stamp = Stamp::next(now, &seen, device);
    let old: HashMap<&str, &Account> = before.iter().map(|a| (a.id.as_str(), a)).collect();
    for account in after.iter_mut() {
        match old.get(account.id.as_str()) {
            Some(previous) => {
                for field in FIELDS {
                    if (field.value)(account) != (field.value)(previous)
                        && account.clocks.get(field.name) == previous.clocks.get(field.name)
                    {
                        account.clocks.insert(field.name.to_owned(), stamp.clone());
                    }
                }
            }
            None => {
                if tombstones.remove(&account.id).is_some() {
                    account.clocks.insert(ALIVE.to_owned(), stamp.clone());
                }
            }
        }
    }
    let kept: std::collections::HashSet<&str> = after.iter().map(|a| a.id.as_str()).collect();
    for gone in before.iter().filter(|a| !kept.contains(a.id.as_str())) {
        tombstones
            .entry(gone.id.clone())
            .or_insert_with(|| Tombstone {
                stamp: stamp.clone(),
                at: now,
                counter: counter(gone),
            });
    }
    forget_old(tombstones, now);
}

/// Drops tombstones older than [`TOMBSTONE_DAYS`].
pub fn forget_old(tombstones: &mut Tombstones, now: u64) {
    let horizon = now.saturating_sub(TOMBSTONE_DAYS * 86_400);
    tombstones.retain(|_, t| t.at >= horizon);
}
