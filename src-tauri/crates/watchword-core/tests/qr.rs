//! QR decoding over the generated corpus, payload handling, and encode→decode
//! round trips for every account shape.

mod corpus;

use watchword_core::qr::{self, QrError};
use watchword_core::{OtpAccount, migration};

/// The corpus, drawn once for every test here (its 4K desktops take a while
/// in a debug build).
fn cases() -> &'static [corpus::Case] {
    static CASES: std::sync::OnceLock<Vec<corpus::Case>> = std::sync::OnceLock::new();
    CASES.get_or_init(corpus::cases)
}

/// What the reader makes of a case: files through `scan_bytes` (the loader
/// too, as a user's file would go), drawn pictures through `scan_image`.
fn read(case: &corpus::Case) -> Vec<String> {
    let found = match &case.picture {
        corpus::Picture::File(_) => qr::scan_bytes(&case.bytes(), &case.name).unwrap(),
        corpus::Picture::Made(image) => qr::scan_image(image),
    };
    found.into_iter().map(|f| f.text).collect()
}

#[test]
fn every_corpus_case_decodes_to_exactly_its_texts() {
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() > 80, "the corpus is all there: {}", cases.len());
    for case in cases {
        let found = read(case);
        if found != case.expected {
            failures.push(format!("{}: {}: got {:?}", case.group, case.name, found));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pictures_without_a_code_and_near_codes_yield_nothing() {
    let negatives: Vec<&corpus::Case> = cases().iter().filter(|c| c.expected.is_empty()).collect();
    assert!(negatives.len() >= 7, "near-codes and code-free pictures");
    // Near-codes drawn here too: a code with a column of modules flipped in
    // every row (beyond its error correction) and a code cut in half.
    let text = corpus::URI;
    let mut spoiled = corpus::code(text, 6);
    let (w, h) = (spoiled.width(), spoiled.height());
    for y in 24..h - 24 {
        for x in (w / 3..w * 2 / 3).filter(|x| (x / 6) % 2 == 0) {
            let p = spoiled.get_pixel_mut(x, y);
            p.0[0] = 255 - p.0[0];
        }
    }
    let half = image::imageops::crop_imm(&corpus::code(text, 6), 0, 0, w / 2, h).to_image();
    for picture in [spoiled, half] {
        assert!(qr::scan_image(&image::DynamicImage::ImageLuma8(picture)).is_empty());
    }
    for case in negatives {
        assert_eq!(read(case), Vec::<String>::new(), "{}", case.name);
    }
}

#[test]
fn encode_then_decode_every_account_shape() {
    for uri in [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/B%C3%A4nk:j%C3%BCrgen?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=10&period=86400",
        "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=18446744073709551615",
        "otpauth://steam/Steam:gaben?secret=BASE32SECRET3232",
        "otpauth://totp/alice?secret=BASE32SECRET3232&image=https%3A%2F%2Fexample.com%2Fi.png",
    ] {
        let account = OtpAccount::parse(uri).unwrap();
        let text = account.to_uri();
        let png = qr::to_png(&text, 4).unwrap();
        let found = qr::scan_bytes(&png, "png").unwrap();
        assert_eq!(found.len(), 1, "{uri}");
        assert_eq!(OtpAccount::parse(&found[0].text).unwrap(), account, "{uri}");
        let svg = qr::to_svg(&text).unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{uri}");
    }
}

#[test]
fn migration_export_scans_back_to_the_same_accounts() {
    let accounts: Vec<OtpAccount> = (0..14)
        .map(|i| {
            OtpAccount::parse(&format!(
                "otpauth://totp/Issuer{i}:user{i}?secret=JBSWY3DPEHPK3PXP{}",
                "A".repeat(i % 3 * 8)
            ))
            .unwrap()
        })
        .collect();
    let (uris, skipped) = migration::encode(&accounts, 42);
    assert!(skipped.is_empty());
    let mut back = Vec::new();
    for uri in &uris {
        let found = qr::scan_bytes(&qr::to_png(uri, 3).unwrap(), "png").unwrap();
        assert_eq!(found.len(), 1);
        back.extend(migration::decode(&found[0].text).unwrap().accounts);
    }
    assert_eq!(back, accounts);
}

#[test]
fn bad_pictures_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    let err = qr::scan_file(&empty).unwrap_err().to_string();
    assert!(
        err.contains("empty.png is not a readable image (the file is empty)"),
        "{err}"
    );

    let corrupt = dir.path().join("corrupt.png");
    let mut png = qr::to_png(corpus::URI, 4).unwrap();
    png.truncate(png.len() / 2);
    std::fs::write(&corrupt, &png).unwrap();
    let err = qr::scan_file(&corrupt).unwrap_err().to_string();
    assert!(err.contains("corrupt.png is not a readable image"), "{err}");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"hello, this is not a picture").unwrap();
    assert!(
        qr::scan_file(&text)
            .unwrap_err()
            .to_string()
            .contains("unknown format")
    );

    let missing = qr::scan_file(&dir.path().join("nope.png")).unwrap_err();
    assert!(matches!(missing, QrError::Io { .. }), "{missing}");

    // A 30000×30000 PNG is refused from its header, before any pixel is allocated.
    let huge = huge_png(30_000, 30_000);
    assert!(
        huge.len() < 1_000_000,
        "the file itself is small: {}",
        huge.len()
    );
    let err = qr::scan_bytes(&huge, "huge.png").unwrap_err().to_string();
    assert_eq!(
        err,
        "huge.png is 30000×30000 pixels; Watchword reads images up to 16384 pixels a side"
    );

    // A picture without a code is not an error: it finds nothing.
    let blank =
        image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 200, image::Luma([255])));
    assert!(qr::scan_image(&blank).is_empty());
}

/// A valid PNG of the given size, written row by row (all white) so the test
/// never holds the pixels.
fn huge_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![0xffu8; (width as usize).div_ceil(8)];
        for _ in 0..height {
            std::io::Write::write_all(&mut stream, &row).unwrap();
        }
        stream.finish().unwrap();
    }
    out
}
