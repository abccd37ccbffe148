//! `watchword add --screen` on a real Wayland desktop: headless sway shows a
//! QR code as its wallpaper, and the CLI captures the screen through
//! xdg-desktop-portal (wlroots backend), as it would for a sway user.
//!
//! The test runs itself again inside scripts/wayland-session.sh, which starts
//! the compositor, the session bus and the portals (as `nobody` when run as
//! root, since sway refuses root).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const URI: &str = "otpauth://totp/WayCo:erin?secret=JBSWY3DPEHPK3PXP&issuer=WayCo";
/// Set on the inner run, inside the Wayland session.
const INNER: &str = "WATCHWORD_WAYLAND_INNER";

#[test]
fn add_screen_captures_through_the_wayland_portal() {
    if std::env::var_os(INNER).is_some() {
        inside_the_session();
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/wayland-session.sh");
    let out = Command::new(script)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "add_screen_captures_through_the_wayland_portal",
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

/// Runs `watchword` against the vault in `dir`.
fn watchword(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .output()
        .unwrap()
}

/// Sets the wallpaper of every output through sway's IPC.
fn wallpaper(args: &[&str]) {
    let out = Command::new("swaymsg")
        .args(["output", "*", "bg"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // swaybg draws asynchronously; give it a moment to reach the screen.
    std::thread::sleep(std::time::Duration::from_millis(700));
}

fn inside_the_session() {
    assert!(std::env::var_os("WAYLAND_DISPLAY").is_some());
    assert!(
        std::env::var_os("DISPLAY").is_none(),
        "X11 must not be used"
    );
    let home = PathBuf::from(std::env::var_os("HOME").unwrap());
    let picture = home.join("qr.png");
    std::fs::write(&picture, watchword_core::qr::to_png(URI, 6).unwrap()).unwrap();
    wallpaper(&[picture.to_str().unwrap(), "center", "#ffffff"]);

    let vault = home.join("vault");
    assert!(watchword(&vault, &["vault", "init"]).status.success());
    let out = watchword(&vault, &["add", "--screen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value =
        serde_json::from_slice(&watchword(&vault, &["list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["issuer"], "WayCo");
    assert_eq!(list[0]["name"], "erin");

    // A plain screen: nothing found, exit 1, one line; nothing enrolled.
    wallpaper(&["#ffffff", "solid_color"]);
    let out = watchword(&vault, &["add", "--screen"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "watchword: no QR code found in the screen"
    );
    let list: serde_json::Value =
        serde_json::from_slice(&watchword(&vault, &["list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}
