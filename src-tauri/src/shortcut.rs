//! The quick pick's global shortcut, by the route the desktop allows
//! (`watchword_core::desktop::shortcut`): grabbed on the X server through
//! tauri-plugin-global-shortcut, bound by the desktop through the
//! GlobalShortcuts portal under Wayland, or left to the desktop's own keyboard
//! settings (which run `watchword-desktop --quick`). A shortcut another app
//! holds is reported in the settings, never fatal.

use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_global_shortcut::{GlobalShortcut, Modifiers, Shortcut, ShortcutState};
use watchword_core::desktop::DisplayServer;
use watchword_core::desktop::autostart::current_program;
use watchword_core::desktop::shortcut::{self as route, QUICK_FLAG, ShortcutRoute};

use crate::error::{CommandError, ErrorKind};

/// Where the shortcut stands, for the settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ShortcutStatus {
    /// How this desktop lets the shortcut reach the app.
    pub route: ShortcutRoute,
    /// The shortcut that opens the quick pick now, as set or as the desktop describes it.
    pub active: Option<String>,
    /// Why the chosen shortcut does not work (another app holds it, the portal refused).
    pub problem: Option<String>,
    /// The command that opens the quick pick, for the desktop's keyboard settings.
    pub command: String,
}

/// The route (decided once), the text last applied, what is bound now (and
/// what went wrong), and the portal's binding.
#[derive(Default)]
pub(crate) struct Shortcuts {
    route: OnceLock<ShortcutRoute>,
    applied: Mutex<Option<String>>,
    bound: Mutex<(Option<String>, Option<String>)>,
    #[cfg(target_os = "linux")]
    portal: Mutex<Option<route::PortalShortcut>>,
}

/// Whether the X server route applies, decided from the environment alone
/// (the shortcut plugin is only installed then).
pub(crate) fn grabs_keys() -> bool {
    DisplayServer::current() == DisplayServer::X11
}

/// The shortcut plugin: a press opens the quick pick.
pub(crate) fn plugin() -> TauriPlugin<Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                crate::quick::open(app);
            }
        })
        .build()
}

/// The shortcut in `text` (`None` when empty: no shortcut), or a typed error
/// naming it. A shortcut needs Ctrl, Alt or Super: a plain or shifted key
/// would be taken from every other app.
pub(crate) fn parse(text: &str) -> Result<Option<Shortcut>, CommandError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let invalid = |why: &str| {
        CommandError::new(
            ErrorKind::ShortcutInvalid {
                shortcut: text.to_owned(),
            },
            format!("\u{201c}{text}\u{201d} is not a shortcut Watchword can set: {why}."),
        )
    };
    let shortcut = Shortcut::from_str(text)
        .map_err(|_| invalid("write the modifiers, then one key, as Ctrl+Alt+W or Super+W"))?;
    let held = Modifiers::CONTROL | Modifiers::ALT | Modifiers::SUPER | Modifiers::META;
    if !shortcut.mods.intersects(held) {
        return Err(invalid(
            "it needs Ctrl, Alt or Super, or it would take that key from every other app",
        ));
    }
    Ok(Some(shortcut))
}

/// Binds `text` as the shortcut by this desktop's route, replacing the one
/// bound before; the same text again is left as it is unless it failed
/// (a portal would ask the user again). May wait for the X server or D-Bus:
/// call it off the main thread.
pub(crate) fn apply(app: &AppHandle, text: &str) {
    let state = app.state::<Shortcuts>();
    let text = text.trim();
    {
        let mut applied = lock(&state.applied);
        if applied.as_deref() == Some(text) && lock(&state.bound).1.is_none() {
            return;
        }
        *applied = Some(text.to_owned());
    }
    let route = *state.route.get_or_init(|| {
        #[cfg(target_os = "linux")]
        let portal = route::portal_available;
        #[cfg(not(target_os = "linux"))]
        let portal = || false;
        route::route(DisplayServer::current(), portal)
    });
    let outcome = match route {
        ShortcutRoute::X11 => grab(app, text),
        ShortcutRoute::Portal => {
            ask_portal(app, text);
            (None, None)
        }
        ShortcutRoute::DesktopSettings => (None, None),
    };
    *lock(&state.bound) = outcome;
}

/// Grabs `text` on the X server: (what is active, what went wrong).
fn grab(app: &AppHandle, text: &str) -> (Option<String>, Option<String>) {
    let Some(plugin) = app.try_state::<GlobalShortcut<Wry>>() else {
        return (None, Some("the shortcut plugin is not running".into()));
    };
    let _ = plugin.unregister_all();
    let shortcut = match parse(text) {
        Ok(Some(shortcut)) => shortcut,
        Ok(None) => return (None, None),
        Err(error) => return (None, Some(error.message)),
    };
    match plugin.register(shortcut) {
        Ok(()) => (Some(text.to_owned()), None),
        Err(error) if error.to_string().contains("already registered") => (
            None,
            Some(format!(
                "{text} is taken by another application: choose another shortcut."
            )),
        ),
        Err(error) => (None, Some(format!("{text} could not be set: {error}"))),
    }
}

/// Asks the desktop to bind `text` (or nothing) through the portal; the
/// outcome arrives later, when the desktop (or the user) answers.
#[cfg(target_os = "linux")]
fn ask_portal(app: &AppHandle, text: &str) {
    let state = app.state::<Shortcuts>();
    // Dropping the old binding ends its portal session.
    lock(&state.portal).take();
    if text.is_empty() {
        return;
    }
    let answered = app.clone();
    let pressed = app.clone();
    let binding = route::PortalShortcut::bind(
        route::PORTAL_ID,
        "Open Watchword's quick pick",
        Some(route::xdg_trigger(text)),
        move |outcome| {
            *lock(&answered.state::<Shortcuts>().bound) = match outcome {
                Ok(trigger) => (Some(trigger), None),
                Err(error) => (None, Some(error.to_string())),
            };
        },
        move || crate::quick::open(&pressed),
    );
    *lock(&state.portal) = Some(binding);
}

#[cfg(not(target_os = "linux"))]
fn ask_portal(_app: &AppHandle, _text: &str) {}

/// Where the shortcut stands now.
pub(crate) fn status(app: &AppHandle) -> ShortcutStatus {
    let state = app.state::<Shortcuts>();
    let (active, problem) = lock(&state.bound).clone();
    ShortcutStatus {
        // Until the first `apply` decides (the portal probe takes a moment),
        // the display server alone says it.
        route: state.route.get().copied().unwrap_or(if grabs_keys() {
            ShortcutRoute::X11
        } else {
            ShortcutRoute::DesktopSettings
        }),
        active,
        problem,
        command: format!("{} {QUICK_FLAG}", current_program()),
    }
}

/// A poisoned lock only means a panic elsewhere; the value is still whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_read_by_the_plugin_and_named_when_wrong() {
        let ctrl_alt_w = parse("Ctrl+Alt+W").unwrap().unwrap();
        assert!(
            ctrl_alt_w
                .mods
                .contains(Modifiers::CONTROL | Modifiers::ALT)
        );
        assert!(parse("super+w").unwrap().is_some());
        assert!(parse("  ").unwrap().is_none(), "empty: no shortcut");
        for bad in ["Ctrl+Alt+", "Ctrl+Banana", "W", "Shift+W"] {
            let error = parse(bad).unwrap_err();
            assert_eq!(
                error.kind,
                ErrorKind::ShortcutInvalid {
                    shortcut: bad.to_owned()
                }
            );
            assert!(error.message.contains(bad), "{}", error.message);
        }
    }
}
