//! Watchword's QR corpus: pictures a person meets, made in code (README.md in
//! this folder says how each was made). Three parts:
//! - `pictures/` with `cases.json`: photos of screens and paper, tiny renders,
//!   JPEG screenshots, the largest versions, other character sets, several
//!   codes at once, styled and noisy codes, and pictures without a code;
//!   written by `generate.py` (seeded) and committed;
//! - busy 4K desktops, drawn here at test time from seeds;
//! - the first synthetic cases (rotations, blur, noise…), drawn here too.
//!
//! Shared by the tests and the `qr_vs_zbar` benchmark (`#[path]`-included).

#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, GrayImage, ImageFormat, Luma, Rgb, RgbImage, imageops};
use imageproc::geometric_transformations::{Interpolation, Projection, rotate_about_center, warp};

/// Where a case's picture comes from.
pub enum Picture {
    /// A committed file (its bytes are what a user's file would hold).
    File(PathBuf),
    /// Drawn at test time.
    Made(DynamicImage),
}

/// A picture and the texts it must yield, in reading order (none for a
/// picture without a code).
pub struct Case {
    pub name: String,
    pub group: String,
    pub picture: Picture,
    pub expected: Vec<String>,
}

impl Case {
    /// The picture as a file would hold it: the committed file, or a PNG.
    pub fn bytes(&self) -> Vec<u8> {
        match &self.picture {
            Picture::File(path) => std::fs::read(path).expect("corpus file"),
            Picture::Made(image) => png(image),
        }
    }

    /// The file extension of [`Case::bytes`].
    pub fn extension(&self) -> &str {
        match &self.picture {
            Picture::File(path) => path.extension().and_then(|e| e.to_str()).unwrap_or("png"),
            Picture::Made(_) => "png",
        }
    }

    /// The decoded picture.
    pub fn image(&self) -> DynamicImage {
        match &self.picture {
            Picture::File(_) => image::load_from_memory(&self.bytes()).expect("corpus picture"),
            Picture::Made(image) => image.clone(),
        }
    }
}

/// A PNG as a screenshot tool writes it (default compression, adaptive filters).
pub fn png(image: &DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    image.write_with_encoder(encoder).expect("png");
    bytes
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../watchword-core/tests/corpus")
}

/// Every case: the committed pictures, the 4K desktops, the synthetic ones.
pub fn cases() -> Vec<Case> {
    let mut all = pictures();
    all.extend(desktops());
    all.extend(synthetic());
    all
}

/// The committed pictures listed in `cases.json`.
pub fn pictures() -> Vec<Case> {
    let dir = folder();
    pictures_in(&dir.join("cases.json"), &dir.join("pictures"))
}

/// The pictures a `cases.json` lists (another seed's set: `generate.py --seed`).
pub fn pictures_in(manifest: &Path, dir: &Path) -> Vec<Case> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(manifest).expect("cases.json"))
            .expect("cases.json is JSON");
    manifest["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let file = c["file"].as_str().expect("file");
            Case {
                name: file
                    .split_once('-')
                    .map_or(file, |(_, rest)| rest)
                    .rsplit_once('.')
                    .map_or(file, |(stem, _)| stem)
                    .to_owned(),
                group: c["group"].as_str().expect("group").to_owned(),
                picture: Picture::File(dir.join(file)),
                expected: c["texts"]
                    .as_array()
                    .expect("texts")
                    .iter()
                    .map(|t| t.as_str().expect("text").to_owned())
                    .collect(),
            }
        })
        .collect()
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

/// xorshift64: a seeded, dependency-free generator.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `low..high`.
    pub fn range(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high.max(low + 1) - low)) as u32
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ------------------------------------------------------------ 4K desktops

/// Letter-like glyphs: strokes of a 14-segment display on a 4×6 grid.
const SEGMENTS: [((u32, u32), (u32, u32)); 14] = [
    ((0, 0), (4, 0)),
    ((4, 0), (4, 3)),
    ((4, 3), (4, 6)),
    ((0, 6), (4, 6)),
    ((0, 3), (0, 6)),
    ((0, 0), (0, 3)),
    ((0, 3), (2, 3)),
    ((2, 3), (4, 3)),
    ((0, 0), (2, 3)),
    ((2, 0), (2, 3)),
    ((4, 0), (2, 3)),
    ((0, 6), (2, 3)),
    ((2, 3), (2, 6)),
    ((4, 6), (2, 3)),
];

