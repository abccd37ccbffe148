//! The merge: pure and deterministic, so every computer that has seen the
//! same files holds the same accounts, whatever the order it read them in.

use std::collections::HashMap;

use super::fields::{ALIVE, FIELDS, counter, raise_counter};
use super::stamp::{Stamp, Superseded, Tombstones, merge_history, newest};
use super::stamping::forget_old;
use crate::account::Account;

/// What merging one other computer's state changed here (ids and labels).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Accounts that came in, as `(id, label)`.
    pub added: Vec<(String, String)>,
    /// Accounts whose fields or HOTP counter changed.
    pub changed: Vec<(String, String)>,
    /// Accounts deleted there and removed here.
    pub removed: Vec<(String, String)>,
    /// Whether anything here changed at all (clocks and history included):
    /// the vault is written only then.
    pub touched: bool,
}

impl Outcome {
    /// Whether accounts visibly changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Merges another computer's accounts and tombstones into `local`: per field
/// the newer stamp wins (ties: device, then value), the loser kept in the
/// history; the highest HOTP counter wins; an account survives a tombstone
/// only with a newer stamp.
pub fn merge(
    local: &mut Vec<Account>,
    local_tombstones: &mut Tombstones,
    remote: &[Account],
    remote_tombstones: &Tombstones,
    now: u64,
) -> Outcome {
    let mut outcome = Outcome::default();
    for (id, theirs) in remote_tombstones {
        let newer = local_tombstones
            .get(id)
            .is_none_or(|mine| theirs.stamp > mine.stamp);
        let counter = local_tombstones
            .get(id)
            .and_then(|mine| mine.counter)
            .max(theirs.counter);
        if newer {
            local_tombstones.insert(id.clone(), theirs.clone());
            outcome.touched = true;
        }
        if let Some(kept) = local_tombstones.get_mut(id)
            && kept.counter != counter
        {
            kept.counter = counter;
            outcome.touched = true;
        }
    }
    let index: HashMap<String, usize> = local
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    for theirs in remote {
        match index.get(&theirs.id) {
            Some(&i) => {
                let (changed, touched) = merge_account(&mut local[i], theirs);
                if changed {
                    outcome
                        .changed
                        .push((local[i].id.clone(), local[i].label()));
                }
                outcome.touched |= touched;
            }
            None => {
                let deleted = local_tombstones
                    .get(&theirs.id)
                    .is_some_and(|t| t.stamp > newest(&theirs.clocks));
                if !deleted {
                    let mut account = theirs.clone();
                    account.use_count = 0;
                    account.last_used = None;
                    outcome.added.push((account.id.clone(), account.label()));
                    local.push(account);
                    outcome.touched = true;
                }
            }
        }
    }
    let before = local.len();
    local.retain(|account| {
        let Some(tombstone) = local_tombstones.get_mut(&account.id) else {
            return true;
        };
        if tombstone.stamp < newest(&account.clocks) {
            return true;
        }
        // The tombstone remembers the highest counter it removed, in case a
        // later edit elsewhere brings the account back.
        let highest = tombstone.counter.max(counter(account));
        if tombstone.counter != highest {
            tombstone.counter = highest;
        }
        outcome.removed.push((account.id.clone(), account.label()));
        false
    });
    outcome.touched |= local.len() != before;
    // An account that outlived its tombstone keeps the counter it had when
    // deleted, and no longer needs the tombstone.
    for account in local.iter_mut() {
        if let Some(tombstone) = local_tombstones.remove(&account.id) {
            let before = counter(account);
            raise_counter(account, tombstone.counter);
            if counter(account) != before && !outcome.added.iter().any(|(id, _)| *id == account.id)
            {
                outcome.changed.push((account.id.clone(), account.label()));
            }
            outcome.touched = true;
        }
    }
    let tombstones_before = local_tombstones.len();
    forget_old(local_tombstones, now);
    outcome.touched |= local_tombstones.len() != tombstones_before;
    if outcome.touched {
        local.sort_by(|a, b| (a.sort, &a.id).cmp(&(b.sort, &b.id)));
    }
    outcome
}

/// Merges one account field by field: `(visibly changed, changed at all)`.
fn merge_account(mine: &mut Account, theirs: &Account) -> (bool, bool) {
    let mut changed = false;
    let mut touched = false;
    let mut lost = Vec::new();
    let my_counter = counter(mine);
    for field in FIELDS {
        let my_stamp = mine.clocks.get(field.name).cloned().unwrap_or_default();
        let their_stamp = theirs.clocks.get(field.name).cloned().unwrap_or_default();
        let my_value = (field.value)(mine);
        let their_value = (field.value)(theirs);
        if my_value == their_value {
            if their_stamp > my_stamp {
                mine.clocks.insert(field.name.to_owned(), their_stamp);
                touched = true;
            }
            continue;
        }
        let they_win = (&their_stamp, &their_value) > (&my_stamp, &my_value);
        let (loser, loser_stamp) = if they_win {
            (my_value, my_stamp)
        } else {
            (their_value, their_stamp.clone())
        };
        if field.kept && !loser.is_empty() {
            lost.push(Superseded {
                field: field.name.to_owned(),
                value: loser,
                stamp: loser_stamp,
            });
        }
        if they_win {
            (field.copy)(mine, theirs);
            mine.clocks.insert(field.name.to_owned(), their_stamp);
            changed = true;
        }
    }
    let their_alive = theirs.clocks.get(ALIVE);
    if their_alive.is_some() && their_alive > mine.clocks.get(ALIVE) {
        mine.clocks
            .insert(ALIVE.to_owned(), their_alive.cloned().unwrap_or_default());
        touched = true;
    }
    // The token may have come from them: the highest counter of both stays.
    raise_counter(mine, my_counter);
    raise_counter(mine, counter(theirs));
    changed |= counter(mine) != my_counter;
    let history = merge_history(&mine.history, &merge_history(&theirs.history, &lost));
    if history != mine.history {
        mine.history = history;
        touched = true;
    }
    (changed, touched || changed)
}

/// One account as [`fingerprint`] compares it.
pub type Fingerprint = (
    String,
    Vec<String>,
    Option<u64>,
    Vec<(String, Stamp)>,
    Vec<Superseded>,
);

/// What two computers must agree on once they have read each other's files:
/// every account's fields (as text), counter, clocks and history, in id order.
pub fn fingerprint(accounts: &[Account]) -> Vec<Fingerprint> {
    let mut all: Vec<_> = accounts
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                FIELDS.iter().map(|f| (f.value)(a)).collect(),
                counter(a),
                a.clocks
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                a.history.clone(),
            )
        })
        .collect();
    all.sort();
    all
}
