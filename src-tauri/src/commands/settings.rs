//! Preferences: read at start, saved beside the vault when changed.

use tauri::State;
use watchword_core::settings::Settings;

use crate::error::CommandError;
use crate::session::Session;

/// The current settings.
#[tauri::command]
#[specta::specta]
pub(crate) fn get_settings(session: State<'_, Session>) -> Settings {
    session.settings().clone()
}

/// Checks and saves new settings; the old ones stay if that fails.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn save_settings(
    session: State<'_, Session>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    session.save_settings(settings)
}