struct Desk<'a> {
    image: &'a mut RgbImage,
    glyphs: Vec<u16>,
}

impl Desk<'_> {
    fn fill(&mut self, x: i64, y: i64, w: i64, h: i64, color: [u8; 3]) {
        let (iw, ih) = (
            i64::from(self.image.width()),
            i64::from(self.image.height()),
        );
        for yy in y.max(0)..(y + h).min(ih) {
            for xx in x.max(0)..(x + w).min(iw) {
                self.image.put_pixel(xx as u32, yy as u32, Rgb(color));
            }
        }
    }

    fn shade(&mut self, x: i64, y: i64, w: i64, h: i64, keep: u16) {
        let (iw, ih) = (
            i64::from(self.image.width()),
            i64::from(self.image.height()),
        );
        for yy in y.max(0)..(y + h).min(ih) {
            for xx in x.max(0)..(x + w).min(iw) {
                let p = self.image.get_pixel_mut(xx as u32, yy as u32);
                for c in &mut p.0 {
                    *c = (u16::from(*c) * keep / 100) as u8;
                }
            }
        }
    }

    /// One glyph `size` pixels tall; returns its advance.
    fn glyph(&mut self, x: i64, y: i64, size: u32, index: usize, color: [u8; 3]) -> i64 {
        let mask = self.glyphs[index % self.glyphs.len()];
        let unit = size as f32 / 8.0;
        let stroke = (size / 12).max(1) as i64;
        for (bit, &((x0, y0), (x1, y1))) in SEGMENTS.iter().enumerate() {
            if mask & (1 << bit) == 0 {
                continue;
            }
            let steps = (size * 2) as i32;
            for s in 0..=steps {
                let t = s as f32 / steps as f32;
                let px = x + ((x0 as f32 + (x1 as f32 - x0 as f32) * t) * unit) as i64;
                let py = y + ((y0 as f32 + (y1 as f32 - y0 as f32) * t) * unit) as i64;
                self.fill(px, py, stroke, stroke, color);
            }
        }
        (unit * 6.0) as i64
    }

    /// Lines of words in a box.
    fn text(
        &mut self,
        (x, y, w, h): (i64, i64, i64, i64),
        size: u32,
        color: [u8; 3],
        rng: &mut Rng,
    ) {
        let line = i64::from(size) * 3 / 2 + 2;
        let mut yy = y;
        while yy + line < y + h {
            let mut xx = x;
            let end = x + w - i64::from(rng.range(0, (w / 3).max(1) as u32));
            while xx < end - i64::from(size) * 4 {
                for _ in 0..rng.range(2, 9) {
                    let index = rng.next() as usize;
                    xx += self.glyph(xx, yy, size, index, color);
                }
                xx += i64::from(size) / 2 + 2;
            }
            yy += line;
            if rng.chance(15) {
                yy += line;
            }
        }
    }
}

