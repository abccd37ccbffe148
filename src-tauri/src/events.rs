//! What the window does on its own: files dropped on it become a preview
//! for the UI (the paths never pass through the webview).

use serde::Serialize;
use tauri::{DragDropEvent, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_window_state::StateFlags;
use watchword_core::enroll::Preview;

use crate::commands::enroll::{findings_from_files, hold};
use crate::error::CommandError;
use crate::state::AppState;

/// Sent to the UI as `enroll-preview` when something arrives to be added
/// from outside the UI (a drop, a deep link).
#[derive(Debug, Clone, Serialize)]
pub struct Arrival {
    /// What was found, to confirm.
    pub preview: Option<Preview>,
    /// Why nothing could be taken.
    pub error: Option<CommandError>,
}

impl From<Result<Preview, CommandError>> for Arrival {
    fn from(result: Result<Preview, CommandError>) -> Self {
        match result {
            Ok(preview) => Self {
                preview: Some(preview),
                error: None,
            },
            Err(error) => Self {
                preview: None,
                error: Some(error),
            },
        }
    }
}

/// Window events the shell handles itself: drops, and locking when the
/// window is minimised (if the user asked for that).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let state = window.state::<AppState>();
    match event {
        WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => {
            let arrival = Arrival::from(findings_from_files(paths).and_then(|f| hold(&state, f)));
            let _ = window.emit("enroll-preview", arrival);
        }
        // Minimising sends a resize, with the minimised flag already set.
        WindowEvent::Resized(_)
            if window.is_minimized().unwrap_or(false)
                && state.settings().lock_when_hidden
                && state.vault().is_some() =>
        {
            state.lock();
            let _ = window.emit("vault-locked", ());
            crate::tray::refresh(window.app_handle());
        }
        WindowEvent::CloseRequested { .. } => {
            use tauri_plugin_window_state::AppHandleExt;
            let _ = window
                .app_handle()
                .save_window_state(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED);
        }
        _ => {}
    }
}
