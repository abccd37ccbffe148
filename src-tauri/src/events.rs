//! What the window does on its own: files dropped on it become a preview
//! for the UI (the paths never pass through the webview), and its size and
//! place are remembered.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use tauri::{DragDropEvent, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use watchword_core::enroll::{Findings, Preview};

use crate::commands::enroll::hold;
use crate::error::CommandError;
use crate::state::AppState;

/// What of the window is remembered between launches.
pub const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// Counts moves and resizes, so only the last of a burst saves.
static WINDOW_CHANGES: AtomicU64 = AtomicU64::new(0);

/// Saves the window's size and position half a second after it stops
/// changing: the file is current even if the app is killed rather than closed.
fn save_window_state_soon(window: &Window) {
    let change = WINDOW_CHANGES.fetch_add(1, Ordering::SeqCst) + 1;
    let app = window.app_handle().clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        if WINDOW_CHANGES.load(Ordering::SeqCst) == change {
            let _ = app.save_window_state(REMEMBERED);
        }
    });
}
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

/// Window events the shell handles itself: drops, and remembering the
/// window's size and place. (Locking when hidden is the UI's: the page's
/// visibility changes reliably on every platform; the minimise resize does not
/// arrive under X11.)
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let state = window.state::<AppState>();
    match event {
        WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => {
            let found = Findings::from_files(paths).map_err(CommandError::from);
            let arrival = Arrival::from(found.and_then(|f| hold(&state, f)));
            let _ = window.emit("enroll-preview", arrival);
        }
        WindowEvent::Resized(_) | WindowEvent::Moved(_) => save_window_state_soon(window),
        _ => {}
    }
}
