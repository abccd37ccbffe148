//! The clocks sync orders changes by: a stamp per field of every account, and
//! tombstones for deletions. Kept in the vault (encrypted, with the accounts)
//! so every computer decides the same way from the same stamps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// When a field was last set and by which vault: ordered by `t`, then `d`, so
/// two computers always agree which of two stamps is newer.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Hybrid logical clock: milliseconds, never below a stamp already seen.
    pub t: u64,
    /// The vault id that set it (the tie-break).
    pub d: String,
}

impl Stamp {
    /// A fresh stamp from `device` at `now_secs`, newer than `seen`.
    pub fn next(now_secs: u64, seen: &Stamp, device: &str) -> Stamp {
        Stamp {
            t: now_secs.saturating_mul(1000).max(seen.t + 1),
            d: device.to_owned(),
        }
    }
}

/// The stamp of each field by name (a field without one is as created).
pub type Clocks = BTreeMap<String, Stamp>;

/// A value that lost to a newer one during sync, kept so the user can get it back.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Superseded {
    /// Which field.
    pub field: String,
    /// The value it had, as shown (JSON for values that are not text).
    pub value: String,
    /// The stamp that value had.
    pub stamp: Stamp,
}

/// Values kept in an account's history.
pub const HISTORY_KEPT: usize = 20;

/// A deleted account: its stamp (an account survives it only with a newer
/// stamp) and when it was deleted, to forget it after [`TOMBSTONE_DAYS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// When and where it was deleted, on the fields' clock.
    pub stamp: Stamp,
    /// Unix seconds of the deletion.
    pub at: u64,
    /// The HOTP counter it had: an account that outlives the tombstone (an
    /// edit elsewhere after the deletion) keeps at least this counter, so a
    /// code used before the deletion is not shown again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
}

/// Tombstones by account id.
pub type Tombstones = BTreeMap<String, Tombstone>;

/// How long a deletion is remembered: long enough for a computer that was off for months.
pub const TOMBSTONE_DAYS: u64 = 400;

/// The newest stamp among `clocks`.
pub fn newest(clocks: &Clocks) -> Stamp {
    clocks.values().max().cloned().unwrap_or_default()
}

/// Merges two histories: the union, newest first, at most [`HISTORY_KEPT`].
pub fn merge_history(a: &[Superseded], b: &[Superseded]) -> Vec<Superseded> {
    let mut all: Vec<Superseded> = a.iter().chain(b).cloned().collect();
    all.sort_by(|x, y| y.cmp(x));
    all.dedup();
    all.sort_by(|x, y| (&y.stamp, &y.field, &y.value).cmp(&(&x.stamp, &x.field, &x.value)));
    all.truncate(HISTORY_KEPT);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_stamp_is_newer_than_what_was_seen_even_with_a_clock_behind() {
        let seen = Stamp {
            t: 5_000_000,
            d: "b".into(),
        };
        let next = Stamp::next(1, &seen, "a");
        assert!(next > seen, "{next:?}");
        assert_eq!(Stamp::next(10_000, &seen, "a").t, 10_000_000);
        // Ties on time are broken by the device, the same way everywhere.
        let x = Stamp {
            t: 7,
            d: "a".into(),
        };
        let y = Stamp {
            t: 7,
            d: "b".into(),
        };
        assert!(y > x);
    }

    #[test]
    fn histories_merge_to_the_same_list_in_any_order() {
        let h = |f: &str, v: &str, t: u64| Superseded {
            field: f.into(),
            value: v.into(),
            stamp: Stamp { t, d: "d".into() },
        };
        let a = vec![h("note", "x", 3), h("name", "y", 5)];
        let b = vec![h("note", "x", 3), h("note", "z", 9)];
        assert_eq!(merge_history(&a, &b), merge_history(&b, &a));
        assert_eq!(merge_history(&a, &b).len(), 3);
        let many: Vec<_> = (0..50).map(|t| h("note", "v", t)).collect();
        let merged = merge_history(&many, &[]);
        assert_eq!(merged.len(), HISTORY_KEPT);
        assert_eq!(merged[0].stamp.t, 49);
    }
}
