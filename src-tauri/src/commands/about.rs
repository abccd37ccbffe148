//! What the About box and the window title show, and the launch benchmark's mark.

use serde::Serialize;
use tauri::State;

use crate::session::Session;

/// Name and version, as shown in the About box.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub(crate) struct About {
    /// Product name.
    pub name: &'static str,
    /// The crate version of the shell.
    pub version: &'static str,
}

/// The app's name and version.
#[tauri::command]
#[specta::specta]
pub(crate) fn about() -> About {
    About {
        name: "Watchword",
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// The UI drew its first codes: with `WATCHWORD_STARTUP_TRACE` set, said on
/// stderr for the launch benchmark (scripts/bench-desktop.sh).
#[tauri::command]
#[specta::specta]
pub(crate) fn first_codes_shown(session: State<'_, Session>) {
    session.trace("first codes shown");
}
