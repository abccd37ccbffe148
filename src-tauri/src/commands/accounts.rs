//! The account list and what a row can do: copy, next HOTP code, edit,
//! delete and undo, reorder. Commands take ids and return codes and
//! metadata, never secrets.

use std::time::Duration;

use serde::Serialize;
use tauri::State;
use watchword_core::{AccountEdit, AccountView};

use crate::error::CommandError;
use crate::state::AppState;

fn now() -> Result<u64, CommandError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CommandError::new("clock", "The system clock is set before 1970."))
}

/// Every account of `vault` as the list shows it, now.
pub fn views(vault: &watchword_core::Vault) -> Result<Vec<AccountView>, CommandError> {
    let now = now()?;
    Ok(vault
        .accounts()
        .iter()
        .map(|a| AccountView::at(a, now))
        .collect())
}

/// Every account with its current code, picking up changes other processes
/// (the CLI) made to the file since the last call. The tray menu follows.
#[tauri::command(async)]
pub fn list_accounts(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Vec<AccountView>, CommandError> {
    let views = state.with_vault(|vault| views(vault))?;
    crate::tray::refresh(&app);
    state.trace("list_accounts");
    Ok(views)
}

/// What the toast says after a copy.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    /// Seconds until the clipboard is cleared, if it will be.
    pub clear_after: Option<u32>,
}

/// Puts the account's current code on the clipboard, clears it later if it
/// is still there, and counts the use.
#[tauri::command(async)]
pub fn copy_code(state: State<'_, AppState>, id: String) -> Result<Copied, CommandError> {
    copy_account(&state, &id)
}

/// The copy itself, shared by the list and the tray menu.
pub fn copy_account(state: &AppState, id: &str) -> Result<Copied, CommandError> {
    let id = id.to_owned();
    let now = now()?;
    let code = state.with_vault(|vault| Ok(vault.find(&id)?.otp.token.code_at(now)))?;
    let seconds = state.settings().clipboard_clear_seconds;
    let clear_after = (seconds > 0).then_some(seconds);
    state
        .clipboard()?
        .copy_for(code, clear_after.map(|s| Duration::from_secs(s.into())))?;
    state.with_vault(|vault| Ok(vault.record_use(&id)?))?;
    Ok(Copied { clear_after })
}

/// HOTP: advances the counter and returns the row with the new code.
#[tauri::command(async)]
pub fn next_hotp(state: State<'_, AppState>, id: String) -> Result<AccountView, CommandError> {
    let now = now()?;
    state.with_vault(|vault| {
        vault.next_hotp(&id)?;
        Ok(AccountView::at(vault.find(&id)?, now))
    })
}

/// Renames, regroups or annotates an account.
#[tauri::command(async)]
pub fn edit_account(
    state: State<'_, AppState>,
    id: String,
    edit: AccountEdit,
) -> Result<AccountView, CommandError> {
    let now = now()?;
    state.with_vault(|vault| Ok(AccountView::at(&vault.edit(&id, edit)?, now)))
}

/// Deletes an account, keeping it in memory so the toast can undo it; returns
/// how the toast names it.
#[tauri::command(async)]
pub fn delete_account(state: State<'_, AppState>, id: String) -> Result<String, CommandError> {
    let removed = state.with_vault(|vault| Ok(vault.remove(&id)?))?;
    let label = removed.label();
    *state.deleted() = Some(removed);
    Ok(label)
}

/// Puts the last deleted account back where it was.
#[tauri::command(async)]
pub fn undo_delete(state: State<'_, AppState>) -> Result<(), CommandError> {
    let removed = state
        .deleted()
        .take()
        .ok_or_else(|| CommandError::new("nothing_to_undo", "There is nothing to undo."))?;
    state.with_vault(|vault| Ok(vault.restore_account(removed)?))
}

/// The manual order after a drag.
#[tauri::command(async)]
pub fn reorder_accounts(state: State<'_, AppState>, ids: Vec<String>) -> Result<(), CommandError> {
    state.with_vault(|vault| Ok(vault.reorder(&ids)?))
}
