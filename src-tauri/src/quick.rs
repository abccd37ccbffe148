//! The quick pick: a small window opened at the pointer by the global
//! shortcut (or `watchword-desktop --quick`), where typing filters the
//! accounts and Enter copies a code. It loads the same page as the main window
//! (`index.html#quick`), made once and then hidden and shown again; it hides
//! when it loses the focus.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tauri::{AppHandle, Manager, PhysicalPosition, WebviewWindow, WebviewWindowBuilder};
use tauri_specta::Event;

/// The quick pick's window label (the capability lists it beside "main").
pub(crate) const LABEL: &str = "quick";
/// Its size in logical pixels: a search field and about six accounts.
const SIZE: (f64, f64) = (360.0, 300.0);

/// The quick pick was opened: its page clears the search, reads the vault's
/// state again and takes the focus.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct QuickOpened;

/// The window had the focus since it was last shown: only then does losing
/// it hide the window (a window manager may report a loss before the first gain).
static FOCUSED: AtomicBool = AtomicBool::new(false);

/// Opens the quick pick at the pointer (from any thread).
pub(crate) fn open(app: &AppHandle) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Err(error) = open_now(&handle) {
            eprintln!("watchword-desktop: cannot open the quick pick: {error}");
        }
    });
}

fn open_now(app: &AppHandle) -> tauri::Result<()> {
    let window = match app.get_webview_window(LABEL) {
        Some(window) => window,
        None => {
            let builder = WebviewWindowBuilder::new(app, LABEL, crate::rendering::blank())
                .title("Watchword quick pick")
                .inner_size(SIZE.0, SIZE.1)
                .resizable(false)
                .decorations(false)
                .always_on_top(true)
                .skip_taskbar(true)
                .visible(false);
            crate::rendering::open(builder, "index.html#quick")?
        }
    };
    if place_at_pointer(app, &window).is_none() {
        let _ = window.center();
    }
    FOCUSED.store(false, Ordering::SeqCst);
    window.show()?;
    window.set_focus()?;
    let _ = QuickOpened.emit(app);
    Ok(())
}

/// Moves the window to the pointer, kept inside the pointer's monitor;
/// `None` where the pointer cannot be read (Wayland).
fn place_at_pointer(app: &AppHandle, window: &WebviewWindow) -> Option<()> {
    let pointer = app.cursor_position().ok()?;
    let monitor = app.monitor_from_point(pointer.x, pointer.y).ok()??;
    let scale = monitor.scale_factor();
    let area = (
        monitor.position().x,
        monitor.position().y,
        monitor.size().width,
        monitor.size().height,
    );
    let size = ((SIZE.0 * scale) as u32, (SIZE.1 * scale) as u32);
    let (x, y) = place(
        (pointer.x.round() as i32, pointer.y.round() as i32),
        size,
        area,
    );
    window.set_position(PhysicalPosition::new(x, y)).ok()
}

/// The top-left corner for a window of `size` whose corner sits at
/// `pointer`, moved left and up as needed to stay inside `monitor`
/// (x, y, width, height; all physical pixels).
fn place(pointer: (i32, i32), size: (u32, u32), monitor: (i32, i32, u32, u32)) -> (i32, i32) {
    let clamp = |at: i32, length: u32, start: i32, span: u32| {
        let last = start.saturating_add(span as i32 - length as i32);
        at.min(last).max(start)
    };
    (
        clamp(pointer.0, size.0, monitor.0, monitor.2),
        clamp(pointer.1, size.1, monitor.1, monitor.3),
    )
}

/// Hides the quick pick (Esc, a copy, a click elsewhere).
pub(crate) fn hide(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.hide();
    }
}

/// The quick pick's focus changed: losing it hides the window.
pub(crate) fn focus_changed(app: &AppHandle, focused: bool) {
    if focused {
        FOCUSED.store(true, Ordering::SeqCst);
    } else if FOCUSED.swap(false, Ordering::SeqCst) {
        hide(app);
    }
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn the_window_opens_at_the_pointer_inside_its_monitor() {
        let monitor = (0, 0, 1920, 1080);
        assert_eq!(place((100, 200), (360, 300), monitor), (100, 200));
        assert_eq!(place((1900, 1070), (360, 300), monitor), (1560, 780));
        // A second monitor to the right.
        let right = (1920, 0, 1280, 1024);
        assert_eq!(place((3190, 10), (720, 600), right), (2480, 10));
        // A monitor smaller than the window: its top-left corner.
        assert_eq!(place((50, 50), (360, 300), (0, 0, 200, 200)), (0, 0));
    }
}
