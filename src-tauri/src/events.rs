//! What the window does on its own: files dropped on it become an arrival for
//! the UI (the paths never pass through the webview), and its size and place
//! are remembered.

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use tauri::{AppHandle, DragDropEvent, Manager, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use tauri_specta::Event;

use crate::session::{Arrival, Session};

/// What of the window is remembered between launches.
pub(crate) const REMEMBERED: StateFlags = StateFlags::SIZE
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
                // The plugin writes with the umask's mode; the file says where
                // the window was, which is the user's business only.
                let state = app.state::<Session>();
                let file = state.dir.root().join(crate::WINDOW_STATE_FILE);
                watchword_core::files::narrow(&file, watchword_core::files::FILE_MODE);
            }
        });
        changes
    });
    let _ = saver.send(window.app_handle().clone());
}

/// Window events the shell handles itself: drops, closing (to the tray, or
/// quitting), remembering the window's size and place, and the quick pick
/// hiding when it loses the focus. (Locking when hidden is the UI's: the
/// page's visibility changes reliably on every platform; the minimise resize
/// does not arrive under X11.)
pub(crate) fn on_window_event(window: &Window, event: &WindowEvent) {
    if window.label() == crate::quick::LABEL {
        if let WindowEvent::Focused(focused) = event {
            crate::quick::focus_changed(window.app_handle(), *focused);
        }
        return;
    }
    match event {
        WindowEvent::CloseRequested { api, .. } => crate::hand::close_requested(window, api),
        WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => {
            // Decoding a picture takes a while: never on the event loop.
            let app = window.app_handle().clone();
            let paths = paths.clone();
            std::thread::spawn(move || {
                let session = app.state::<Session>();
                let _ = Arrival::from(session.stage_files(&paths)).emit(&app);
            });
        }
        WindowEvent::Resized(_) | WindowEvent::Moved(_) => save_window_state_soon(window),
        _ => {}
    }
}
