//! Adding accounts: every source ends in the same staged preview; nothing is
//! written until the user confirms.

use tauri::{AppHandle, State};
use watchword_core::enroll::ManualEntry;

use crate::error::CommandError;
use crate::session::{Arrival, ManualOutcome, Session, Staged};

/// A pasted `otpauth://` or `otpauth-migration://` link (or several, one per line).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_text(
    session: State<'_, Session>,
    text: String,
) -> Result<Staged, CommandError> {
    session.stage_text(&text)
}

/// The manual form: the preview, or what to fix beside each field.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_manual(
    session: State<'_, Session>,
    entry: ManualEntry,
) -> Result<ManualOutcome, CommandError> {
    session.stage_manual(&entry)
}

/// Every QR code on every screen.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_screen(session: State<'_, Session>) -> Result<Staged, CommandError> {
    session.stage_screen()
}

/// Ctrl+V: a copied picture of a QR code, or copied links.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_clipboard(session: State<'_, Session>) -> Result<Staged, CommandError> {
    session.stage_clipboard()
}

/// "Open an image…": the file dialog runs in the shell; `None` if cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_image(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<Option<Staged>, CommandError> {
    let Some(path) = crate::dialogs::pick_picture(&app) else {
        return Ok(None);
    };
    session.stage_files(&[path]).map(Some)
}

/// Adds what the preview `id` showed (skipping accounts already there); returns how many.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_confirm(
    session: State<'_, Session>,
    id: String,
) -> Result<usize, CommandError> {
    session.confirm_staged(&id)
}

/// Drops what the preview showed.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn enroll_cancel(session: State<'_, Session>) {
    session.cancel_staged();
}

/// Links that arrived while locked (a deep link at launch), now that the vault is open.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn take_arrival(session: State<'_, Session>) -> Option<Arrival> {
    session.arrival(session.take_waiting_links())
}
