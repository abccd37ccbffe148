//! The decoders a user could pick instead of Watchword's reader, each alone,
//! called the way its documentation suggests for hard pictures, over the same
//! grey pixels.

use image::GrayImage;

/// rxing (a Rust port of ZXing): multiple codes, TryHarder, AlsoInverted, QR only.
pub fn rxing(gray: &GrayImage) -> Vec<String> {
    let mut hints = rxing::DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        PossibleFormats: Some(std::collections::HashSet::from([
            rxing::BarcodeFormat::QR_CODE,
        ])),
        ..Default::default()
    };
    match rxing::helpers::detect_multiple_in_luma_with_hints(
        gray.as_raw().clone(),
        gray.width(),
        gray.height(),
        &mut hints,
    ) {
        Ok(results) => results.iter().map(|r| r.getText().to_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

/// zxing-cpp (the C++ reader, through its Rust bindings): QR only, every
/// "try" option on (harder, rotate, invert, downscale).
pub fn zxing_cpp(gray: &GrayImage) -> Vec<String> {
    let Ok(view) = zxingcpp::ImageView::from_slice(
        gray.as_raw(),
        gray.width(),
        gray.height(),
        zxingcpp::ImageFormat::Lum,
    ) else {
        return Vec::new();
    };
    zxingcpp::read()
        .formats(zxingcpp::BarcodeFormat::QRCode)
        .try_harder(true)
        .try_rotate(true)
        .try_invert(true)
        .try_downscale(true)
        .text_mode(zxingcpp::TextMode::Plain)
        .from(view)
        .map(|codes| {
            codes
                .iter()
                .filter(|c| c.is_valid())
                .map(|c| c.text())
                .collect()
        })
        .unwrap_or_default()
}
