//! How the quick pick's global shortcut reaches the app. Under X11 the shell
//! grabs the keys itself (tauri-plugin-global-shortcut); Wayland lets no app
//! grab keys, so there the xdg-desktop-portal GlobalShortcuts interface asks
//! the desktop to bind them, and where the desktop offers no such portal the
//! user binds the `--quick` command in the desktop's own keyboard settings.

use serde::Serialize;

use super::DisplayServer;

/// The argument that opens the quick pick (in the running app, through the
/// single-instance hand-over).
pub const QUICK_FLAG: &str = "--quick";

/// The portal's id for the one shortcut Watchword binds.
pub const PORTAL_ID: &str = "quick-pick";

/// Which way the shortcut takes on this desktop.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShortcutRoute {
    /// The app grabs the keys on the X server.
    X11,
    /// The desktop binds them for the app (GlobalShortcuts portal).
    Portal,
    /// Neither: the user binds the `--quick` command in the desktop's settings.
    DesktopSettings,
}

/// Why the portal did not bind the shortcut.
#[derive(Debug, thiserror::Error)]
pub enum ShortcutError {
    /// The portal is missing, refused, or the user declined.
    #[error("the desktop's shortcut portal did not bind the shortcut: {0}")]
    Portal(String),
}

/// The route for `server`; `portal_available` is only asked under Wayland.
pub fn route(server: DisplayServer, portal_available: impl FnOnce() -> bool) -> ShortcutRoute {
    match server {
        DisplayServer::X11 => ShortcutRoute::X11,
        DisplayServer::Wayland if portal_available() => ShortcutRoute::Portal,
        DisplayServer::Wayland | DisplayServer::NoDisplay => ShortcutRoute::DesktopSettings,
    }
}

/// A shortcut as the settings write it (`Ctrl+Alt+W`, `Super+W`) in the
/// XDG "shortcuts" notation the portal takes as the preferred trigger
/// (`CTRL+ALT+w`, `LOGO+w`). The desktop may choose another.
pub fn xdg_trigger(shortcut: &str) -> String {
    let parts: Vec<&str> = shortcut.split('+').map(str::trim).collect();
    let Some((key, modifiers)) = parts.split_last() else {
        return String::new();
    };
    let mut out: Vec<String> = modifiers
        .iter()
        .map(|m| match m.to_ascii_lowercase().as_str() {
            "ctrl" | "control" | "cmdorctrl" | "commandorcontrol" => "CTRL".to_owned(),
            "alt" | "option" => "ALT".to_owned(),
            "shift" => "SHIFT".to_owned(),
            "super" | "meta" | "cmd" | "command" | "logo" => "LOGO".to_owned(),
            other => other.to_ascii_uppercase(),
        })
        .collect();
    let key = key
        .strip_prefix("Key")
        .filter(|k| k.len() == 1)
        .unwrap_or(key);
    let key = key
        .strip_prefix("Digit")
        .filter(|k| k.len() == 1)
        .unwrap_or(key);
    out.push(if key.chars().count() == 1 {
        key.to_lowercase()
    } else {
        key.to_owned()
    });
    out.join("+")
}

#[cfg(target_os = "linux")]
pub use portal::{PortalShortcut, portal_available};

#[cfg(target_os = "linux")]
mod portal {
    use std::time::Duration;

    use ashpd::desktop::global_shortcuts::{GlobalShortcuts, NewShortcut};
    use futures_util::StreamExt;
    use tokio::sync::oneshot;

    use super::ShortcutError;

