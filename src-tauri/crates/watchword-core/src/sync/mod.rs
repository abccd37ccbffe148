//! Sync through a folder: each computer writes its own encrypted file there
//! and merges the others' (see docs/ARCHITECTURE.md, "Sync").

pub mod device;
pub mod fields;
pub mod folder;
pub mod format;
pub mod listener;
pub mod merge;
pub mod pairing;
pub mod run;
pub mod stamp;
pub mod stamping;
pub mod status;
pub mod watch;

pub use device::{SyncConfig, SyncError, leave, setup};
pub use listener::SyncListener;
pub use pairing::{join_by_uri, pairing_uri};
pub use run::{Report, sync_now};
pub use status::Status;
