//! What the desktop session offers a program that stays at hand: which display
//! server it runs under (so the quick pick's shortcut takes the way that works
//! there), whether a tray shows status icons (so closing the window may keep
//! the app running), and the login autostart entry. The desktop shell acts on
//! these answers; nothing here opens a window.

pub mod autostart;
pub mod shortcut;

use std::ffi::OsStr;

/// The graphical session the app runs in, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayServer {
    /// A Wayland compositor: apps cannot grab keys or see other windows; portals ask for them.
    Wayland,
    /// An X server: any client may grab a key combination on the root window.
    X11,
    /// Neither (a console, a test without a screen).
    NoDisplay,
}

impl DisplayServer {
    /// The session of this process.
    pub fn current() -> Self {
        Self::from_vars(
            std::env::var_os("WAYLAND_DISPLAY").as_deref(),
            std::env::var_os("DISPLAY").as_deref(),
            std::env::var_os("XDG_SESSION_TYPE").as_deref(),
        )
    }

    /// The session the variables describe. A Wayland session wins over the
    /// X11 display XWayland also offers: under Wayland, a key grabbed through
    /// XWayland fires only while an X11 window has the focus.
    pub fn from_vars(
        wayland_display: Option<&OsStr>,
        display: Option<&OsStr>,
        session_type: Option<&OsStr>,
    ) -> Self {
        let set = |value: Option<&OsStr>| value.is_some_and(|v| !v.is_empty());
        if set(wayland_display) || session_type.is_some_and(|t| t == "wayland") {
            Self::Wayland
        } else if set(display) {
            Self::X11
        } else {
            Self::NoDisplay
        }
    }
}

/// Whether a tray shows status icons now: a StatusNotifier host (KDE, GNOME
/// with the AppIndicator extension, most panels) or an X11 system tray
/// (XEmbed). Without either, an app hidden to the tray could not be found again.
#[cfg(target_os = "linux")]
pub fn tray_host_present() -> bool {
    status_notifier_watcher() || x11_system_tray()
}

/// Off Linux the shell's tray always shows.
#[cfg(not(target_os = "linux"))]
pub fn tray_host_present() -> bool {
    true
}

/// The StatusNotifierWatcher that tray hosts run on the session bus has an owner.
#[cfg(target_os = "linux")]
fn status_notifier_watcher() -> bool {
    use ashpd::zbus;
    // Its own thread and runtime: callers may already be inside an async runtime.
    std::thread::spawn(|| {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return false;
        };
        runtime.block_on(async {
            let ask = async {
                let bus = zbus::Connection::session().await.ok()?;
                let dbus = zbus::fdo::DBusProxy::new(&bus).await.ok()?;
                let name = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher").ok()?;
                dbus.name_has_owner(name).await.ok()
            };
            tokio::time::timeout(std::time::Duration::from_secs(2), ask)
                .await
                .ok()
                .flatten()
                .unwrap_or(false)
        })
    })
    .join()
    .unwrap_or(false)
}

/// The X11 system tray selection of the default screen has an owner (XEmbed trays).
#[cfg(target_os = "linux")]
fn x11_system_tray() -> bool {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::ConnectionExt;
    if DisplayServer::current() != DisplayServer::X11 {
        return false;
    }
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return false;
    };
    let name = format!("_NET_SYSTEM_TRAY_S{screen}");
    let owner = conn
        .intern_atom(true, name.as_bytes())
        .ok()
        .and_then(|cookie| cookie.reply().ok())
        .filter(|atom| atom.atom != x11rb::NONE)
        .and_then(|atom| conn.get_selection_owner(atom.atom).ok())
        .and_then(|cookie| cookie.reply().ok());
    let _ = conn.flush();
    owner.is_some_and(|o| o.owner != x11rb::NONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(value: &str) -> Option<&OsStr> {
        Some(OsStr::new(value))
    }

    #[test]
    fn wayland_wins_over_its_x11_compatibility_display() {
        use DisplayServer::{NoDisplay, Wayland, X11};
        let server = DisplayServer::from_vars;
        assert_eq!(server(os("wayland-0"), os(":0"), None), Wayland);
        assert_eq!(server(None, os(":0"), os("wayland")), Wayland);
        assert_eq!(server(None, os(":0"), os("x11")), X11);
        assert_eq!(server(os(""), os(":1"), None), X11);
        assert_eq!(server(None, None, os("tty")), NoDisplay);
        assert_eq!(server(os(""), os(""), None), NoDisplay);
    }
}
