//! The passes over a grey picture: zxing-cpp first; the thorough passes only
//! when it found nothing, side by side on the machine's cores.

use image::GrayImage;

use super::{Found, prepare, rqrr_pass};

/// Pictures larger than this (a 4K screen and a tenth) are halved before the
/// thorough passes, which hold several copies of the picture.
const THOROUGH_MAX_PIXELS: u64 = 3840 * 2160 * 11 / 10;
/// Pictures up to this side (after any halving) are also read enlarged and
/// by rqrr.
const SMALL_MAX_SIDE: u32 = 2000;
/// The neighbourhood over which contrast is evened out (pixels each way).
const NORMALIZE_RADIUS: u32 = 12;

/// Every code in the picture, in reading order.
pub(super) fn codes(gray: &GrayImage) -> Vec<Found> {
    if gray.width() == 0 || gray.height() == 0 {
        return Vec::new();
    }
    // The first read skips zxing-cpp's pyramid of smaller copies: it cost a
    // quarter of the detection on a 4K screenshot and read no case more; the
    // thorough passes use it.
    let mut found = zxing(gray, 1.0, false);
    if found.is_empty() {
        found = thorough(gray);
    }
    order(&mut found);
    found
}

/// One zxing-cpp read: QR codes only (no Micro QR or rMQR, which no
/// authenticator shows), both polarities, every row scanned, with
/// `downscale` also a pyramid of smaller copies (large, noisy modules); only
/// codes whose error correction succeeded. `scale` maps the picture's pixels
/// back to the original's.
fn zxing(gray: &GrayImage, scale: f32, downscale: bool) -> Vec<Found> {
    let Ok(view) = zxingcpp::ImageView::from_slice(
        gray.as_raw(),
        gray.width(),
        gray.height(),
        zxingcpp::ImageFormat::Lum,
    ) else {
        return Vec::new();
    };
    let Ok(codes) = zxingcpp::read()
        .formats(zxingcpp::BarcodeFormat::QRCode)
        .try_harder(true)
        .try_invert(true)
        .try_rotate(false)
        .try_downscale(downscale)
        .text_mode(zxingcpp::TextMode::Plain)
        .from(view)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for code in codes.iter().filter(|c| c.is_valid()) {
        let p = code.position();
        let corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left];
        let xs = corners.map(|c| c.x as f32 * scale);
        let ys = corners.map(|c| c.y as f32 * scale);
        let span = |v: [f32; 4]| {
            v.iter().fold(f32::MIN, |a, &b| a.max(b)) - v.iter().fold(f32::MAX, |a, &b| a.min(b))
        };
        merge(
            &mut found,
            vec![Found {
                text: code.text(),
                center: (
                    (xs.iter().sum::<f32>() / 4.0) as i32,
                    (ys.iter().sum::<f32>() / 4.0) as i32,
                ),
                size: span(xs).max(span(ys)) as i32,
            }],
        );
    }
    found
}

/// The thorough passes, each on its own thread, results merged: zxing-cpp
/// with its pyramid of smaller copies, on the picture as is and with local
/// contrast evened out (glare, shadows, a faded
/// print) and smoothed (sensor noise, salt and pepper); on pictures up to
/// `SMALL_MAX_SIDE` (photos, pages; very large ones are halved first) also
/// zxing-cpp enlarged (tiny modules) and median-filtered (heavy noise), and rqrr over Watchword's threshold in
/// both polarities as Watchword read before: as is, contrast-stretched,
/// halved, doubled (its threshold and grid fit some bent or blurred codes
/// better at another scale). Larger pictures (a 4K screenshot) get rqrr on
/// the halved picture only: the whole chain there took most of a second on
/// a screenshot without a code.
fn thorough(original: &GrayImage) -> Vec<Found> {
    let mut gray = std::borrow::Cow::Borrowed(original);
    let mut scale = 1.0;
    while u64::from(gray.width()) * u64::from(gray.height()) > THOROUGH_MAX_PIXELS {
        gray = std::borrow::Cow::Owned(prepare::halved(&gray));
        scale *= 2.0;
    }
    let gray: &GrayImage = &gray;
    let small = gray.width().max(gray.height()) <= SMALL_MAX_SIDE;
    let results: Vec<Vec<Found>> = std::thread::scope(|scope| {
        let mut passes = vec![
            // zxing-cpp as its own defaults have it (with the pyramid): never
            // fewer codes than zxing-cpp alone.
            scope.spawn(move || zxing(gray, scale, true)),
            scope.spawn(move || zxing(&prepare::normalized(gray, NORMALIZE_RADIUS), scale, true)),
            scope.spawn(move || zxing(&prepare::smoothed(gray), scale, true)),
        ];
        if small {
            passes.push(scope.spawn(move || zxing(&prepare::enlarged(gray), scale / 2.0, true)));
            passes.push(scope.spawn(move || zxing(&prepare::median(gray), scale, true)));
            passes.push(scope.spawn(move || rqrr_chain(gray, scale)));
        } else {
            passes.push(scope.spawn(move || {
                let mut found = rqrr_pass::detect_both(&prepare::halved(gray));
                rescale(&mut found, scale * 2.0);
                found
            }));
        }
        passes
            .into_iter()
            .map(|pass| pass.join().unwrap_or_default())
            .collect()
    });
    let mut found = Vec::new();
    for more in results {
        merge(&mut found, more);
    }
    found
}

/// rqrr in both polarities on the picture as is, contrast-stretched, halved
/// and doubled, until one finds a code.
fn rqrr_chain(gray: &GrayImage, scale: f32) -> Vec<Found> {
    let mut found = rqrr_pass::detect_both(gray);
    let mut at = scale;
    if found.is_empty() {
        found = rqrr_pass::detect_both(&prepare::stretched(gray));
    }
    if found.is_empty() && gray.width().min(gray.height()) > 200 {
        found = rqrr_pass::detect_both(&prepare::halved(gray));
        at = scale * 2.0;
    }
    if found.is_empty() {
        found = rqrr_pass::detect_both(&prepare::doubled(gray));
        at = scale / 2.0;
    }
    rescale(&mut found, at);
    found
}

fn rescale(found: &mut [Found], scale: f32) {
    for f in found {
        f.center = (
            (f.center.0 as f32 * scale) as i32,
            (f.center.1 as f32 * scale) as i32,
        );
        f.size = (f.size as f32 * scale) as i32;
    }
}

/// Whether two finds are the same code: the same text at the same place.
fn same_code(a: &Found, b: &Found) -> bool {
    let reach = a.size.max(b.size).max(8) / 2;
    a.text == b.text
        && (a.center.0 - b.center.0).abs() < reach
        && (a.center.1 - b.center.1).abs() < reach
}

/// Adds codes not already found.
fn merge(found: &mut Vec<Found>, more: Vec<Found>) {
    for candidate in more {
        if !found.iter().any(|f| same_code(f, &candidate)) {
            found.push(candidate);
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
