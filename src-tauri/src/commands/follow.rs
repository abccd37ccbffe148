//! Following another app's backup folder (issue 19): thin commands over the session.

use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::session::{FollowedFolder, Session};

/// The followed folders and what they flagged.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_list(
    session: State<'_, Session>,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_list()
}

/// Follows a folder; `password` (Aegis's backup password) is kept in the vault.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_add(
    session: State<'_, Session>,
    folder: String,
    password: Option<String>,
    review: bool,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_add(folder, password, review)
}

/// Reads every followed folder: applies at once, or shows what waits for review.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_check(
    session: State<'_, Session>,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_check()
}

/// Applies the reviewed newest file of one folder.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_apply(
    session: State<'_, Session>,
    id: String,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_apply(id)
}

/// Resolves an account gone from a folder: `remove` deletes it (undoable), else it is kept as the user's own.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_resolve(
    session: State<'_, Session>,
    id: String,
    account: String,
    remove: bool,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_resolve(id, account, remove)
}

/// Stops following a folder (its accounts stay).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_remove(
    session: State<'_, Session>,
    id: String,
) -> Result<Vec<FollowedFolder>, CommandError> {
    session.follow_remove(id)
}

/// Picks a folder to follow (the shell's dialog); `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn follow_pick_folder(app: AppHandle) -> Option<String> {
    let folder = crate::dialogs::pick_folder(&app, "Folder where another app writes its backups")?;
    Some(folder.display().to_string())
}