/// A busy 4K desktop: a gradient wallpaper, a panel of icons, overlapping
/// windows (light or dark) full of text, tables, buttons and pictures, and one
/// small code (3 or 4 px modules) on a page in the topmost window. The code is
/// light-on-dark when `inverted`.
pub fn desktop(seed: u64, text: &str, module: u32, inverted: bool, photo: bool) -> RgbImage {
    let (width, height) = (3840u32, 2160u32);
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let (a, b) = (
        [rng.range(20, 120), rng.range(20, 120), rng.range(60, 200)],
        [rng.range(100, 250), rng.range(60, 200), rng.range(20, 160)],
    );
    let mut image = RgbImage::from_fn(width, height, |x, y| {
        let t = (x as f32 / width as f32 * 0.6 + y as f32 / height as f32 * 0.4).min(1.0);
        if !photo {
            return Rgb([0, 1, 2].map(|c| (a[c] as f32 * (1.0 - t) + b[c] as f32 * t) as u8));
        }
        // A photograph: hills of light and shade, and the grain of a sensor.
        let (fx, fy) = (x as f32 / 300.0, y as f32 / 230.0);
        let shade =
            0.55 + 0.25 * (fx + 1.7 * (fy * 0.7).sin()).sin() + 0.2 * (fy * 1.3 - fx * 0.4).cos();
        let grain = ((x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77))
            .wrapping_mul(0xC2B2_AE3D)
            >> 27) as f32
            - 16.0;
        Rgb([0, 1, 2].map(|c| {
            ((a[c] as f32 * (1.0 - t) + b[c] as f32 * t) * shade + grain).clamp(0.0, 255.0) as u8
        }))
    });
    let glyphs = (0..60)
        .map(|_| {
            let mut mask = 0u16;
            while mask.count_ones() < 3 {
                mask |= 1 << rng.range(0, 14);
            }
            mask
        })
        .collect();
    let mut desk = Desk {
        image: &mut image,
        glyphs,
    };
    // The panel with its icons.
    desk.fill(0, 0, i64::from(width), 48, [30, 30, 34]);
    for i in 0..30 {
        let color = [
            rng.range(60, 250) as u8,
            rng.range(60, 250) as u8,
            rng.range(60, 250) as u8,
        ];
        desk.fill(16 + i * 56, 8, 32, 32, color);
    }
    desk.text((2400, 14, 1400, 24), 16, [230, 230, 230], &mut rng);
    let windows = rng.range(9, 15);
    let mut top = (0, 0, 0, 0, false);
    for _ in 0..windows {
        let (w, h) = (
            i64::from(rng.range(700, 2000)),
            i64::from(rng.range(500, 1400)),
        );
        let x = i64::from(rng.range(0, width - 400)) - 100;
        let y = i64::from(rng.range(60, height - 300));
        let dark = rng.chance(35);
        let (body, ink, bar) = if dark {
            ([32, 33, 36], [220, 220, 220], [50, 52, 56])
        } else {
            ([250, 250, 250], [30, 30, 30], [222, 224, 228])
        };
        desk.shade(x + 12, y + 12, w, h, 70);
        desk.fill(x, y, w, h, body);
        desk.fill(x, y, w, 44, bar);
        desk.text((x + 20, y + 12, w / 2, 26), 16, ink, &mut rng);
        for (i, color) in [[237, 106, 94], [245, 191, 79], [98, 197, 84]]
            .iter()
            .enumerate()
        {
            desk.fill(x + w - 110 + i as i64 * 34, y + 14, 18, 18, *color);
        }
        // A sidebar, then blocks of content.
        let side = if rng.chance(50) { w / 5 } else { 0 };
        if side > 0 {
            let tint = if dark { [40, 42, 46] } else { [236, 238, 241] };
            desk.fill(x, y + 44, side, h - 44, tint);
            desk.text((x + 16, y + 70, side - 32, h - 100), 15, ink, &mut rng);
        }
        let mut yy = y + 70;
        while yy < y + h - 80 {
            let block = i64::from(rng.range(60, 320)).min(y + h - 40 - yy);
            let left = x + side + 30;
            let span = w - side - 60;
            match rng.range(0, 10) {
                0 => {
                    // A picture: a coloured gradient with noise.
                    let (c1, c2) = (rng.range(0, 255), rng.range(0, 255));
                    let pw = span.min(i64::from(rng.range(200, 700)));
                    for py in 0..block {
                        for px in 0..pw {
                            let v = (c1 as i64 + (c2 as i64 - c1 as i64) * px / pw.max(1)) as u8;
                            let n = (rng.next() % 24) as u8;
                            desk.fill(left + px, yy + py, 1, 1, [v, v.wrapping_add(n), 255 - v]);
                        }
                    }
                }
                1 | 2 => {
                    // A table: grid lines and short cells.
                    let rows = (block / 34).max(1);
                    for r in 0..=rows {
                        desk.fill(left, yy + r * 34, span, 1, [150, 150, 150]);
                    }
                    for col in 0..5 {
                        desk.fill(left + col * span / 5, yy, 1, rows * 34, [150, 150, 150]);
                        for r in 0..rows {
                            desk.text(
                                (
                                    left + col * span / 5 + 8,
                                    yy + r * 34 + 8,
                                    span / 5 - 16,
                                    24,
                                ),
                                14,
                                ink,
                                &mut rng,
                            );
                        }
                    }
                }
                3 => {
                    let accent = [rng.range(0, 200) as u8, rng.range(60, 200) as u8, 220];
                    desk.fill(left, yy, 180, 40, accent);
                    desk.text((left + 16, yy + 10, 150, 24), 16, [255, 255, 255], &mut rng);
                }
                _ => {
                    let size = rng.range(13, 22);
                    desk.text((left, yy, span, block), size, ink, &mut rng);
                }
            }
            yy += block + 24;
        }
        top = (x, y, w, h, dark);
    }
    // The code, on a page in the topmost window (its own quiet zone).
    let (x, y, w, h, _) = top;
    let mut code = code(text, module);
    if inverted {
        imageops::invert(&mut code);
    }
    let cx = (x + 60).max(0)
        + i64::from(rng.range(0, (w - i64::from(code.width()) - 120).max(1) as u32));
    let cy = (y + 80).max(60)
        + i64::from(rng.range(0, (h - i64::from(code.height()) - 120).max(1) as u32));
    let cx = cx.min(i64::from(width - code.width()) - 10);
    let cy = cy.min(i64::from(height - code.height()) - 10);
    let rgb = DynamicImage::ImageLuma8(code).to_rgb8();
    imageops::overlay(&mut image, &rgb, cx, cy);
    image
}

