//! Slows down passphrase guessing: after a few wrong passphrases each further
//! attempt must wait, doubling each time. Kept in a file beside the vault so a
//! fresh process (the CLI in a loop) waits too, and checked, tried and
//! recorded under a lock so processes guessing side by side all count.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Wrong attempts allowed before any waiting.
const FREE_ATTEMPTS: u32 = 3;
/// The longest wait, in seconds.
const MAX_WAIT: u64 = 300;

/// Failed-unlock bookkeeping for one vault folder.
pub(crate) struct Throttle {
    path: PathBuf,
    lock: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    failures: u32,
    last_failure: u64,
}

/// Holds the throttle's lock while a passphrase is checked and its outcome
/// recorded: another process's attempt waits, then sees this one counted.
pub(crate) struct Attempt<'a> {
    throttle: &'a Throttle,
    _lock: Option<File>,
}

impl Throttle {
    pub(crate) fn new(folder: &Path) -> Self {
        Self {
            path: folder.join("unlock-failures.json"),
            lock: folder.join("unlock-failures.lock"),
        }
    }

    fn read(&self) -> Record {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Seconds to wait after `failures` wrong passphrases.
    pub(crate) fn wait_after(failures: u32) -> u64 {
        if failures < FREE_ATTEMPTS {
            return 0;
        }
        1u64.checked_shl(failures - FREE_ATTEMPTS)
            .unwrap_or(MAX_WAIT)
            .min(MAX_WAIT)
    }

    /// `Some(seconds)` while the caller must wait before trying again. A last
    /// failure stamped in the future (the clock was set back) counts as now,
    /// so the wait never exceeds what the failures call for.
    pub(crate) fn must_wait(&self, now: u64) -> Option<u64> {
        let record = self.read();
        let wait = Self::wait_after(record.failures);
        if wait == 0 {
            return None;
        }
        let ready_at = record.last_failure.min(now).saturating_add(wait);
        (now < ready_at).then(|| ready_at - now)
    }

    /// Takes the lock for one attempt (blocking while another process tries).
    /// Without a lock file (a read-only folder) the attempt goes on unlocked:
    /// the file could not record a failure either.
    pub(crate) fn attempt(&self) -> Attempt<'_> {
        let lock = crate::files::open_private(&self.lock)
            .ok()
            .filter(|file| file.lock().is_ok());
        Attempt {
            throttle: self,
            _lock: lock,
        }
    }

    /// Counts one wrong passphrase.
    fn record_failure(&self, now: u64) {
        let mut record = self.read();
        record.failures = record.failures.saturating_add(1);
        record.last_failure = now;
        if let Ok(bytes) = serde_json::to_vec(&record) {
            // Best effort: failing to record must not block a correct unlock later.
            let _ = crate::files::write_private(&self.path, &bytes);
        }
    }

    /// Forgets past failures after a successful unlock.
    fn reset(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Attempt<'_> {
    /// `Some(seconds)` while this attempt must not be made.
    pub(crate) fn must_wait(&self, now: u64) -> Option<u64> {
        self.throttle.must_wait(now)
    }

    /// The passphrase was wrong.
    pub(crate) fn failed(self, now: u64) {
        self.throttle.record_failure(now);
    }

    /// The passphrase was right.
    pub(crate) fn succeeded(self) {
        self.throttle.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(dir: &Path, now: u64) {
        Throttle::new(dir).attempt().failed(now);
    }

    #[test]
    fn waits_grow_after_free_attempts_and_cap() {
        let waits: Vec<u64> = (0..12).map(Throttle::wait_after).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256]);
        assert_eq!(Throttle::wait_after(13), 300);
        assert_eq!(Throttle::wait_after(u32::MAX), 300);
    }

    #[test]
    fn failures_persist_across_instances_and_reset() {
        let dir = tempfile::tempdir().unwrap();
        for _ in 0..4 {
            fail(dir.path(), 1000);
        }
        let throttle = Throttle::new(dir.path());
        assert_eq!(throttle.must_wait(1000), Some(2));
        assert_eq!(throttle.must_wait(1001), Some(1));
        assert_eq!(throttle.must_wait(1002), None);
        throttle.attempt().succeeded();
        assert_eq!(Throttle::new(dir.path()).must_wait(1000), None);
    }

    #[test]
    fn throttle_clock_set_back_allows_unlock_after_one_failure() {
        let dir = tempfile::tempdir().unwrap();
        // One failure stamped "in the future": the clock was then set back a day.
        fail(dir.path(), 1_700_086_400);
        assert_eq!(Throttle::new(dir.path()).must_wait(1_700_000_000), None);
        // After many failures, a clock set back waits what they call for, no more.
        for _ in 0..5 {
            fail(dir.path(), 1_700_086_400);
        }
        let wait = Throttle::new(dir.path()).must_wait(1_700_000_000);
        assert_eq!(wait, Some(Throttle::wait_after(6)));
    }

    #[test]
    fn throttle_last_failure_at_the_end_of_time_does_not_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let record = Record {
            failures: 40,
            last_failure: u64::MAX,
        };
        std::fs::write(
            dir.path().join("unlock-failures.json"),
            serde_json::to_vec(&record).unwrap(),
        )
        .unwrap();
        let throttle = Throttle::new(dir.path());
        assert_eq!(throttle.must_wait(u64::MAX - 1), Some(1));
        assert_eq!(throttle.must_wait(100), Some(MAX_WAIT));
    }

    #[test]
    fn throttle_attempts_of_racing_processes_are_all_counted() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let dir = dir.path().to_owned();
                std::thread::spawn(move || {
                    let throttle = Throttle::new(&dir);
                    let attempt = throttle.attempt();
                    // A passphrase check takes a while; others must wait for it.
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    attempt.failed(1000);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(Throttle::new(dir.path()).read().failures, 16);
    }
}
