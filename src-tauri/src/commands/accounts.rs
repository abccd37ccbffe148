//! The account list and what a row can do. Ids in; codes and metadata out,
//! never secrets.

use tauri::{AppHandle, State};
use watchword_core::{AccountEdit, AccountView};

use crate::error::CommandError;
use crate::session::{Copied, Session};

/// Every account with its current code, picking up the CLI's changes; the
/// tray menu follows.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn list_accounts(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<Vec<AccountView>, CommandError> {
    let views = session.list()?;
    crate::tray::refresh(&app);
    Ok(views)
}

/// Copies the account's current code (cleared later) and counts the use.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn copy_code(session: State<'_, Session>, id: String) -> Result<Copied, CommandError> {
    session.copy(&id)
}

/// HOTP: advances the counter and returns the row with the new code.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn next_hotp(
    session: State<'_, Session>,
    id: String,
) -> Result<AccountView, CommandError> {
    session.next_hotp(&id)
}

/// Renames, regroups or annotates an account.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn edit_account(
    session: State<'_, Session>,
    id: String,
    edit: AccountEdit,
) -> Result<AccountView, CommandError> {
    session.edit(&id, edit)
}

/// Deletes an account (undo stays possible); returns how the toast names it.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn delete_account(
    session: State<'_, Session>,
    id: String,
) -> Result<String, CommandError> {
    session.delete(&id)
}

/// Puts the last deleted account back where it was.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn undo_delete(session: State<'_, Session>) -> Result<(), CommandError> {
    session.undo_delete()
}

/// The manual order after a drag.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn reorder_accounts(
    session: State<'_, Session>,
    ids: Vec<String>,
) -> Result<(), CommandError> {
    session.reorder(&ids)
}
