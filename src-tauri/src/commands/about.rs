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
    /// The desktop's preferred languages, most wanted first (`fr_FR.UTF-8`, `de`).
    pub languages: Vec<String>,
}

/// The app's name and version.
#[tauri::command]
#[specta::specta]
pub(crate) fn about() -> About {
    About {
        name: "Watchword",
        version: env!("CARGO_PKG_VERSION"),
        languages: desktop_languages(),
    }
}

/// The languages the desktop session asks for, as POSIX orders them
/// (`LANGUAGE`'s list, then the first of `LC_ALL`, `LC_MESSAGES`, `LANG`).
/// Read here because WebKitGTK's `navigator.languages` does not always
/// follow them; the window picks the first it has a catalog for.
fn desktop_languages() -> Vec<String> {
    let mut found: Vec<String> = std::env::var("LANGUAGE")
        .unwrap_or_default()
        .split(':')
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(locale) = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
    {
        found.push(locale);
    }
    found
}

/// The UI drew its first codes: with `WATCHWORD_STARTUP_TRACE` set, said on
/// stderr for the launch benchmark (scripts/bench-desktop.sh).
#[tauri::command]
#[specta::specta]
pub(crate) fn first_codes_shown(session: State<'_, Session>) {
    session.trace("first codes shown");
}
