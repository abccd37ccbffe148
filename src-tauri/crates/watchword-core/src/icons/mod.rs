//! Account icons: which one an account shows, pictures made safe to keep,
//! icon packs, and the built-in brand set.

pub mod brands;
pub mod fold;
pub mod packs;
pub mod svg;

use std::io::Cursor;

use crate::account::{Account, Icon, IconImage, IconMime};

/// Side of the square a picture file is resized to: sharp at 2× in a 40 px row.
pub const PICTURE_SIZE: u32 = 96;
/// Largest icon kept as it is (imports): a vault is no place for photos.
pub const MAX_ICON_BYTES: usize = 512 * 1024;

/// Why a picture cannot become an icon.
#[derive(Debug, thiserror::Error)]
pub enum IconError {
    /// An SVG that cannot be read.
    #[error(transparent)]
    Svg(#[from] svg::SvgError),
    /// A PNG or JPEG that cannot be decoded (or is not what it says).
    #[error("not a readable {0} picture")]
    Unreadable(&'static str),
    /// Neither PNG, JPEG nor SVG.
    #[error("not a PNG, JPEG or SVG picture")]
    Format,
    /// Larger than [`MAX_ICON_BYTES`].
    #[error("the picture is too large for an icon ({0} bytes; at most 512 KiB)")]
    TooLarge(usize),
}

/// The icon an account shows: its own (chosen, imported or assigned by an
/// icon pack), else the built-in brand it is named after, else none (the
/// letter). A user's choice of the letter stays the letter.
pub fn shown(account: &Account) -> Option<Icon> {
    if let Some(icon) = &account.icon {
        return Some(icon.clone());
    }
    brands::find(
        account.otp.issuer.as_deref().unwrap_or(""),
        &account.otp.name,
    )
    .map(|slug| {
        Icon::automatic(IconImage::Brand {
            slug: slug.to_owned(),
        })
    })
}

/// A picture as another app kept it: PNG and JPEG byte for byte once they
/// are known to be what they say, SVG sanitised (byte for byte when clean).
pub fn picture(mime: IconMime, bytes: Vec<u8>) -> Result<IconImage, IconError> {
    if bytes.len() > MAX_ICON_BYTES {
        return Err(IconError::TooLarge(bytes.len()));
    }
    let bytes = match mime {
        IconMime::Svg => svg::sanitise(&bytes)?,
        IconMime::Png | IconMime::Jpeg => {
            let format = match mime {
                IconMime::Png => image::ImageFormat::Png,
                _ => image::ImageFormat::Jpeg,
            };
            if image::guess_format(&bytes).ok() != Some(format) {
                return Err(IconError::Unreadable(mime_name(mime)));
            }
            bytes
        }
    };
    Ok(IconImage::Picture { mime, bytes })
}

/// A picture file the user picked: SVG sanitised; PNG and JPEG decoded and
/// resized into a [`PICTURE_SIZE`] square (aspect kept, transparent margins),
/// written as PNG.
pub fn from_file(bytes: &[u8]) -> Result<IconImage, IconError> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
        return Ok(IconImage::Picture {
            mime: IconMime::Svg,
            bytes: svg::sanitise(bytes)?,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| IconError::Format)?;
    let name = match format {
        image::ImageFormat::Png => "PNG",
        image::ImageFormat::Jpeg => "JPEG",
        _ => return Err(IconError::Format),
    };
    let decoded = image::load_from_memory_with_format(bytes, format)
        .map_err(|_| IconError::Unreadable(name))?;
    Ok(IconImage::Picture {
        mime: IconMime::Png,
        bytes: square_png(&decoded, PICTURE_SIZE),
    })
}

/// `picture` fitted into a `size` square, centred on transparency, as PNG.
fn square_png(picture: &image::DynamicImage, size: u32) -> Vec<u8> {
    let fitted = picture
        .resize(size, size, image::imageops::FilterType::Lanczos3)
        .to_rgba8();
    let mut canvas = image::RgbaImage::new(size, size);
    let x = (size - fitted.width()) / 2;
    let y = (size - fitted.height()) / 2;
    image::imageops::overlay(&mut canvas, &fitted, x.into(), y.into());
    let mut out = Cursor::new(Vec::new());
    canvas
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("an RGBA picture encodes as PNG in memory");
    out.into_inner()
}

fn mime_name(mime: IconMime) -> &'static str {
    match mime {
        IconMime::Png => "PNG",
        IconMime::Jpeg => "JPEG",
        IconMime::Svg => "SVG",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A red PNG of this size.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 10, 10, 255]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// A blue JPEG of this size.
    pub(crate) fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([10, 10, 200]));
        let mut out = Cursor::new(Vec::new());
        picture
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_picture_file_becomes_a_small_square_png() {
        let IconImage::Picture { mime, bytes } = from_file(&png(640, 320)).unwrap() else {
            panic!("not a picture");
        };
        assert_eq!(mime, IconMime::Png);
        let back = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert_eq!(back.dimensions(), (PICTURE_SIZE, PICTURE_SIZE));
        // Wide: red across the middle, transparent above and below.
        assert_eq!(back.get_pixel(48, 48).0[3], 255);
        assert_eq!(back.get_pixel(48, 2).0[3], 0);
        assert!(matches!(from_file(b"GIF89a...."), Err(IconError::Format)));
        assert!(matches!(
            from_file(&png(4, 4)[..30]),
            Err(IconError::Unreadable("PNG"))
        ));
    }

    #[test]
    fn imported_pictures_stay_byte_for_byte_when_they_are_what_they_say() {
        let bytes = png(20, 20);
        assert_eq!(
            picture(IconMime::Png, bytes.clone()).unwrap(),
            IconImage::Picture {
                mime: IconMime::Png,
                bytes: bytes.clone()
            }
        );
        assert!(picture(IconMime::Jpeg, bytes).is_err());
        assert!(matches!(
            picture(IconMime::Png, vec![0; MAX_ICON_BYTES + 1]),
            Err(IconError::TooLarge(_))
        ));
    }
}
