//! `minimal-window`: the smallest Tauri 2 window, the floor that
//! `make bench-desktop` (scripts/bench-desktop.sh) measures Watchword against.
//!
//! One window, a tiny page and two commands the page calls: `dom_ready` on
//! `DOMContentLoaded`, `first_paint` once its first frame is painted.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::OnceLock;
use std::time::Instant;

/// When `main` started, for the startup trace.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// With `WATCHWORD_STARTUP_TRACE` set, says on stderr how long after start
/// the page reached `what`.
fn trace(what: &str) {
    if std::env::var_os("WATCHWORD_STARTUP_TRACE").is_some() {
        let started = STARTED.get_or_init(Instant::now);
        eprintln!(
            "minimal-window: {what} after {} ms",
            started.elapsed().as_millis()
        );
    }
}

/// The page is parsed (nothing painted yet).
#[tauri::command]
fn dom_ready() {
    trace("dom ready");
}

/// The page's first frame is painted: the mark that matches Watchword's
/// "first codes shown".
#[tauri::command]
fn first_paint() {
    trace("first paint");
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![dom_ready, first_paint])
        .run(tauri::generate_context!())
        .expect("the minimal window runs");
}
