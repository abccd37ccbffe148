//! The reader Watchword had before zxing-cpp: rqrr finds and decodes, over
//! Watchword's own binarization (rqrr's threshold over the raw pixels) and
//! fallback passes (light-on-dark, contrast-stretched, half and double scale).
//! Kept here, unchanged, as a candidate in `make bench-qr`.

use image::{DynamicImage, GrayImage, Luma, imageops};

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

/// Every code in the picture, in reading order (top to bottom, then left to
/// right). Dark-on-light codes are searched first; light-on-dark ones (as
/// dark-mode pages show them) when nothing was found or when much of the
/// picture is dark. When neither finds anything, it retries
/// contrast-stretched, and at half and double scale (blur and JPEG noise
/// shrink away; 1 px modules get room).
pub fn scan_image(image: &DynamicImage) -> Vec<Found> {
    let converted;
    let gray: &GrayImage = match image {
        DynamicImage::ImageLuma8(gray) => gray,
        other => {
            converted = other.to_luma8();
            &converted
        }
    };
    let mut found = detect(gray, false, 1.0);
    if found.is_empty() || dark_share(gray) > 0.25 {
        merge(&mut found, detect(gray, true, 1.0));
    }
    if found.is_empty() {
        found = detect_both(&stretch_contrast(gray), 1.0);
    }
    if found.is_empty() && gray.width().min(gray.height()) > 200 {
        let half = imageops::resize(
            gray,
            gray.width() / 2,
            gray.height() / 2,
            imageops::FilterType::Triangle,
        );
        found = detect_both(&half, 2.0);
    }
    if found.is_empty() && gray.width().max(gray.height()) < 1600 {
        let double = imageops::resize(
            gray,
            gray.width() * 2,
            gray.height() * 2,
            imageops::FilterType::Nearest,
        );
        found = detect_both(&double, 0.5);
    }
    order(&mut found);
    found
}

/// Both polarities, one after the other (the fallbacks' path).
fn detect_both(gray: &GrayImage, scale: f32) -> Vec<Found> {
    let mut found = detect(gray, false, scale);
    merge(&mut found, detect(gray, true, scale));
    found
}

/// Adds codes not already found (the same text at the same place).
fn merge(found: &mut Vec<Found>, more: Vec<Found>) {
    for candidate in more {
        if !found.iter().any(|f| same_code(f, &candidate)) {
            found.push(candidate);
        }
    }
}

/// The share of clearly dark pixels (sampled): a dark-mode page scores high.
fn dark_share(gray: &GrayImage) -> f32 {
    let sample: Vec<u8> = gray.as_raw().iter().step_by(7).copied().collect();
    let dark = sample.iter().filter(|&&p| p < 96).count();
    dark as f32 / sample.len().max(1) as f32
}

/// rqrr's adaptive threshold (a running mean over an eighth of the width,
/// alternating direction by row; dark below 95 % of it) over the raw pixel
/// slice in floating point, one row at a time as rqrr asks for pixels. rqrr's
/// own `prepare` reads every pixel through a trait call and was the slowest
/// step on a 4K screenshot.
struct Threshold<'a> {
    pixels: &'a [u8],
    width: usize,
    keep: f32,
    factor: f32,
    inverted: bool,
    running: [f32; 4],
    row: Option<usize>,
    row_sum: Vec<f32>,
    row_weight: Vec<f32>,
    row_dark: Vec<bool>,
}

impl<'a> Threshold<'a> {
    fn new(gray: &'a GrayImage, inverted: bool) -> Self {
        let width = gray.width() as usize;
        let span = (width / 8).max(1) as f32;
        Self {
            pixels: gray.as_raw(),
            width,
            keep: (span - 1.0) / span,
            factor: 0.95 / (2.0 * span),
            inverted,
            running: [0.0; 4],
            row: None,
            row_sum: vec![0.0; width],
            row_weight: vec![0.0; width],
            row_dark: vec![false; width],
        }
    }

    /// Whether (x, y) is a dark module pixel; rows must come in order.
    fn dark(&mut self, x: usize, y: usize) -> bool {
        if self.row != Some(y) {
            self.threshold_row(y);
        }
        self.row_dark[x]
    }

    fn threshold_row(&mut self, y: usize) {
        let w = self.width;
        let row = &self.pixels[y * w..(y + 1) * w];
        let [mut avg_v, mut weight_v, mut avg_u, mut weight_u] = self.running;
        self.row_sum.fill(0.0);
        self.row_weight.fill(0.0);
        for x in 0..w {
            let (v, u) = if y.is_multiple_of(2) {
                (w - 1 - x, x)
            } else {
                (x, w - 1 - x)
            };
            avg_v = avg_v * self.keep + f32::from(row[v]);
            weight_v = weight_v * self.keep + 1.0;
            avg_u = avg_u * self.keep + f32::from(row[u]);
            weight_u = weight_u * self.keep + 1.0;
            self.row_sum[v] += avg_v;
            self.row_weight[v] += weight_v;
            self.row_sum[u] += avg_u;
            self.row_weight[u] += weight_u;
        }
        self.running = [avg_v, weight_v, avg_u, weight_u];
        let factor = self.factor;
        let cells = self
            .row_dark
            .iter_mut()
            .zip(row)
            .zip(self.row_sum.iter().zip(&self.row_weight));
        if self.inverted {
            // The same test on the inverted picture: 255 − p against the mean of 255 − p.
            for ((dark, &p), (&sum, &weight)) in cells {
                *dark = 255.0 - f32::from(p) < (255.0 * weight - sum) * factor;
            }
        } else {
            for ((dark, &p), (&sum, _)) in cells {
                *dark = f32::from(p) < sum * factor;
            }
        }
        self.row = Some(y);
    }
}

fn same_code(a: &Found, b: &Found) -> bool {
    let reach = a.size.max(8) / 2;
    a.text == b.text
        && (a.center.0 - b.center.0).abs() < reach
        && (a.center.1 - b.center.1).abs() < reach
}

/// Runs rqrr's finder on the picture binarized for one polarity.
fn detect(gray: &GrayImage, inverted: bool, scale: f32) -> Vec<Found> {
    let mut threshold = Threshold::new(gray, inverted);
    let (width, height) = (gray.width() as usize, gray.height() as usize);
    // rqrr fills the bitmap row by row, which is the order Threshold needs.
    let mut prepared =
        rqrr::PreparedImage::prepare_from_bitmap(width, height, |x, y| threshold.dark(x, y));
    let mut found: Vec<Found> = Vec::new();
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
        merge(&mut found, vec![Found { text, center, size }]);
    }
    found
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
