//! Pixel work before reading: grey levels from any picture, and the variants
//! the thorough passes read (contrast evened out, smoothed, enlarged).

use image::{DynamicImage, GrayImage, imageops};

/// Grey level of an RGB pixel: ITU-R BT.601 weights in 16-bit integers
/// (77 + 150 + 29 = 256, so 255 · 256 + 128 still fits), which vectorizes.
#[inline]
pub(crate) fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u16::from(r) + 150 * u16::from(g) + 29 * u16::from(b) + 128) >> 8) as u8
}

/// A grey level laid over white by its alpha: a code drawn on a transparent
/// background reads as on paper.
#[inline]
pub(super) fn over_white(level: u8, alpha: u8) -> u8 {
    let a = u32::from(alpha);
    ((u32::from(level) * a + 255 * (255 - a) + 127) / 255) as u8
}

/// Grey levels of one row of 8-bit pixels of `channels` channels (1 grey,
/// 2 grey and alpha, 3 RGB, 4 RGBA), appended to `out`.
pub(super) fn gray_row(row: &[u8], channels: usize, out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + row.len() / channels.max(1), 0);
    let dst = &mut out[start..];
    match channels {
        1 => dst.copy_from_slice(row),
        2 => {
            for (d, p) in dst.iter_mut().zip(row.chunks_exact(2)) {
                *d = over_white(p[0], p[1]);
            }
        }
        3 => {
            for (d, p) in dst.iter_mut().zip(row.chunks_exact(3)) {
                *d = luma(p[0], p[1], p[2]);
            }
        }
        _ => {
            for (d, p) in dst.iter_mut().zip(row.chunks_exact(4)) {
                *d = if p[3] == 255 {
                    luma(p[0], p[1], p[2])
                } else {
                    over_white(luma(p[0], p[1], p[2]), p[3])
                };
            }
        }
    }
}

/// Any decoded picture as grey levels (8-bit pictures without a conversion
/// through floating point; others through `image`).
pub(super) fn gray(image: &DynamicImage) -> GrayImage {
    let (width, height) = (image.width(), image.height());
    let channels = match image {
        DynamicImage::ImageLuma8(_) => 1,
        DynamicImage::ImageLumaA8(_) => 2,
        DynamicImage::ImageRgb8(_) => 3,
        DynamicImage::ImageRgba8(_) => 4,
        other => {
            let rgba = other.to_rgba8();
            return gray(&DynamicImage::ImageRgba8(rgba));
        }
    };
    let mut out = Vec::new();
    gray_row(image.as_bytes(), channels, &mut out);
    GrayImage::from_raw(width, height, out).unwrap_or_else(|| image.to_luma8())
}

/// Sums over a (2r+1)-wide window along rows, then along columns: the box
/// filter's numerator at every pixel (edges clamped). The result takes the
/// place of `values` (one more picture-sized buffer, not two).
fn box_sum(mut values: Vec<u32>, width: usize, height: usize, r: usize) -> Vec<u32> {
    let mut rows = vec![0u32; values.len()];
    for (src, dst) in values.chunks_exact(width).zip(rows.chunks_exact_mut(width)) {
        let mut sum: u32 = (0..=r).map(|i| src[i.min(width - 1)]).sum::<u32>() + src[0] * r as u32;
        for x in 0..width {
            dst[x] = sum;
            sum += src[(x + r + 1).min(width - 1)];
            sum -= src[x.saturating_sub(r)];
        }
    }
    let mut sums: Vec<u32> = rows[..width].iter().map(|&v| v * (r as u32 + 1)).collect();
    for y in 1..=r {
        let row = &rows[y.min(height - 1) * width..][..width];
        for (s, &v) in sums.iter_mut().zip(row) {
            *s += v;
        }
    }
    for y in 0..height {
        values[y * width..(y + 1) * width].copy_from_slice(&sums);
        let add = &rows[(y + r + 1).min(height - 1) * width..][..width];
        let sub = &rows[y.saturating_sub(r) * width..][..width];
        for ((s, &a), &b) in sums.iter_mut().zip(add).zip(sub) {
            *s = *s + a - b;
        }
    }
    values
}

/// Local contrast evened out: each pixel's distance from the mean of its
/// neighbourhood, in units of the neighbourhood's spread. Modules washed out
/// by glare or darkened by a shadow get the contrast of the rest back.
pub(super) fn normalized(gray: &GrayImage, radius: u32) -> GrayImage {
    let (width, height) = (gray.width() as usize, gray.height() as usize);
    let r = (radius as usize).min(width.min(height) / 2).max(1);
    let values: Vec<u32> = gray.as_raw().iter().map(|&p| u32::from(p)).collect();
    let squares: Vec<u32> = values.iter().map(|&v| v * v).collect();
    let sum = box_sum(values, width, height, r);
    let sum_sq = box_sum(squares, width, height, r);
    let n = ((2 * r + 1) * (2 * r + 1)) as f32;
    let out = gray
        .as_raw()
        .iter()
        .zip(sum.iter().zip(&sum_sq))
        .map(|(&p, (&s, &sq))| {
            let mean = s as f32 / n;
            let spread = (sq as f32 / n - mean * mean).max(0.0).sqrt().max(6.0);
            (128.0 + 60.0 * (f32::from(p) - mean) / spread).clamp(0.0, 255.0) as u8
        })
        .collect();
    GrayImage::from_raw(gray.width(), gray.height(), out).unwrap_or_else(|| gray.clone())
}

