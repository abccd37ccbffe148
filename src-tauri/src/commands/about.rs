//! `about`: what the About box and the window title show.

use serde::Serialize;

/// Name and version, as shown in the About box.
#[derive(Debug, Clone, Serialize)]
pub struct About {
    /// Product name.
    pub name: &'static str,
    /// The crate version of the shell.
    pub version: &'static str,
}

/// Returns the app's name and version.
#[tauri::command]
pub fn about() -> About {
    About {
        name: "Watchword",
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// The UI drew its first codes (with `WATCHWORD_STARTUP_TRACE` set, said on
/// stderr for the launch benchmark, scripts/bench-desktop.sh).
#[tauri::command]
pub fn first_codes_shown(state: tauri::State<'_, crate::state::AppState>) {
    state.trace("first codes shown");
}
