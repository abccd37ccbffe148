//! Moving accounts in and out: the import wizard, the export dialog and
//! automatic backups. Dialogs run in the shell; the session reads and writes.

use tauri::{AppHandle, State};
use watchword_core::export::ExportFormatInfo;
use watchword_core::import::{FormatInfo, ImportView};
use watchword_core::settings::Settings;

use crate::error::CommandError;
use crate::session::{AutoBackupStatus, ExportOutcome, PickedImport, Session};

/// Every format Watchword imports, for the wizard's "read it as" choice.
#[tauri::command]
#[specta::specta]
pub(crate) fn import_formats() -> Vec<FormatInfo> {
    crate::session::import_formats()
}

/// Every format the export dialog offers, with its password rule and warning.
#[tauri::command]
#[specta::specta]
pub(crate) fn export_formats() -> Vec<ExportFormatInfo> {
    crate::session::export_formats()
}

/// Step 1: pick a file (the shell's dialog) and recognise it; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn import_pick(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<Option<PickedImport>, CommandError> {
    let Some(path) = crate::dialogs::pick_import(&app) else {
        return Ok(None);
    };
    session.import_picked(path).map(Some)
}

/// Step 2: read the picked file as `format` (or the recognised one) with `password`.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn import_read(
    session: State<'_, Session>,
    format: Option<String>,
    password: Option<String>,
) -> Result<ImportView, CommandError> {
    session.import_read(format, password)
}

/// Step 3: adds the new accounts; returns how many.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn import_confirm(session: State<'_, Session>) -> Result<usize, CommandError> {
    session.import_confirm()
}

/// Drops the picked file and its preview.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn import_cancel(session: State<'_, Session>) {
    session.forget_import();
}

/// Writes the vault in `format` to a file the user picks; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn export_save(
    app: AppHandle,
    session: State<'_, Session>,
    format: String,
    password: Option<String>,
) -> Result<Option<ExportOutcome>, CommandError> {
    session.export_to(&format, password, |name| {
        crate::dialogs::save_export(&app, name)
    })
}

/// The automatic backups' folder, count and last outcome.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn auto_backup_status(
    session: State<'_, Session>,
) -> Result<AutoBackupStatus, CommandError> {
    session.auto_backup_status()
}

/// Picks the automatic backups' folder (the shell's dialog); `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn auto_backup_pick_folder(
    app: AppHandle,
    session: State<'_, Session>,
) -> Option<String> {
    let folder = crate::dialogs::pick_backup_folder(&app)?;
    Some(session.pick_backup_folder(folder))
}

/// Turns automatic backups on in the folder picked (the first one is written at once).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn auto_backup_enable(
    session: State<'_, Session>,
    keep: u32,
    passphrase: String,
) -> Result<Settings, CommandError> {
    session.enable_auto_backups(keep, passphrase)
}

/// Turns automatic backups off (the files already written stay).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn auto_backup_disable(session: State<'_, Session>) -> Result<Settings, CommandError> {
    session.disable_auto_backups()
}

/// Whether to remind the user that backups are off.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn backup_reminder_due(session: State<'_, Session>) -> Result<bool, CommandError> {
    session.backup_reminder_due()
}

/// Sets the backup reminder aside until an account is added.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn backup_reminder_dismiss(
    session: State<'_, Session>,
) -> Result<Settings, CommandError> {
    session.dismiss_backup_reminder()
}