/// Smoothed by two 5×5 box filters (about a Gaussian of σ 2): salt and
/// pepper, sensor noise and JPEG blocks fade, modules stay.
pub(super) fn smoothed(gray: &GrayImage) -> GrayImage {
    let (width, height) = (gray.width() as usize, gray.height() as usize);
    let values = gray.as_raw().iter().map(|&p| u32::from(p)).collect();
    let mut once = box_sum(values, width, height, 2);
    for s in &mut once {
        *s = (*s + 12) / 25;
    }
    let out = box_sum(once, width, height, 2)
        .iter()
        .map(|&s| ((s + 12) / 25).min(255) as u8)
        .collect();
    GrayImage::from_raw(gray.width(), gray.height(), out).unwrap_or_else(|| gray.clone())
}

/// Each pixel the median of its 5×5 neighbourhood (imageproc's sliding
/// histogram): heavy salt and pepper and strong sensor noise go, a module's
/// edges stay where they were, which a box filter's blur does not keep.
pub(super) fn median(gray: &GrayImage) -> GrayImage {
    imageproc::filter::median_filter(gray, 2, 2)
}

/// Twice the size, interpolated: a module of one or two pixels (or a
/// fractional one, from a browser's zoom) gets room to be sampled.
pub(super) fn enlarged(gray: &GrayImage) -> GrayImage {
    imageops::resize(
        gray,
        gray.width() * 2,
        gray.height() * 2,
        imageops::FilterType::Triangle,
    )
}

/// The darkest-to-lightest range (1st to 99th percentile) spread over 0–255.
pub(super) fn stretched(gray: &GrayImage) -> GrayImage {
    let mut histogram = [0usize; 256];
    for &p in gray.as_raw() {
        histogram[usize::from(p)] += 1;
    }
    let total = gray.as_raw().len();
    let cut = total / 100;
    let low = percentile(&histogram, cut);
    let high = percentile(&histogram, total.saturating_sub(cut + 1));
    if high <= low {
        return gray.clone();
    }
    let span = f32::from(high - low);
    let table: Vec<u8> = (0..=255u8)
        .map(|v| ((f32::from(v.saturating_sub(low)) / span).min(1.0) * 255.0) as u8)
        .collect();
    let out = gray
        .as_raw()
        .iter()
        .map(|&p| table[usize::from(p)])
        .collect();
    GrayImage::from_raw(gray.width(), gray.height(), out).unwrap_or_else(|| gray.clone())
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

/// Twice the size, each pixel repeated (rqrr's second try).
pub(super) fn doubled(gray: &GrayImage) -> GrayImage {
    imageops::resize(
        gray,
        gray.width() * 2,
        gray.height() * 2,
        imageops::FilterType::Nearest,
    )
}

/// Half the size, averaged (the thorough passes on very large pictures).
pub(super) fn halved(gray: &GrayImage) -> GrayImage {
    let (width, height) = (gray.width() / 2, gray.height() / 2);
    let src = gray.as_raw();
    let stride = gray.width() as usize;
    let out = (0..height as usize)
        .flat_map(|y| {
            (0..width as usize).map(move |x| {
                let i = 2 * y * stride + 2 * x;
                ((u32::from(src[i])
                    + u32::from(src[i + 1])
                    + u32::from(src[i + stride])
                    + u32::from(src[i + stride + 1])
                    + 2)
                    / 4) as u8
            })
        })
        .collect();
    GrayImage::from_raw(width, height, out).unwrap_or_else(|| gray.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_sums_match_a_direct_count() {
        let (w, h, r) = (7usize, 5usize, 2usize);
        let values: Vec<u32> = (0..(w * h) as u32).map(|v| v * 7 % 13).collect();
        let sums = box_sum(values.clone(), w, h, r);
        for y in 0..h {
            for x in 0..w {
                let mut direct = 0;
                for dy in -(r as i64)..=r as i64 {
                    for dx in -(r as i64)..=r as i64 {
                        let yy = (y as i64 + dy).clamp(0, h as i64 - 1) as usize;
                        let xx = (x as i64 + dx).clamp(0, w as i64 - 1) as usize;
                        direct += values[yy * w + xx];
                    }
                }
                assert_eq!(sums[y * w + x], direct, "({x}, {y})");
            }
        }
    }

    #[test]
    fn grey_levels_lay_transparency_on_white() {
        let mut out = Vec::new();
        gray_row(&[0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255], 4, &mut out);
        assert_eq!(out, [255, 0, 255]);
        assert_eq!(luma(255, 255, 255), 255);
        assert_eq!(luma(0, 0, 0), 0);
    }
}
