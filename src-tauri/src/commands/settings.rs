//! Preferences: read at start, saved beside the vault when changed.

use tauri::State;
use watchword_core::settings::Settings;

use crate::error::CommandError;
use crate::state::AppState;

/// The current settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings().clone()
}

/// Checks and saves new settings; the old ones stay if that fails. Automatic backups
/// change only through their own commands (they need the backup passphrase), so the
/// stored folder and count are kept whatever the page sends.
#[tauri::command(async)]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    let mut current = state.settings();
    let settings = settings.keeping_auto_backup_of(&current);
    settings.save(&state.dir)?;
    *current = settings.clone();
    Ok(settings)
}
