//! `otpauth://` and `otpauth-migration://` links opened from a browser (deep
//! links): shown as a preview at once if the vault is open, else kept until
//! the user unlocks.

use tauri::{AppHandle, Emitter, Manager, Runtime};
use watchword_core::enroll::Findings;

use crate::commands::enroll::hold;
use crate::events::Arrival;
use crate::state::AppState;

/// Whether a launch argument is a link Watchword handles.
pub fn is_link(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("otpauth://") || lower.starts_with("otpauth-migration://")
}

/// The preview for links, or `None` when locked (they wait in the state).
pub fn arrival(state: &AppState, links: Vec<String>) -> Option<Arrival> {
    if links.is_empty() {
        return None;
    }
    if state.vault().is_none() {
        state.deferred().extend(links);
        return None;
    }
    let found = Findings::from_texts(&links).usable().map_err(Into::into);
    Some(Arrival::from(found.and_then(|f| hold(state, f))))
}

/// Links from a launch: bring the window forward and show what they hold.
pub fn receive<R: Runtime>(app: &AppHandle<R>, links: Vec<String>) {
    let links: Vec<String> = links.into_iter().filter(|l| is_link(l)).collect();
    if links.is_empty() {
        return;
    }
    crate::tray::show_main(app);
    let state = app.state::<AppState>();
    if let Some(arrival) = arrival(&state, links) {
        let _ = app.emit("enroll-preview", arrival);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_authenticator_links_are_taken() {
        assert!(is_link("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"));
        assert!(is_link(" OTPAUTH-MIGRATION://offline?data=x"));
        assert!(!is_link("https://example.com"));
        assert!(!is_link("--flag"));
    }

    #[test]
    fn links_wait_while_locked() {
        let temp = tempfile::tempdir().unwrap();
        let state = AppState::new(watchword_core::VaultDir::new(temp.path()));
        let link = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP".to_owned();
        assert!(arrival(&state, vec![link.clone()]).is_none());
        assert_eq!(*state.deferred(), [link]);
    }
}
