//! `watchword add --screen` on a real X server (Xvfb, from
//! scripts/desktop-session.sh): a window shows a QR code, the CLI captures
//! every screen and enrolls it.

use std::process::Command;

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    ConnectionExt, CreateGCAux, CreateWindowAux, EventMask, ImageFormat, WindowClass,
};
use x11rb::wrapper::ConnectionExt as _;

const URI: &str = "otpauth://totp/ScreenCo:dana?secret=JBSWY3DPEHPK3PXP&issuer=ScreenCo";

/// Shows `gray` in a new top-level window at (x, y) and waits until it is drawn.
fn show(
    conn: &impl Connection,
    screen_index: usize,
    gray: &image::GrayImage,
    x: i16,
    y: i16,
) -> u32 {
    let screen = &conn.setup().roots[screen_index];
    let (width, height) = (gray.width() as u16, gray.height() as u16);
    let window = conn.generate_id().unwrap();
    conn.create_window(
        screen.root_depth,
        window,
        screen.root,
        x,
        y,
        width,
        height,
        0,
        WindowClass::INPUT_OUTPUT,
        screen.root_visual,
        &CreateWindowAux::new()
            .background_pixel(screen.white_pixel)
            .override_redirect(1)
            .event_mask(EventMask::EXPOSURE),
    )
    .unwrap();
    let gc = conn.generate_id().unwrap();
    conn.create_gc(gc, window, &CreateGCAux::new()).unwrap();
    conn.map_window(window).unwrap();
    conn.flush().unwrap();
    loop {
        if let Event::Expose(_) = conn.wait_for_event().unwrap() {
            break;
        }
    }
    // Row strips keep each PutImage under the core protocol's request limit.
    for top in (0..height).step_by(32) {
        let rows = 32.min(height - top);
        let mut data = Vec::with_capacity(usize::from(width) * usize::from(rows) * 4);
        for yy in top..top + rows {
            for xx in 0..width {
                let v = gray.get_pixel(u32::from(xx), u32::from(yy)).0[0];
                data.extend_from_slice(&[v, v, v, 0]);
            }
        }
        conn.put_image(
            ImageFormat::Z_PIXMAP,
            window,
            gc,
            width,
            rows,
            0,
            top as i16,
            0,
            screen.root_depth,
            &data,
        )
        .unwrap();
    }
    conn.sync().unwrap();
    window
}

#[test]
fn add_screen_enrolls_a_code_shown_on_the_screen() {
    let (conn, screen_index) =
        x11rb::connect(None).expect("an X server (run inside scripts/desktop-session.sh)");
    let png = watchword_core::qr::to_png(URI, 4).unwrap();
    let gray = image::load_from_memory(&png).unwrap().to_luma8();
    let window = show(&conn, screen_index, &gray, 700, 380);

    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_watchword"))
            .args(args)
            .env("WATCHWORD_DIR", dir.path())
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap()
    };
    assert!(run(&["vault", "init"]).status.success());
    let out = run(&["add", "--screen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(list[0]["issuer"], "ScreenCo");
    assert_eq!(list[0]["name"], "dana");

    // With the window gone there is nothing to find: exit 1, one line.
    conn.destroy_window(window).unwrap();
    conn.sync().unwrap();
    let out = run(&["add", "--screen"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "watchword: no QR code found in the screen"
    );

    // No display at all: a clear error.
    let out = Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(["add", "--screen"])
        .env("WATCHWORD_DIR", dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no graphical session to capture"));
}
