//! Sync through a shared folder (issue 19): thin commands over the session.

use tauri::{AppHandle, State};

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

/// Picks the sync folder (the shell's dialog); `None` when cancelled. Only a
/// folder the user picked reaches `sync_setup`.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_pick_folder(app: AppHandle) -> Option<String> {
    let folder = crate::dialogs::pick_folder(&app, "Folder to sync through")?;
    Some(folder.display().to_string())
}

/// Offers the pairing code for a while (seconds returned); the window shows
/// it as a picture, `wwqr://localhost/sync-pairing`.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_pair_show(session: State<'_, Session>) -> Result<u32, CommandError> {
    session.sync_pair_show()
}

/// Takes the pairing code off offer.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_pair_hide(session: State<'_, Session>) {
    session.sync_pair_hide();
}

/// Joins through `folder` with the pairing code shown on the screen.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_join_screen(
    session: State<'_, Session>,
    folder: String,
) -> Result<SyncState, CommandError> {
    session.sync_join_screen(folder)
}

/// Joins through `folder` with the pairing code in a picture the user picks.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn sync_join_image(
    app: AppHandle,
    session: State<'_, Session>,
    folder: String,
) -> Result<Option<SyncState>, CommandError> {
    let Some(path) = crate::dialogs::pick_picture(&app) else {
        return Ok(None);
    };
    session.sync_join_file(folder, &path).map(Some)
}
