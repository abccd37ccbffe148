//! What the desktop module reads of a real Wayland session: headless sway
//! with xdg-desktop-portal and its wlroots backend, which offers screenshots
//! but no GlobalShortcuts portal and no tray. There the quick pick's shortcut
//! must take the desktop's own keyboard settings, and closing the window must
//! quit (nothing would show the app in a tray).
//!
//! The test runs itself again inside scripts/wayland-session.sh (as `nobody`
//! when run as root, since sway refuses root).

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use watchword_core::desktop::shortcut::{ShortcutRoute, portal_available, route};
use watchword_core::desktop::{DisplayServer, tray_host_present};

/// The `version` of a portal interface, if the session's portal offers it.
fn portal_version(interface: &'static str) -> Option<u32> {
    use ashpd::zbus;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let bus = zbus::Connection::session().await.ok()?;
        let portal = zbus::Proxy::new(
            &bus,
            "org.freedesktop.portal.Desktop",
            "/org/freedesktop/portal/desktop",
            interface,
        )
        .await
        .ok()?;
        portal.get_property::<u32>("version").await.ok()
    })
}

/// Set on the inner run, inside the Wayland session.
const INNER: &str = "WATCHWORD_WAYLAND_INNER";

#[test]
fn sway_without_a_shortcut_portal_leaves_the_shortcut_to_its_settings() {
    if std::env::var_os(INNER).is_some() {
        assert_eq!(DisplayServer::current(), DisplayServer::Wayland);
        // The portal runs (its screenshot interface answers), so the probe
        // below is told "no" by a live portal, not by a missing bus.
        assert!(portal_version("org.freedesktop.portal.Screenshot").is_some());
        assert_eq!(
            portal_version("org.freedesktop.portal.GlobalShortcuts"),
            None
        );
        assert!(
            !portal_available(),
            "xdg-desktop-portal-wlr has no GlobalShortcuts"
        );
        assert_eq!(
            route(DisplayServer::current(), portal_available),
            ShortcutRoute::DesktopSettings
        );
        assert!(!tray_host_present(), "sway's session runs no tray host");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/wayland-session.sh");
    let out = Command::new(script)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "sway_without_a_shortcut_portal_leaves_the_shortcut_to_its_settings",
            "--nocapture",
        ])
        .env(INNER, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the Wayland session run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
