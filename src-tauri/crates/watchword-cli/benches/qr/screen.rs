//! The app's screen scan, timed: a busy desktop picture shown full screen on
//! the X server the benchmark runs under (`make bench-qr` starts a 4K Xvfb),
//! then what "Scan the screen" does: `screen::capture` and the reader
//! (`Findings::from_picture`), mean of `runs`.

use std::time::{Duration, Instant};

use image::RgbImage;
use watchword_core::enroll::Findings;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    ConnectionExt, CreateGCAux, CreateWindowAux, EventMask, ImageFormat, WindowClass,
};
use x11rb::wrapper::ConnectionExt as _;

/// Capture time, read time, the screen's size and whether the code was found;
/// `None` without an X server.
pub fn time_screen_scan(
    picture: &RgbImage,
    runs: u32,
) -> Option<(Duration, Duration, (u16, u16), bool)> {
    std::env::var_os("DISPLAY")?;
    let (conn, screen_index) = x11rb::connect(None).ok()?;
    let screen = &conn.setup().roots[screen_index];
    let (width, height) = (screen.width_in_pixels, screen.height_in_pixels);
    let window = conn.generate_id().ok()?;
    conn.create_window(
        screen.root_depth,
        window,
        screen.root,
        0,
        0,
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
    .ok()?;
    let gc = conn.generate_id().ok()?;
    conn.create_gc(gc, window, &CreateGCAux::new()).ok()?;
    conn.map_window(window).ok()?;
    conn.flush().ok()?;
    while !matches!(conn.wait_for_event().ok()?, Event::Expose(_)) {}
    // Row strips keep each PutImage under the core protocol's request limit.
    let (w, h) = (
        width.min(picture.width() as u16),
        height.min(picture.height() as u16),
    );
    for top in (0..h).step_by(16) {
        let rows = 16.min(h - top);
        let mut data = Vec::with_capacity(usize::from(w) * usize::from(rows) * 4);
        for y in top..top + rows {
            for x in 0..w {
                let [r, g, b] = picture.get_pixel(u32::from(x), u32::from(y)).0;
                data.extend_from_slice(&[b, g, r, 0]);
            }
        }
        conn.put_image(
            ImageFormat::Z_PIXMAP,
            window,
            gc,
            w,
            rows,
            0,
            top as i16,
            0,
            screen.root_depth,
            &data,
        )
        .ok()?;
    }
    conn.sync().ok()?;
    let (mut capture, mut read, mut found) = (Duration::ZERO, Duration::ZERO, true);
    for _ in 0..runs {
        let start = Instant::now();
        let shot = watchword_core::screen::capture().ok()?;
        let captured = start.elapsed();
        let findings = Findings::from_picture(&shot, "the screen");
        read += start.elapsed() - captured;
        capture += captured;
        found &= findings.is_ok();
    }
    conn.destroy_window(window).ok()?;
    conn.sync().ok()?;
    Some((capture / runs, read / runs, (width, height), found))
}
