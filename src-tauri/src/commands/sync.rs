//! Sync through a shared folder (issue 19): thin commands over the session.

use tauri::State;

use crate::error::CommandError;
use crate::session::{Session, SyncState};

/// Where sync stands: folder, this device, the others, skipped files.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_status(session: State<'_, Session>) -> Result<SyncState, CommandError> {
    session.sync_state()
}

/// Joins the sync group in `folder` with the sync passphrase, then syncs once.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_setup(
    session: State<'_, Session>,
    folder: String,
    passphrase: String,
) -> Result<SyncState, CommandError> {
    session.sync_setup(folder, passphrase)
}

/// Reads the other computers' files and writes this one's, once.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_now(session: State<'_, Session>) -> Result<SyncState, CommandError> {
    session.sync_run()
}

/// Leaves the sync group (the accounts stay).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_leave(session: State<'_, Session>) -> Result<SyncState, CommandError> {
    session.sync_leave()
}