/// Texts of the desktops' codes: otpauth links of several lengths.
pub fn desktop_text(seed: u64) -> String {
    let secret = [
        "JBSWY3DPEHPK3PXP",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3EMVTGOZ3I",
    ];
    format!(
        "otpauth://totp/Desk{seed}:user{seed}%40example.com?secret={}&issuer=Desk{seed}",
        secret[seed as usize % secret.len()]
    )
}

/// The 4K desktops: (seed, module size, light-on-dark code, photo wallpaper).
pub const DESKTOPS: [(u64, u32, bool, bool); 6] = [
    (1, 4, false, false),
    (2, 3, false, false),
    (3, 4, false, false),
    (4, 3, false, false),
    (5, 4, true, false),
    (6, 4, false, true),
];

/// One case per desktop in [`DESKTOPS`].
pub fn desktops() -> Vec<Case> {
    DESKTOPS
        .iter()
        .map(|&(seed, module, inverted, photo)| {
            let text = desktop_text(seed);
            Case {
                name: format!(
                    "busy 4K desktop {seed}: {module} px modules{}{}",
                    if inverted { ", light on dark" } else { "" },
                    if photo { ", photo wallpaper" } else { "" }
                ),
                group: "4K desktop".into(),
                picture: Picture::Made(DynamicImage::ImageRgb8(desktop(
                    seed, &text, module, inverted, photo,
                ))),
                expected: vec![text],
            }
        })
        .collect()
}

// ------------------------------------------------------------ synthetic

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

fn case(name: &str, image: GrayImage, expected: &[&str]) -> Case {
    Case {
        name: name.to_owned(),
        group: "synthetic".into(),
        picture: Picture::Made(DynamicImage::ImageLuma8(image)),
        expected: expected.iter().map(|s| s.to_string()).collect(),
    }
}

/// The first corpus: one code, one degradation each.
pub fn synthetic() -> Vec<Case> {
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
        group: "synthetic".into(),
        picture: Picture::Made(DynamicImage::ImageLuma8(pad(&code(&dense, 3), 20))),
        expected: vec![dense],
    });

    // Heavy noise over the whole picture, not only the code: a photo in the
    // dark at a high ISO. Gaussian of σ ≈ 35 % of the range (the sum of
    // twelve uniform numbers), and 20 % of the pixels flipped.
    let grey_page = GrayImage::from_fn(base.width() + 80, base.height() + 80, |x, y| {
        let inside = x >= 40 && y >= 40 && x < base.width() + 40 && y < base.height() + 40;
        Luma([if inside && base.get_pixel(x - 40, y - 40).0[0] < 128 {
            20
        } else {
            235
        }])
    });
    let mut gaussian = grey_page.clone();
    for p in gaussian.pixels_mut() {
        let sum: f32 = (0..12).map(|_| (rng.next() % 1000) as f32 / 1000.0).sum();
        let noise = (sum - 6.0) * 0.35 * 255.0;
        p.0[0] = (f32::from(p.0[0]) + noise).clamp(0.0, 255.0) as u8;
    }
    out.push(case("gaussian noise σ≈35 %", gaussian, &[URI]));
    let mut flipped = grey_page;
    for p in flipped.pixels_mut() {
        if rng.chance(20) {
            p.0[0] = 255 - p.0[0];
        }
    }
    out.push(case(
        "salt-and-pepper noise 20 % everywhere",
        flipped,
        &[URI],
    ));
    out
}
