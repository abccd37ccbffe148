//! The shell's own file dialogs: the webview never names a path, it asks for
//! a dialog and gets back what the user picked (or nothing, when cancelled).

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// Only local paths count; anything else (a URL from a portal) is no pick.
fn local(picked: Option<FilePath>) -> Option<PathBuf> {
    picked?.into_path().ok()
}

/// "Open an image…" for enrolling.
pub(crate) fn pick_picture<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Open a picture of a QR code")
            .add_filter(
                "Pictures and lists of links",
                &["png", "jpg", "jpeg", "webp", "bmp", "gif", "txt"],
            )
            .blocking_pick_file(),
    )
}

/// A picture for an account's icon.
pub(crate) fn pick_icon<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Choose a picture for the icon")
            .add_filter("Pictures", &["png", "jpg", "jpeg", "svg"])
            .blocking_pick_file(),
    )
}

/// An Aegis icon pack.
pub(crate) fn pick_icon_pack<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Import an icon pack")
            .add_filter("Aegis icon packs", &["zip"])
            .blocking_pick_file(),
    )
}

/// The import wizard's file.
pub(crate) fn pick_import<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Import accounts from another app")
            .blocking_pick_file(),
    )
}

/// Where an export goes, offered as `file_name`.
pub(crate) fn save_export<R: Runtime>(app: &AppHandle<R>, file_name: &str) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Export accounts")
            .set_file_name(file_name)
            .blocking_save_file(),
    )
}

/// The automatic backups' folder.
pub(crate) fn pick_backup_folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    local(
        app.dialog()
            .file()
            .set_title("Folder for automatic backups")
            .blocking_pick_folder(),
    )
}

/// The folder a sync engine shares between computers (sync), or where another
/// app writes its backups (followed folders).
pub(crate) fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    local(app.dialog().file().set_title(title).blocking_pick_folder())
}
