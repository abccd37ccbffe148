//! Slows down passphrase guessing: after a few wrong passphrases each further
//! attempt must wait, doubling each time. Kept in a file beside the vault so a
//! fresh process (the CLI in a loop) waits too.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Wrong attempts allowed before any waiting.
const FREE_ATTEMPTS: u32 = 3;
/// The longest wait, in seconds.
const MAX_WAIT: u64 = 300;

/// Failed-unlock bookkeeping for one vault folder.
pub(crate) struct Throttle {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    failures: u32,
    last_failure: u64,
}

impl Throttle {
    pub(crate) fn new(folder: &Path) -> Self {
        Self {
            path: folder.join("unlock-failures.json"),
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

    /// `Some(seconds)` while the caller must wait before trying again.
    pub(crate) fn must_wait(&self, now: u64) -> Option<u64> {
        let record = self.read();
        let ready_at = record.last_failure + Self::wait_after(record.failures);
        (now < ready_at).then(|| ready_at - now)
    }

    /// Counts one wrong passphrase.
    pub(crate) fn record_failure(&self, now: u64) {
        let mut record = self.read();
        record.failures = record.failures.saturating_add(1);
        record.last_failure = now;
        if let Ok(bytes) = serde_json::to_vec(&record) {
            // Best effort: failing to record must not block a correct unlock later.
            let _ = crate::files::write_private(&self.path, &bytes);
        }
    }

    /// Forgets past failures after a successful unlock.
    pub(crate) fn reset(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Throttle::new(dir.path()).record_failure(1000);
        }
        let throttle = Throttle::new(dir.path());
        assert_eq!(throttle.must_wait(1000), Some(2));
        assert_eq!(throttle.must_wait(1001), Some(1));
        assert_eq!(throttle.must_wait(1002), None);
        throttle.reset();
        assert_eq!(Throttle::new(dir.path()).must_wait(1000), None);
    }
}
