//! A corpus of hard QR pictures made in code: what other decoders miss and a
//! desktop user meets (dark-mode pages, screenshots, photos of screens).
//! Shared by the tests and the `qr` benchmark (`#[path]`-included).

#![allow(dead_code)]

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat, Luma, imageops};
use imageproc::geometric_transformations::{Interpolation, Projection, rotate_about_center, warp};

/// A picture and the texts it must yield, in reading order.
pub struct Case {
    pub name: String,
    pub image: DynamicImage,
    pub expected: Vec<String>,
}

pub const URI: &str =
    "otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

/// A QR code with `module` pixels per module and a 4-module quiet zone.
pub fn code(text: &str, module: u32) -> GrayImage {
    qrcode::QrCode::new(text.as_bytes())
        .unwrap()
        .render::<Luma<u8>>()
        .module_dimensions(module, module)
        .quiet_zone(true)
        .build()
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn white(width: u32, height: u32) -> GrayImage {
    GrayImage::from_pixel(width, height, Luma([255]))
}

fn pad(image: &GrayImage, margin: u32) -> GrayImage {
    let mut out = white(image.width() + 2 * margin, image.height() + 2 * margin);
    imageops::overlay(&mut out, image, i64::from(margin), i64::from(margin));
    out
}

fn jpeg(image: &GrayImage, quality: u8) -> GrayImage {
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
    DynamicImage::ImageLuma8(image.clone())
        .write_with_encoder(encoder)
        .unwrap();
    image::load(Cursor::new(bytes), ImageFormat::Jpeg)
        .unwrap()
        .to_luma8()
}

/// A busy 4K "screenshot": gradients, panels and text-like strokes.
fn busy_screen(width: u32, height: u32, rng: &mut Rng) -> GrayImage {
    let mut screen = GrayImage::from_fn(width, height, |x, y| {
        Luma([(180 + (x / 40 + y / 60) % 60) as u8])
    });
    for _ in 0..400 {
        let (x, y) = (
            (rng.next() % u64::from(width)) as u32,
            (rng.next() % u64::from(height)) as u32,
        );
        let (w, h) = (20 + (rng.next() % 300) as u32, 4 + (rng.next() % 14) as u32);
        let shade = (rng.next() % 200) as u8;
        for yy in y..(y + h).min(height) {
            for xx in x..(x + w).min(width) {
                screen.put_pixel(xx, yy, Luma([shade]));
            }
        }
    }
    screen
}

fn case(name: &str, image: GrayImage, expected: &[&str]) -> Case {
    Case {
        name: name.to_owned(),
        image: DynamicImage::ImageLuma8(image),
        expected: expected.iter().map(|s| s.to_string()).collect(),
    }
}

/// Every case; each must decode to exactly its expected texts.
pub fn cases() -> Vec<Case> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let base = pad(&code(URI, 6), 40);
    let mut out = vec![case("plain", base.clone(), &[URI])];

    let mut inverted = base.clone();
    imageops::invert(&mut inverted);
    out.push(case("inverted (dark mode)", inverted, &[URI]));

    let mut noisy = base.clone();
    for p in noisy.pixels_mut() {
        if rng.next() % 100 < 6 {
            p.0[0] = 255 - p.0[0];
        }
    }
    out.push(case("salt-and-pepper noise 6%", noisy, &[URI]));

    out.push(case(
        "gaussian blur σ=1.6",
        imageops::blur(&base, 1.6),
        &[URI],
    ));

    let low = GrayImage::from_fn(base.width(), base.height(), |x, y| {
        Luma([if base.get_pixel(x, y).0[0] < 128 {
            118
        } else {
            146
        }])
    });
    out.push(case("low contrast (118 vs 146)", low, &[URI]));

    out.push(case("JPEG quality 12", jpeg(&base, 12), &[URI]));

    for degrees in [17.0f32, 45.0, 90.0, 133.0, 200.0, 311.0] {
        let big = pad(&base, base.width() / 3);
        let rotated = rotate_about_center(
            &big,
            degrees.to_radians(),
            Interpolation::Bilinear,
            Luma([255]),
        );
        out.push(case(&format!("rotated {degrees}°"), rotated, &[URI]));
    }

    let shear = Projection::from_matrix([1.0, 0.12, 0.0, 0.06, 1.0, 0.0, 0.0, 0.0, 1.0]).unwrap();
    let skew_canvas = pad(&base, 80);
    out.push(case(
        "skewed (shear 0.12/0.06)",
        warp(&skew_canvas, &shear, Interpolation::Bilinear, Luma([255])),
        &[URI],
    ));

    let perspective = Projection::from_control_points(
        [(0.0, 0.0), (400.0, 0.0), (400.0, 400.0), (0.0, 400.0)],
        [(20.0, 10.0), (390.0, 30.0), (380.0, 380.0), (10.0, 395.0)],
    )
    .unwrap();
    let persp_canvas = imageops::resize(&base, 400, 400, imageops::FilterType::Triangle);
    out.push(case(
        "slight perspective",
        warp(
            &pad(&persp_canvas, 20),
            &perspective,
            Interpolation::Bilinear,
            Luma([255]),
        ),
        &[URI],
    ));

    out.push(case("2 px modules", pad(&code(URI, 2), 10), &[URI]));

    let mut screen = busy_screen(3840, 2160, &mut rng);
    imageops::overlay(&mut screen, &code(URI, 3), 2710, 1530);
    out.push(case("small code in a busy 4K screenshot", screen, &[URI]));

    let second = "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=7";
    let mut pair = white(900, 420);
    imageops::overlay(&mut pair, &code(second, 5), 480, 30);
    imageops::overlay(&mut pair, &code(URI, 5), 20, 40);
    out.push(case("two codes side by side", pair, &[URI, second]));

    let mut stacked = white(460, 900);
    imageops::overlay(&mut stacked, &code(second, 5), 30, 470);
    imageops::overlay(&mut stacked, &code(URI, 5), 20, 20);
    out.push(case("two codes stacked", stacked, &[URI, second]));

    let secret_512 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP";
    let dense = format!(
        "otpauth://totp/A%20Very%20Long%20Issuer%20Name%20Incorporated:firstname.middlename.lastname%40subdomain.example.com?secret={secret_512}&issuer=A%20Very%20Long%20Issuer%20Name%20Incorporated&algorithm=SHA512&digits=8&period=60"
    );
    out.push(Case {
        name: "dense (512-bit secret, long label)".into(),
        image: DynamicImage::ImageLuma8(pad(&code(&dense, 3), 20)),
        expected: vec![dense],
    });
    out
}
