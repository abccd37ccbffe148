//! The second detector of the thorough passes: rqrr's finder and decoder over
//! Watchword's own threshold. rqrr locates codes by flood-filling regions
//! rather than by scanning lines for finder-pattern ratios, so it reads some
//! pictures zxing-cpp does not (a code bent by a wide-angle lens). Only its
//! ASCII texts are kept.

use image::GrayImage;

use super::Found;

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

/// Runs rqrr's finder on the picture binarized for one polarity.
fn detect(gray: &GrayImage, inverted: bool) -> Vec<Found> {
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
        // rqrr knows no character sets: it ignores ECI designators and hands
        // Kanji back as Shift JIS bytes, so a non-ASCII text of its could be
        // the wrong one. Those are zxing-cpp's to read (authenticator links
        // are ASCII).
        if !text.is_ascii() {
            continue;
        }
        let xs = grid.bounds.map(|p| p.x);
        let ys = grid.bounds.map(|p| p.y);
        let center = (
            (xs.iter().sum::<i32>() as f32 / 4.0) as i32,
            (ys.iter().sum::<i32>() as f32 / 4.0) as i32,
        );
        let size = xs.iter().max().unwrap_or(&0) - xs.iter().min().unwrap_or(&0);
        found.push(Found { text, center, size });
    }
    found
}

/// Both polarities (dark on light, then light on dark), each code once.
pub(super) fn detect_both(gray: &GrayImage) -> Vec<Found> {
    let mut found = detect(gray, false);
    for more in detect(gray, true) {
        if !found
            .iter()
            .any(|f| f.text == more.text && f.center == more.center)
        {
            found.push(more);
        }
    }
    found
}
