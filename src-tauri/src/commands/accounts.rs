//! The account list: metadata and current codes, never secrets.

use tauri::State;
use watchword_core::AccountView;

use crate::error::CommandError;
use crate::state::AppState;

/// Every account with its current code, picking up changes other processes
/// (the CLI) made to the file since the last call.
#[tauri::command(async)]
pub fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, CommandError> {
    let mut guard = state.vault();
    let vault = guard.as_mut().ok_or_else(CommandError::locked)?;
    vault.reload_if_changed()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| CommandError::new("clock", "The system clock is set before 1970."))?
        .as_secs();
    Ok(vault
        .accounts()
        .iter()
        .map(|a| AccountView::at(a, now))
        .collect())
}
