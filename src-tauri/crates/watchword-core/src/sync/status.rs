//! What the last sync runs saw of each other computer, kept beside the vault
//! in `sync-status.json` (ids and counts, no names: nothing a stranger learns
//! services from).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::device::{SyncError, io};

/// The status file's name in the data folder.
pub const FILE: &str = "sync-status.json";

/// What one sync run changed here from one other computer's file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// When this computer read it (Unix seconds).
    pub at: u64,
    /// Ids of accounts that came in.
    pub added: Vec<String>,
    /// Ids of accounts whose fields or counter changed.
    pub changed: Vec<String>,
    /// How many accounts were removed (deleted there).
    pub removed: usize,
}

/// One other computer, as the last runs saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// When it last wrote its file (its clock, Unix seconds).
    pub written: u64,
    /// When this computer last read that file.
    pub read: u64,
    /// What reading its latest file changed here.
    pub last_change: Change,
}

/// A file in the folder that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Its name in the sync folder.
    pub file: String,
    /// Why it was skipped.
    pub reason: String,
}

/// The whole status file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// When the last run finished (Unix seconds; 0: never).
    pub last_run: u64,
    /// Other computers by device id.
    pub devices: BTreeMap<String, Device>,
    /// What the last run skipped.
    pub problems: Vec<Problem>,
}

impl Status {
    /// Where it lives for the vault in `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(FILE)
    }

    /// The status saved in `root` (empty if none or unreadable: it is only a record).
    pub fn load(root: &Path) -> Status {
        std::fs::read(Self::path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Saves it through the one file writer.
    pub fn save(&self, root: &Path) -> Result<(), SyncError> {
        let path = Self::path(root);
        let bytes = serde_json::to_vec_pretty(self).expect("status serializes");
        crate::files::write_private(&path, &bytes).map_err(io("write", &path))
    }

    /// Forgets everything (after leaving the group).
    pub fn remove(root: &Path) {
        let _ = std::fs::remove_file(Self::path(root));
    }
}
