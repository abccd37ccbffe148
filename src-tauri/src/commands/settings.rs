//! Preferences: read at start, saved beside the vault when changed.

use tauri::{AppHandle, State};
use watchword_core::settings::Settings;

use crate::error::CommandError;
use crate::session::Session;

/// The current settings.
#[tauri::command]
#[specta::specta]
pub(crate) fn get_settings(session: State<'_, Session>) -> Settings {
    session.settings().clone()
}

/// Checks and saves new settings (the old ones stay if that fails), then
/// binds the shortcut they name if it changed.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn save_settings(
    app: AppHandle,
    session: State<'_, Session>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    let saved = session.save_settings(settings)?;
    crate::shortcut::apply(&app, &saved.global_shortcut);
    Ok(saved)
}
