//! `otpauth://` and `otpauth-migration://` links opened from a browser (deep
//! links, or a second launch): shown as a preview at once if the vault is
//! open, else kept until the user unlocks.

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::session::Session;

/// Links from a launch: bring the window forward and show what they hold.
pub(crate) fn receive<R: Runtime>(app: &AppHandle<R>, links: Vec<String>) {
    if !links.iter().any(|l| crate::session::is_link(l)) {
        return;
    }
    crate::tray::show_main(app);
    if let Some(arrival) = app.state::<Session>().arrival(links) {
        let _ = arrival.emit(app);
    }
}
