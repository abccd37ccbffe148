//! QR codes in and out: every code in a picture, and accounts drawn as QR
//! codes (`qrcode`) for a phone to scan.
//!
//! Reading is one function for every source (a file, a drop, a copied
//! picture, the screen): [`scan_image`] (or [`scan_file`] / [`scan_bytes`],
//! which decode the picture with [`load`] first). zxing-cpp reads first; only
//! when it finds nothing do the thorough passes run (docs/ARCHITECTURE.md, QR).

mod picture;
mod prepare;
mod read;
mod rqrr_pass;

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, Luma};

pub(crate) use prepare::luma;

/// Largest width or height read; a bigger picture is refused with a message
/// rather than decoded into gigabytes of pixels.
pub const MAX_SIDE: u32 = 16_384;

/// Why a picture could not be read.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// The file could not be read from disk.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Empty, truncated, or not a picture format Watchword reads.
    #[error("{what} is not a readable image ({detail})")]
    Unreadable {
        /// The file or source.
        what: String,
        /// What the decoder said.
        detail: String,
    },
    /// Too many pixels to read safely.
    #[error(
        "{what} is {width}×{height} pixels; Watchword reads images up to {MAX_SIDE} pixels a side"
    )]
    TooLarge {
        /// The file or source.
        what: String,
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// Encoding failed (too much data for a QR code).
    #[error("cannot draw a QR code: {0}")]
    Encode(String),
}

/// One code found in a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The decoded text.
    pub text: String,
    /// Centre of the code, in pixels of the picture.
    pub center: (i32, i32),
    /// Approximate side length in pixels.
    pub size: i32,
}

/// Reads a picture file (PNG, JPEG, WebP, BMP, GIF) and finds every code.
pub fn scan_file(path: &Path) -> Result<Vec<Found>, QrError> {
    let bytes = std::fs::read(path).map_err(|source| QrError::Io {
        path: path.display().to_string(),
        source,
    })?;
    scan_bytes(&bytes, &path.display().to_string())
}

/// Finds every code in an encoded picture; `what` names it in messages.
pub fn scan_bytes(bytes: &[u8], what: &str) -> Result<Vec<Found>, QrError> {
    Ok(scan_image(&load(bytes, what)?))
}

/// Decodes a picture into the grey levels the reader works on (transparent
/// pixels laid on white), refusing oversized ones from their header, before
/// any pixel is allocated. PNG and JPEG take the fast paths (the `png` crate
/// row by row, zune-jpeg's luma channel alone); WebP, BMP and GIF go through
/// `image`.
pub fn load(bytes: &[u8], what: &str) -> Result<DynamicImage, QrError> {
    picture::load(bytes, what).map(DynamicImage::ImageLuma8)
}

/// Every code in the picture, in reading order (top to bottom, then left to
/// right). zxing-cpp reads both polarities (dark-mode pages show light-on-dark
/// codes); when it finds nothing, the thorough passes run side by side:
/// zxing-cpp again on the picture with its local contrast evened out (glare,
/// shadows), smoothed (noise), and enlarged (codes of one or two pixels per
/// module), and rqrr over Watchword's own threshold (bent pictures).
pub fn scan_image(image: &DynamicImage) -> Vec<Found> {
    let converted;
    let gray = match image {
        DynamicImage::ImageLuma8(gray) => gray,
        other => {
            converted = prepare::gray(other);
            &converted
        }
    };
    read::codes(gray)
}

/// A QR code of `text` as a PNG, with a quiet zone, `module` pixels per module.
pub fn to_png(text: &str, module: u32) -> Result<Vec<u8>, QrError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| QrError::Encode(e.to_string()))?;
    let image = code
        .render::<Luma<u8>>()
        .module_dimensions(module, module)
        .quiet_zone(true)
        .build();
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(image)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(png)
}

/// A QR code of `text` as an SVG document.
pub fn to_svg(text: &str) -> Result<String, QrError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}