    /// A runtime of its own on the calling thread: callers may already be
    /// inside an async runtime.
    fn runtime() -> Option<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()
    }

    /// Whether the desktop offers the GlobalShortcuts portal (GNOME 48+,
    /// KDE Plasma, Hyprland; not wlroots' portal): its interface answers for
    /// its version. (Asked directly: ashpd's proxy waits on a portal lacking
    /// the interface instead of failing.)
    pub fn portal_available() -> bool {
        use ashpd::zbus;
        std::thread::spawn(|| {
            runtime().is_some_and(|rt| {
                rt.block_on(async {
                    let ask = async {
                        let bus = zbus::Connection::session().await.ok()?;
                        let portal = zbus::proxy::Builder::<zbus::Proxy<'_>>::new(&bus)
                            .destination("org.freedesktop.portal.Desktop")
                            .ok()?
                            .path("/org/freedesktop/portal/desktop")
                            .ok()?
                            .interface("org.freedesktop.portal.GlobalShortcuts")
                            .ok()?
                            .cache_properties(zbus::proxy::CacheProperties::No)
                            .build()
                            .await
                            .ok()?;
                        portal.get_property::<u32>("version").await.ok()
                    };
                    // The portal may be started by this very call (D-Bus activation).
                    tokio::time::timeout(Duration::from_secs(10), ask)
                        .await
                        .ok()
                        .flatten()
                        .is_some()
                })
            })
        })
        .join()
        .unwrap_or(false)
    }

    /// A shortcut the desktop bound for the app through the portal, for as
    /// long as this value lives (dropping it closes the portal session).
    pub struct PortalShortcut {
        stop: Option<oneshot::Sender<()>>,
    }

    impl PortalShortcut {
        /// Asks the desktop to bind a shortcut with `id` and `description`,
        /// suggesting `trigger` (XDG notation), on a thread of its own. The
        /// desktop may ask the user first, so the outcome arrives later:
        /// `on_bound` gets the trigger as the desktop describes it, or why it
        /// failed; then `on_activated` runs at each press.
        pub fn bind(
            id: &str,
            description: &str,
            trigger: Option<String>,
            on_bound: impl FnOnce(Result<String, ShortcutError>) + Send + 'static,
            on_activated: impl Fn() + Send + 'static,
        ) -> Self {
            let (stop, stopped) = oneshot::channel();
            let id = id.to_owned();
            let description = description.to_owned();
            std::thread::spawn(move || {
                let Some(rt) = runtime() else {
                    on_bound(Err(ShortcutError::Portal("no async runtime".into())));
                    return;
                };
                let mut on_bound = Some(on_bound);
                let outcome = rt.block_on(serve(
                    &id,
                    &description,
                    trigger,
                    &mut on_bound,
                    &on_activated,
                    stopped,
                ));
                if let (Err(error), Some(report)) = (outcome, on_bound.take()) {
                    report(Err(ShortcutError::Portal(error.to_string())));
                }
            });
            Self { stop: Some(stop) }
        }
    }

    impl Drop for PortalShortcut {
        /// Ends the session: the desktop forgets the binding for this run.
        fn drop(&mut self) {
            if let Some(stop) = self.stop.take() {
                let _ = stop.send(());
            }
        }
    }

    /// Binds, reports, then relays activations until `stopped`.
    async fn serve<B: FnOnce(Result<String, ShortcutError>)>(
        id: &str,
        description: &str,
        trigger: Option<String>,
        on_bound: &mut Option<B>,
        on_activated: &impl Fn(),
        mut stopped: oneshot::Receiver<()>,
    ) -> Result<(), ashpd::Error> {
        let portal = GlobalShortcuts::new().await?;
        let session = portal.create_session(Default::default()).await?;
        let mut activated = portal.receive_activated().await?;
        let shortcut = NewShortcut::new(id, description).preferred_trigger(trigger.as_deref());
        let bound = portal
            .bind_shortcuts(&session, &[shortcut], None, Default::default())
            .await?
            .response()?;
        let ours = bound.shortcuts().iter().find(|s| s.id() == id);
        if let Some(report) = on_bound.take() {
            report(
                ours.map(|s| s.trigger_description().to_owned())
                    .ok_or_else(|| {
                        ShortcutError::Portal("the desktop bound no shortcut (declined?)".into())
                    }),
            );
        }
        loop {
            tokio::select! {
                signal = activated.next() => match signal {
                    // The portal sends a session's signals to its owner only.
                    Some(signal) if signal.shortcut_id() == id => on_activated(),
                    Some(_) => {}
                    None => break,
                },
                _ = &mut stopped => break,
            }
        }
        let _ = session.close().await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wayland_takes_the_portal_when_offered_else_the_desktop_settings() {
        assert_eq!(
            route(DisplayServer::X11, || panic!("not asked")),
            ShortcutRoute::X11
        );
        assert_eq!(
            route(DisplayServer::Wayland, || true),
            ShortcutRoute::Portal
        );
        assert_eq!(
            route(DisplayServer::Wayland, || false),
            ShortcutRoute::DesktopSettings
        );
        assert_eq!(
            route(DisplayServer::NoDisplay, || true),
            ShortcutRoute::DesktopSettings
        );
    }

    #[test]
    fn settings_shortcuts_become_xdg_triggers() {
        assert_eq!(xdg_trigger("Ctrl+Alt+W"), "CTRL+ALT+w");
        assert_eq!(xdg_trigger("Super+W"), "LOGO+w");
        assert_eq!(xdg_trigger("control+shift+KeyK"), "CTRL+SHIFT+k");
        assert_eq!(xdg_trigger("Alt+F5"), "ALT+F5");
        assert_eq!(xdg_trigger("Ctrl+Digit1"), "CTRL+1");
        assert_eq!(xdg_trigger(""), "");
    }
}
