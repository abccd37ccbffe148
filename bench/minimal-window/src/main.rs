//! `minimal-window`: the smallest Tauri 2 window, the floor that
//! `make bench-desktop` (scripts/bench-desktop.sh) measures Watchword against.
//!
//! One window, a tiny page and one command, `dom_ready`, which the page calls
//! on `DOMContentLoaded`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::OnceLock;
use std::time::Instant;

/// When `main` started, for the startup trace.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// The page is parsed: with `WATCHWORD_STARTUP_TRACE` set, says so on stderr.
#[tauri::command]
fn dom_ready() {
    if std::env::var_os("WATCHWORD_STARTUP_TRACE").is_some() {
        let started = STARTED.get_or_init(Instant::now);
        eprintln!(
            "minimal-window: dom ready after {} ms",
            started.elapsed().as_millis()
        );
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![dom_ready])
        .run(tauri::generate_context!())
        .expect("the minimal window runs");
}
