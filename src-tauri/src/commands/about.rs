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
