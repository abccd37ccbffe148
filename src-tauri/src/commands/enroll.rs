//! Adding accounts: from a pasted link, the manual form, the screen, the
//! clipboard, an image file (opened or dropped). Every source ends in the
//! same preview; nothing is written until the user confirms.

use serde::Serialize;
use tauri::State;
use watchword_core::clipboard::{self, Clipboard};
use watchword_core::enroll::{FieldError, Findings, ManualEntry, Preview};

use crate::error::CommandError;
use crate::state::AppState;

/// Keeps `found` until confirmed and returns what to show.
pub fn hold(state: &AppState, found: Findings) -> Result<Preview, CommandError> {
    let preview = state.with_vault(|vault| Ok(found.to_preview(vault.accounts())))?;
    *state.pending() = Some(found);
    Ok(preview)
}

/// A pasted `otpauth://` or `otpauth-migration://` link (or several, one per line).
#[tauri::command(async)]
pub fn enroll_text(state: State<'_, AppState>, text: String) -> Result<Preview, CommandError> {
    hold(&state, Findings::from_lines(&text).usable()?)
}

/// The manual form's outcome: the preview, or what to fix beside each field.
#[derive(Debug, Clone, Serialize)]
pub struct ManualOutcome {
    /// Set when the form is valid.
    pub preview: Option<Preview>,
    /// Set when it is not, one entry per wrong field.
    pub errors: Vec<FieldError>,
}

/// The manual form, checked by the same rules as a URI.
#[tauri::command(async)]
pub fn enroll_manual(
    state: State<'_, AppState>,
    entry: ManualEntry,
) -> Result<ManualOutcome, CommandError> {
    match entry.validate() {
        Ok(otp) => {
            let found = Findings {
                accounts: vec![otp],
                ..Findings::default()
            };
            Ok(ManualOutcome {
                preview: Some(hold(&state, found)?),
                errors: Vec::new(),
            })
        }
        Err(errors) => Ok(ManualOutcome {
            preview: None,
            errors,
        }),
    }
}

/// Every QR code on every screen.
#[tauri::command(async)]
pub fn enroll_screen(state: State<'_, AppState>) -> Result<Preview, CommandError> {
    #[cfg(target_os = "linux")]
    {
        let screen = watchword_core::screen::capture()?;
        hold(&state, Findings::from_picture(&screen, "the screen")?)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = state;
        Err(CommandError::new(
            "screen",
            "Scanning the screen works on Linux only so far.",
        ))
    }
}

/// Ctrl+V: a copied picture of a QR code, or copied links.
#[tauri::command(async)]
pub fn enroll_clipboard(state: State<'_, AppState>) -> Result<Preview, CommandError> {
    let found = match clipboard::read()? {
        Clipboard::Image(image) => Findings::from_picture(&image, "the copied picture")?,
        Clipboard::Text(text) => Findings::from_lines(&text).usable()?,
        Clipboard::Empty => {
            return Err(CommandError::new(
                "nothing_found",
                "The clipboard holds neither a picture nor text.",
            ));
        }
    };
    hold(&state, found)
}

/// Adds what the preview showed, skipping accounts already in the vault;
/// returns how many were added.
#[tauri::command(async)]
pub fn enroll_confirm(state: State<'_, AppState>) -> Result<usize, CommandError> {
    let found = state.pending().take().ok_or_else(|| {
        CommandError::new("nothing_pending", "There is nothing waiting to be added.")
    })?;
    state.with_vault(|vault| {
        let fresh = found.new_accounts(vault.accounts());
        Ok(vault.add_many(fresh)?.len())
    })
}

/// Drops what the preview showed.
#[tauri::command(async)]
pub fn enroll_cancel(state: State<'_, AppState>) {
    *state.pending() = None;
}

/// "Open an image…": the file dialog runs in the shell; `None` if cancelled.
#[tauri::command(async)]
pub fn enroll_image(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<Preview>, CommandError> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .set_title("Open a picture of a QR code")
        .add_filter(
            "Pictures and lists of links",
            &["png", "jpg", "jpeg", "webp", "bmp", "gif", "txt"],
        )
        .blocking_pick_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|e| CommandError::new("unreadable", e.to_string()))?;
    hold(&state, Findings::from_file(&path)?).map(Some)
}

/// Links that arrived while locked, now that the vault is open.
#[tauri::command(async)]
pub fn pending_arrival(state: State<'_, AppState>) -> Option<crate::events::Arrival> {
    let links = std::mem::take(&mut *state.deferred());
    crate::links::arrival(&state, links)
}
