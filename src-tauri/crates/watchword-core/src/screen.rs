//! Captures every screen, so a QR code shown anywhere on the desktop can be
//! read: X11 through the core protocol's GetImage (x11rb) on the root window,
//! which spans all monitors; Wayland through the xdg-desktop-portal Screenshot
//! API (ashpd), which asks the compositor.

use image::{DynamicImage, GrayImage};

/// Why the screen could not be captured.
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// Neither `WAYLAND_DISPLAY` nor `DISPLAY` is set.
    #[error("no graphical session to capture (neither WAYLAND_DISPLAY nor DISPLAY is set)")]
    NoDisplay,
    /// The X server refused or failed.
    #[error("cannot capture the X11 screen: {0}")]
    X11(String),
    /// The portal refused (the user cancelled, or no portal backend).
    #[error("the screenshot portal did not capture the screen: {0}")]
    Portal(String),
    /// The captured picture could not be read.
    #[error("{0}")]
    Picture(#[from] crate::qr::QrError),
}

/// Captures all screens of the current session, as the grey levels the QR
/// reader works on.
pub fn capture() -> Result<DynamicImage, ScreenError> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty());
    let x11 = std::env::var_os("DISPLAY").is_some_and(|v| !v.is_empty());
    match (wayland, x11) {
        // Under Wayland, X11 (XWayland) sees only X11 windows: ask the portal.
        (true, _) => capture_portal(),
        (false, true) => capture_x11(),
        (false, false) => Err(ScreenError::NoDisplay),
    }
}

/// The X11 root window, grey.
pub fn capture_x11() -> Result<DynamicImage, ScreenError> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat, ImageOrder};

    let fail = |e: &dyn std::fmt::Display| ScreenError::X11(e.to_string());
    let (conn, screen_index) = x11rb::connect(None).map_err(|e| fail(&e))?;
    let setup = conn.setup();
    let screen = &setup.roots[screen_index];
    let (width, height) = (screen.width_in_pixels, screen.height_in_pixels);
    let little_endian = setup.image_byte_order == ImageOrder::LSB_FIRST;
    // The screen in strips, all asked for at once: each strip is turned grey
    // while the server sends the next, and no 4K colour copy is ever held.
    let strips: Vec<(u16, u16)> = (0..height)
        .step_by(usize::from(STRIP_ROWS))
        .map(|top| (top, STRIP_ROWS.min(height - top)))
        .collect();
    let cookies = strips
        .iter()
        .map(|&(top, rows)| {
            conn.get_image(
                ImageFormat::Z_PIXMAP,
                screen.root,
                0,
                top as i16,
                width,
                rows,
                !0,
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(&e))?;
    let mut gray = Vec::with_capacity(usize::from(width) * usize::from(height));
    for (cookie, &(_, rows)) in cookies.into_iter().zip(&strips) {
        let reply = cookie.reply().map_err(|e| fail(&e))?;
        let bits = setup
            .pixmap_formats
            .iter()
            .find(|f| f.depth == reply.depth)
            .map_or(0, |f| f.bits_per_pixel);
        if bits != 32 || reply.depth < 24 {
            return Err(ScreenError::X11(format!(
                "unsupported pixel format (depth {}, {bits} bits per pixel)",
                reply.depth
            )));
        }
        let pixels = usize::from(width) * usize::from(rows);
        if reply.data.len() < pixels * 4 {
            return Err(ScreenError::X11("the server sent a short image".into()));
        }
        // 24-bit TrueColor in 32 bits: B G R X in LSB-first order. Only the
        // grey levels are kept: they are all the reader uses.
        gray.extend(reply.data.chunks_exact(4).take(pixels).map(|px| {
            if little_endian {
                crate::qr::luma(px[2], px[1], px[0])
            } else {
                crate::qr::luma(px[1], px[2], px[3])
            }
        }));
    }
    GrayImage::from_raw(u32::from(width), u32::from(height), gray)
        .map(DynamicImage::ImageLuma8)
        .ok_or_else(|| ScreenError::X11("image size mismatch".into()))
}

/// Rows per GetImage request of the X11 capture (a 4K strip is 2 MB).
const STRIP_ROWS: u16 = 128;

/// A non-interactive screenshot through the portal, read from the file it returns.
pub fn capture_portal() -> Result<DynamicImage, ScreenError> {
    let fail = |e: &dyn std::fmt::Display| ScreenError::Portal(e.to_string());
    // Its own thread and runtime: callers may already be inside an async runtime.
    let uri = std::thread::spawn(move || -> Result<String, ScreenError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| fail(&e))?;
        runtime.block_on(async {
            let response = ashpd::desktop::screenshot::Screenshot::request()
                .interactive(false)
                .modal(false)
                .send()
                .await
                .map_err(|e| fail(&e))?
                .response()
                .map_err(|e| fail(&e))?;
            Ok(response.uri().as_str().to_owned())
        })
    })
    .join()
    .map_err(|_| ScreenError::Portal("the capture thread failed".into()))??;
    let path = uri
        .strip_prefix("file://")
        .ok_or_else(|| ScreenError::Portal(format!("unexpected location {uri}")))?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let bytes = std::fs::read(&path).map_err(|e| fail(&e))?;
    // The portal leaves the file in the user's pictures folder: it is ours to remove.
    let _ = std::fs::remove_file(&path);
    Ok(crate::qr::load(&bytes, "the screenshot")?)
}
