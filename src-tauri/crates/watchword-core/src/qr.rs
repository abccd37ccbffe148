//! QR codes in and out: every code in a picture (rqrr over `image`), and
//! accounts drawn as QR codes (`qrcode`) for a phone to scan.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, GrayImage, ImageReader, Limits, Luma, imageops};

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

/// Decodes a picture, refusing oversized ones before allocating their pixels.
pub fn load(bytes: &[u8], what: &str) -> Result<DynamicImage, QrError> {
    let unreadable = |detail: String| QrError::Unreadable {
        what: what.to_owned(),
        detail,
    };
    if bytes.is_empty() {
        return Err(unreadable("the file is empty".into()));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    if reader.format().is_none() {
        return Err(unreadable("unknown format".into()));
    }
    let (width, height) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?
        .into_dimensions()
        .map_err(|e| unreadable(e.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(QrError::TooLarge {
            what: what.to_owned(),
            width,
            height,
        });
    }
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(2 * 1024 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|e| unreadable(e.to_string()))
}

/// Every code in the picture, in reading order (top to bottom, then left to
/// right). Tries the picture as it is, inverted (light codes on dark pages),
/// contrast-stretched, and at half and double scale, merging what each finds.
pub fn scan_image(image: &DynamicImage) -> Vec<Found> {
    let gray = image.to_luma8();
    let mut found = Vec::new();
    detect(&gray, 1.0, &mut found);
    let mut inverted = gray.clone();
    imageops::invert(&mut inverted);
    detect(&inverted, 1.0, &mut found);
    if found.is_empty() {
        let stretched = stretch_contrast(&gray);
        detect(&stretched, 1.0, &mut found);
        let mut stretched_inverted = stretched;
        imageops::invert(&mut stretched_inverted);
        detect(&stretched_inverted, 1.0, &mut found);
    }
    if found.is_empty() && gray.width().min(gray.height()) > 200 {
        // Blur and JPEG noise shrink away at half size.
        let half = imageops::resize(
            &gray,
            gray.width() / 2,
            gray.height() / 2,
            imageops::FilterType::Triangle,
        );
        detect(&half, 2.0, &mut found);
    }
    if found.is_empty() && gray.width().max(gray.height()) < 1600 {
        // Tiny modules (1–2 px) get room at double size.
        let double = imageops::resize(
            &gray,
            gray.width() * 2,
            gray.height() * 2,
            imageops::FilterType::Nearest,
        );
        detect(&double, 0.5, &mut found);
    }
    order(&mut found);
    found
}

/// Runs rqrr on one prepared picture and adds codes not already found.
fn detect(gray: &GrayImage, scale: f32, found: &mut Vec<Found>) {
    let mut prepared = rqrr::PreparedImage::prepare(gray.clone());
    for grid in prepared.detect_grids() {
        let Ok((_, text)) = grid.decode() else {
            continue;
        };
        let xs = grid.bounds.map(|p| p.x);
        let ys = grid.bounds.map(|p| p.y);
        let center = (
            (xs.iter().sum::<i32>() as f32 / 4.0 * scale) as i32,
            (ys.iter().sum::<i32>() as f32 / 4.0 * scale) as i32,
        );
        let size = (((xs.iter().max().unwrap_or(&0) - xs.iter().min().unwrap_or(&0)) as f32)
            * scale) as i32;
        let duplicate = found.iter().any(|f| {
            f.text == text
                && (f.center.0 - center.0).abs() < f.size.max(8) / 2
                && (f.center.1 - center.1).abs() < f.size.max(8) / 2
        });
        if !duplicate {
            found.push(Found { text, center, size });
        }
    }
}

/// Reading order: rows of codes top to bottom, each row left to right.
fn order(found: &mut [Found]) {
    found.sort_by_key(|f| (f.center.1, f.center.0));
    // Codes whose centres are within half a code of each other vertically share a row.
    let mut row_of = Vec::with_capacity(found.len());
    let mut row = 0;
    for i in 0..found.len() {
        if i > 0
            && found[i].center.1 - found[i - 1].center.1 > found[i].size.max(found[i - 1].size) / 2
        {
            row += 1;
        }
        row_of.push(row);
    }
    let mut keyed: Vec<(usize, Found)> = row_of.into_iter().zip(found.iter().cloned()).collect();
    keyed.sort_by_key(|(row, f)| (*row, f.center.0));
    for (slot, (_, f)) in found.iter_mut().zip(keyed) {
        *slot = f;
    }
}

/// Spreads the darkest-to-lightest range over 0–255 (low-contrast pictures).
fn stretch_contrast(gray: &GrayImage) -> GrayImage {
    let mut histogram = [0usize; 256];
    for p in gray.pixels() {
        histogram[usize::from(p.0[0])] += 1;
    }
    let total = gray.pixels().len();
    let cut = total / 100;
    let low = percentile(&histogram, cut);
    let high = percentile(&histogram, total.saturating_sub(cut + 1));
    if high <= low {
        return gray.clone();
    }
    let span = f32::from(high - low);
    GrayImage::from_fn(gray.width(), gray.height(), |x, y| {
        let v = gray.get_pixel(x, y).0[0];
        Luma([((f32::from(v.saturating_sub(low)) / span).min(1.0) * 255.0) as u8])
    })
}

fn percentile(histogram: &[usize; 256], rank: usize) -> u8 {
    let mut seen = 0;
    for (value, count) in histogram.iter().enumerate() {
        seen += count;
        if seen > rank {
            return u8::try_from(value).unwrap_or(u8::MAX);
        }
    }
    u8::MAX
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
