//! What the window does on its own: files dropped on it become a preview
//! for the UI (the paths never pass through the webview), and its size and
//! place are remembered.

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use watchword_core::enroll::{Findings, Preview};

use crate::commands::enroll::hold;
use crate::error::CommandError;
use crate::state::AppState;

/// What of the window is remembered between launches.
pub const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// The window-state saver: one thread, started on the first move or resize.
static SAVER: OnceLock<Sender<AppHandle>> = OnceLock::new();

/// Saves the window's size and position half a second after it stops
/// changing (one thread waits out each burst of moves), so the file is current
/// even if the app is killed rather than closed.
fn save_window_state_soon(window: &Window) {
    let saver = SAVER.get_or_init(|| {
        let (changes, waiting) = channel::<AppHandle>();
        std::thread::spawn(move || {
            while let Ok(mut app) = waiting.recv() {
                // Wait for half a second without a further change.
                while let Ok(later) = waiting.recv_timeout(Duration::from_millis(500)) {
                    app = later;
                }
                let _ = app.save_window_state(REMEMBERED);
            }
        });
        changes
    });
    let _ = saver.send(window.app_handle().clone());
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
