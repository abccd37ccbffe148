//! Picture files to grey levels, with their size checked from the header
//! before any pixel is decoded. PNG goes through the `png` crate row by row
//! (each row turned grey as it comes: the full-colour picture is never held),
//! JPEG through zune-jpeg's luma channel alone (no colour upsampling or
//! conversion); the other formats through `image`.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{MAX_SIDE, QrError, prepare};

/// Most bytes a decoder may allocate (a 16384² RGBA picture is 1 GiB).
const MAX_ALLOC: u64 = 2 * 1024 * 1024 * 1024;

fn unreadable(what: &str, detail: impl std::fmt::Display) -> QrError {
    QrError::Unreadable {
        what: what.to_owned(),
        detail: detail.to_string(),
    }
}

fn check_size(what: &str, width: u32, height: u32) -> Result<(), QrError> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(QrError::TooLarge {
            what: what.to_owned(),
            width,
            height,
        });
    }
    Ok(())
}

/// The picture in `bytes` as grey levels.
pub(super) fn load(bytes: &[u8], what: &str) -> Result<GrayImage, QrError> {
    if bytes.is_empty() {
        return Err(unreadable(what, "the file is empty"));
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => png(bytes, what),
        Ok(ImageFormat::Jpeg) => jpeg(bytes, what),
        Ok(_) => other(bytes, what),
        Err(_) => Err(unreadable(what, "unknown format")),
    }
}

/// PNG: palettes and low bit depths expanded, 16 bits cut to 8, each row
/// made grey as it is inflated.
fn png(bytes: &[u8], what: &str) -> Result<GrayImage, QrError> {
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: MAX_ALLOC as usize,
        },
    );
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let header = decoder
        .read_header_info()
        .map_err(|e| unreadable(what, e))?;
    check_size(what, header.width, header.height)?;
    let interlaced = header.interlaced;
    let mut reader = decoder.read_info().map_err(|e| unreadable(what, e))?;
    let (width, height) = (reader.info().width, reader.info().height);
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return other(bytes, what),
    };
    let mut gray = Vec::with_capacity(width as usize * height as usize);
    if interlaced {
        // Adam7 comes in passes: the whole frame first, then grey.
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| unreadable(what, "the picture is too large"))?;
        let mut frame = vec![0; size];
        let info = reader
            .next_frame(&mut frame)
            .map_err(|e| unreadable(what, e))?;
        for row in frame.chunks_exact(info.line_size).take(height as usize) {
            prepare::gray_row(row, channels, &mut gray);
        }
    } else {
        while let Some(row) = reader.next_row().map_err(|e| unreadable(what, e))? {
            prepare::gray_row(row.data(), channels, &mut gray);
        }
    }
    GrayImage::from_raw(width, height, gray).ok_or_else(|| unreadable(what, "truncated pixel data"))
}

/// JPEG: only the luma channel is decoded (what a photo's grey levels are).
/// A JPEG zune-jpeg cannot turn grey (CMYK, say) goes through `image`.
fn jpeg(bytes: &[u8], what: &str) -> Result<GrayImage, QrError> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;

    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    // An oversized header is refused in words before the decoder's own limit says it less clearly.
    if let Some((width, height)) = jpeg_dimensions(bytes) {
        check_size(what, width, height)?;
    }
    decoder
        .decode_headers()
        .map_err(|e| unreadable(what, format!("{e:?}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| unreadable(what, "no JPEG header"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_size(what, width, height)?;
    if decoder.output_colorspace() != Some(ColorSpace::Luma) {
        return other(bytes, what);
    }
    let pixels = decoder
        .decode()
        .map_err(|e| unreadable(what, format!("{e:?}")))?;
    GrayImage::from_raw(width, height, pixels)
        .ok_or_else(|| unreadable(what, "truncated pixel data"))
}

/// The frame size from a JPEG's first start-of-frame marker, if it has one.
fn jpeg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let length = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]);
            let width = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]);
            return Some((u32::from(width), u32::from(height)));
        }
        i += 2 + length;
    }
    None
}

/// WebP, BMP, GIF (and what the fast paths hand back) through `image`.
fn other(bytes: &[u8], what: &str) -> Result<GrayImage, QrError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(what, e))?;
    if reader.format().is_none() {
        return Err(unreadable(what, "unknown format"));
    }
    // One header parse: the size is checked before any pixel is decoded.
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(what, e))?;
    let (width, height) = decoder.dimensions();
    check_size(what, width, height)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    decoder
        .set_limits(limits)
        .map_err(|e| unreadable(what, e))?;
    let image = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(what, e))?;
    Ok(prepare::gray(&image))
}
