//! Sync as one more vault listener: after every content change, outside the
//! vault's write lock, this computer's file is written again.

use std::sync::Mutex;

use super::device::{SECRET, SyncConfig, SyncError, write_own};
use crate::vault::{ChangeKind, Committed, VaultListener};

/// Writes this computer's sync file after each change, when sync is set up
/// (the settings come with the change, so it follows `setup` and `leave`).
#[derive(Debug, Default)]
pub struct SyncListener {
    last: Mutex<Option<Result<bool, String>>>,
}

impl SyncListener {
    /// A listener that has written nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The outcome of the last write: whether it wrote, or why it failed.
    pub fn last(&self) -> Option<Result<bool, String>> {
        self.last.lock().ok().and_then(|last| last.clone())
    }
}

impl VaultListener for SyncListener {
    fn committed(&self, change: &Committed<'_>) {
        if change.kind != ChangeKind::Content {
            return;
        }
        let Some(secret) = change.secret(SECRET) else {
            return;
        };
        let outcome = SyncConfig::parse(secret)
            .and_then(|config| write_own(&config, change.accounts, change.tombstones, change.at))
            .map_err(|e: SyncError| e.to_string());
        if let Ok(mut last) = self.last.lock() {
            *last = Some(outcome);
        }
    }
}
