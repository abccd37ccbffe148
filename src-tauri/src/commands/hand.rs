//! Always at hand: the tray, start at login, the shortcut's state, and the
//! quick pick's window.

use tauri::{AppHandle, State};
use watchword_core::settings::Settings;

use crate::error::CommandError;
use crate::hand::AtHand;
use crate::session::Session;

/// The tray, autostart and shortcut as they stand, for the settings.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn at_hand_status(app: AppHandle) -> AtHand {
    crate::hand::status(&app)
}

/// Start at login (writes the autostart entry) or not (removes it).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn set_start_at_login(
    app: AppHandle,
    session: State<'_, Session>,
    on: bool,
) -> Result<AtHand, CommandError> {
    session.set_start_at_login(on)?;
    Ok(crate::hand::status(&app))
}

/// The one-time tray notice's answer: keep the app in the tray on close
/// (the window hides now) or quit on close (the app quits now).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn tray_notice_answer(
    app: AppHandle,
    session: State<'_, Session>,
    keep: bool,
) -> Result<Settings, CommandError> {
    let settings = session.answer_tray_notice(keep)?;
    crate::hand::after_tray_notice(&app, keep);
    Ok(settings)
}

/// Hides the quick pick (Esc, or after a copy).
#[tauri::command]
#[specta::specta]
pub(crate) fn quick_hide(app: AppHandle) {
    crate::quick::hide(&app);
}
