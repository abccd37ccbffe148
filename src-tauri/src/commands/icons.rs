//! Account icons: the picker, picture files, icon packs, and the `wwicon:`
//! scheme that serves one icon at a time to `<img>` (the full brand set never
//! reaches the webview).

use tauri::http::{Response, StatusCode, header};
use tauri::{AppHandle, State};
use watchword_core::AccountView;

use crate::error::CommandError;
use crate::session::{IconOption, IconSetting, PackImported, Session};

/// Built-in brands and imported pack icons matching what the user typed.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn search_icons(
    session: State<'_, Session>,
    query: String,
) -> Result<Vec<IconOption>, CommandError> {
    session.search_icons(&query)
}

/// The user's icon choice for an account (a brand, a pack icon, the letter, or automatic).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn set_icon(
    session: State<'_, Session>,
    id: String,
    setting: IconSetting,
) -> Result<AccountView, CommandError> {
    session.set_icon(&id, setting)
}

/// A picture file (the shell's dialog) as the account's icon; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn pick_icon_file(
    app: AppHandle,
    session: State<'_, Session>,
    id: String,
) -> Result<Option<AccountView>, CommandError> {
    let Some(path) = crate::dialogs::pick_icon(&app) else {
        return Ok(None);
    };
    session.set_icon_file(&id, &path).map(Some)
}

/// An Aegis icon pack (the shell's dialog) kept in the vault; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn import_icon_pack(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<Option<PackImported>, CommandError> {
    let Some(path) = crate::dialogs::pick_icon_pack(&app) else {
        return Ok(None);
    };
    session.import_icon_pack(&path).map(Some)
}

/// The response for `wwicon://localhost/brand/{slug}` or `/account/{id}`.
pub(crate) fn serve(session: &Session, path: &str) -> Response<Vec<u8>> {
    let builder = Response::builder();
    let response = match session.icon_bytes(path) {
        Ok((bytes, mime)) => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            // Pictures are named with their version, brands never change.
            .header(header::CACHE_CONTROL, "private, max-age=86400")
            .body(bytes),
        Err(error) => builder
            .status(StatusCode::NOT_FOUND)
            .header(header::CACHE_CONTROL, "no-store")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(error.message.into_bytes()),
    };
    response.unwrap_or_else(|_| Response::new(Vec::new()))
}
