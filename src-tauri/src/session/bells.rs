//! Waking the background threads (sync, followed folders) when something they
//! look at may have changed: a change of the vault (one more vault listener),
//! an unlock, a lock. They wait on a file watcher or a slow poll otherwise, so
//! nothing polls every few seconds.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use watchword_core::sync::watch::Ringer;
use watchword_core::vault::{Committed, VaultListener};

/// The ringers of the watches threads wait on, and how many unlocks happened.
#[derive(Debug, Default)]
pub(crate) struct Bells {
    ringers: Mutex<Vec<Ringer>>,
    unlocks: AtomicU64,
}

impl Bells {
    /// Rings `ringer` (along with the others) from now on, until its watch is gone.
    pub(crate) fn add(&self, ringer: Ringer) {
        super::guard(&self.ringers).push(ringer);
    }

    /// Wakes every waiting watch; forgets those that are gone.
    pub(crate) fn ring(&self) {
        super::guard(&self.ringers).retain(Ringer::ring);
    }

    /// The vault was unlocked: counted (a thread sees it was, even when it
    /// slept through a lock and an unlock) and rung.
    pub(crate) fn unlocked(&self) {
        self.unlocks.fetch_add(1, Ordering::SeqCst);
        self.ring();
    }

    /// How many watches wait to be rung (tests: a thread waits on a bell,
    /// not on a timer).
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        super::guard(&self.ringers).len()
    }

    /// How many unlocks so far.
    pub(crate) fn unlocks(&self) -> u64 {
        self.unlocks.load(Ordering::SeqCst)
    }
}

impl VaultListener for Bells {
    fn committed(&self, _change: &Committed<'_>) {
        self.ring();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use watchword_core::sync::watch::{Wake, Watch};

    use super::*;

    #[test]
    fn an_unlock_rings_every_watch_and_gone_ones_are_forgotten() {
        let bells = Bells::default();
        let (one, two) = (
            Watch::idle(Duration::from_secs(30)),
            Watch::idle(Duration::from_secs(30)),
        );
        bells.add(one.ringer());
        bells.add(two.ringer());
        bells.unlocked();
        assert_eq!(bells.unlocks(), 1);
        assert_eq!(one.wait(), Wake::Rung);
        assert_eq!(two.wait(), Wake::Rung);
        drop(two);
        bells.ring();
        assert_eq!(one.wait(), Wake::Rung);
        assert_eq!(bells.waiting(), 1);
    }
}
