//! What the user copied: a picture (a screenshot of a QR code) or text (an
//! `otpauth://` link), read through the OS clipboard (arboard: X11, Wayland's
//! data-control protocol, macOS, Windows).

use image::{DynamicImage, RgbaImage};

/// What the clipboard holds, as far as enrollment cares.
#[derive(Debug)]
pub enum Clipboard {
    /// A picture.
    Image(DynamicImage),
    /// Text.
    Text(String),
    /// Nothing usable.
    Empty,
}

/// Why the clipboard could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the clipboard: {0}")]
pub struct ClipboardError(String);

/// Reads the clipboard, preferring a picture over text.
pub fn read() -> Result<Clipboard, ClipboardError> {
    let mut clipboard = arboard::Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?;
    match clipboard.get_image() {
        Ok(data) => {
            let (width, height) = (data.width as u32, data.height as u32);
            return RgbaImage::from_raw(width, height, data.bytes.into_owned())
                .map(|rgba| Clipboard::Image(DynamicImage::ImageRgba8(rgba)))
                .ok_or_else(|| {
                    ClipboardError("the picture's size does not match its data".into())
                });
        }
        Err(arboard::Error::ContentNotAvailable) => {}
        Err(other) => return Err(ClipboardError(other.to_string())),
    }
    match clipboard.get_text() {
        Ok(text) if !text.trim().is_empty() => Ok(Clipboard::Text(text)),
        Ok(_) | Err(arboard::Error::ContentNotAvailable) => Ok(Clipboard::Empty),
        Err(other) => Err(ClipboardError(other.to_string())),
    }
}
