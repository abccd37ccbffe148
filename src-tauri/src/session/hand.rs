//! Always at hand: what closing the window does (quit, or stay in the tray
//! after a one-time notice), and starting at login (the XDG autostart entry,
//! whose presence is the setting).

use watchword_core::desktop::autostart::{self, Autostart};
use watchword_core::settings::Settings;

use super::Session;
use crate::error::CommandError;

/// What a request to close the main window leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CloseAction {
    /// The app ends.
    Quit,
    /// The window hides; the app stays in the tray.
    Hide,
    /// The app stays in the tray, which the user has not been told yet: the
    /// window asks once (keep in the tray, or quit on close from now on).
    Ask,
}

impl Session {
    /// What closing the window does now, given whether a tray shows the app's
    /// icon (without one, a hidden app could not be found again).
    pub(crate) fn close_action(&self, tray_shown: bool) -> CloseAction {
        let settings = self.settings();
        match (tray_shown, settings.close_to_tray) {
            (false, _) | (true, Some(false)) => CloseAction::Quit,
            (true, Some(true)) => CloseAction::Hide,
            (true, None) if settings.tray_notice_shown => CloseAction::Hide,
            (true, None) => CloseAction::Ask,
        }
    }

    /// Whether closing keeps the app in the tray, for the settings to show.
    pub(crate) fn closes_to_tray(&self, tray_shown: bool) -> bool {
        self.close_action(tray_shown) != CloseAction::Quit
    }

    /// The user's answer to the one-time notice: keep the app in the tray on
    /// close, or quit; either way the notice is not shown again.
    pub(crate) fn answer_tray_notice(&self, keep: bool) -> Result<Settings, CommandError> {
        let mut current = self.settings();
        let answered = Settings {
            close_to_tray: Some(keep),
            tray_notice_shown: true,
            ..current.clone()
        };
        answered.save(&self.dir)?;
        *current = answered.clone();
        Ok(answered)
    }

    /// Whether the app starts at login (the entry is there and enabled).
    pub(crate) fn start_at_login(&self) -> bool {
        Autostart::from_env().is_ok_and(|entry| entry.is_enabled())
    }

    /// Writes or removes the autostart entry; answers what the file now says.
    pub(crate) fn set_start_at_login(&self, on: bool) -> Result<bool, CommandError> {
        let entry = Autostart::from_env()?;
        if on {
            entry.enable(&autostart::current_exe())?;
        } else {
            entry.disable()?;
        }
        Ok(entry.is_enabled())
    }
}

#[cfg(test)]
mod tests {
    use watchword_core::VaultDir;

    use super::*;

    fn session_with(settings: Settings) -> (tempfile::TempDir, Session) {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(temp.path());
        settings.save(&dir).unwrap();
        let session = Session::new(dir);
        (temp, session)
    }

    #[test]
    fn closing_asks_once_then_follows_the_answer() {
        let (temp, session) = session_with(Settings::default());
        assert_eq!(
            session.close_action(false),
            CloseAction::Quit,
            "no tray: quit"
        );
        assert_eq!(session.close_action(true), CloseAction::Ask);
        assert!(session.closes_to_tray(true));
        session.answer_tray_notice(true).unwrap();
        assert_eq!(session.close_action(true), CloseAction::Hide);
        let saved = Settings::load(&VaultDir::new(temp.path())).unwrap();
        assert_eq!(
            (saved.close_to_tray, saved.tray_notice_shown),
            (Some(true), true)
        );
        session.answer_tray_notice(false).unwrap();
        assert_eq!(session.close_action(true), CloseAction::Quit);
    }

    #[test]
    fn a_chosen_setting_needs_no_notice() {
        let chosen = Settings {
            close_to_tray: Some(true),
            ..Settings::default()
        };
        let (_temp, session) = session_with(chosen);
        assert_eq!(session.close_action(true), CloseAction::Hide);
        assert_eq!(session.close_action(false), CloseAction::Quit);
    }
}
