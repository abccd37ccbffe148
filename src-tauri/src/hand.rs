//! Always at hand: the launch flags (`--hidden` for the login autostart,
//! `--quick` for a desktop's own shortcut), closing the main window to the
//! tray, and what the settings show of the tray, autostart and shortcut.

use serde::Serialize;
use tauri::{AppHandle, CloseRequestApi, Manager, WebviewWindow, Window};
use tauri_specta::Event;
use watchword_core::desktop::autostart::HIDDEN_FLAG;
use watchword_core::desktop::shortcut::QUICK_FLAG;

use crate::session::{CloseAction, Session};
use crate::shortcut::ShortcutStatus;

/// What a launch's arguments ask for, besides links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LaunchFlags {
    /// Start in the tray, without the window (the login autostart).
    pub hidden: bool,
    /// Open the quick pick (a desktop's own shortcut runs this).
    pub quick: bool,
}

impl LaunchFlags {
    /// The flags among `args` (the program name excluded).
    pub(crate) fn from_args<S: AsRef<str>>(args: &[S]) -> Self {
        let has = |flag: &str| args.iter().any(|a| a.as_ref() == flag);
        Self {
            hidden: has(HIDDEN_FLAG),
            quick: has(QUICK_FLAG),
        }
    }

    /// Whether the main window shows at this launch.
    pub(crate) fn shows_window(self) -> bool {
        !self.hidden && !self.quick
    }
}

/// The first close of the window would keep the app in the tray: the window
/// says so once and asks whether to keep doing that.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct TrayNotice;

/// The vault was unlocked from the quick pick: the main window leaves its
/// lock screen too.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct VaultOpened;

/// What the settings show of the tray, autostart and the shortcut.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AtHand {
    /// A tray shows the app's icon on this desktop now.
    pub tray_shown: bool,
    /// Closing the window keeps the app in the tray (the setting, or the
    /// default when the setting is unset).
    pub close_to_tray: bool,
    /// The login autostart entry is there.
    pub start_at_login: bool,
    /// How the quick pick's shortcut works here.
    pub shortcut: ShortcutStatus,
}

/// Whether the app's tray icon exists and a tray host shows it.
fn tray_shown(app: &AppHandle) -> bool {
    app.tray_by_id(crate::tray::TRAY_ID).is_some() && watchword_core::desktop::tray_host_present()
}

/// The main window's close button: quit, hide to the tray, or (the first
/// time the app would stay in the tray) let the window ask.
pub(crate) fn close_requested(window: &Window, api: &CloseRequestApi) {
    let app = window.app_handle();
    match app.state::<Session>().close_action(tray_shown(app)) {
        CloseAction::Quit => {
            api.prevent_close();
            // Every window goes, the hidden quick pick too.
            app.exit(0);
        }
        CloseAction::Hide => {
            api.prevent_close();
            let _ = window.hide();
        }
        CloseAction::Ask => {
            api.prevent_close();
            let _ = TrayNotice.emit(app);
        }
    }
}

/// After the one-time notice: hide the window (kept in the tray) or quit.
pub(crate) fn after_tray_notice(app: &AppHandle, keep: bool) {
    if !keep {
        app.exit(0);
    } else if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
}

/// The vault was unlocked in `window`: when that is the quick pick, the main
/// window is told (it unlocked itself otherwise); the tray follows.
pub(crate) fn unlocked_in(window: &WebviewWindow) {
    let app = window.app_handle();
    if window.label() != "main" {
        let _ = VaultOpened.emit(app);
    }
    crate::tray::refresh(app);
}

/// The tray, autostart and shortcut as they stand.
pub(crate) fn status(app: &AppHandle) -> AtHand {
    let session = app.state::<Session>();
    let tray = tray_shown(app);
    AtHand {
        tray_shown: tray,
        close_to_tray: session.closes_to_tray(tray),
        start_at_login: session.start_at_login(),
        shortcut: crate::shortcut::status(app),
    }
}

#[cfg(test)]
mod tests {
    use super::LaunchFlags;

    #[test]
    fn launch_flags_are_read_among_links() {
        let none = LaunchFlags::from_args(&["otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"]);
        assert_eq!(none, LaunchFlags::default());
        assert!(none.shows_window());
        let hidden = LaunchFlags::from_args(&["--hidden"]);
        assert!(hidden.hidden && !hidden.shows_window());
        let quick = LaunchFlags::from_args(&["--quick"]);
        assert!(quick.quick && !quick.shows_window());
    }
}
