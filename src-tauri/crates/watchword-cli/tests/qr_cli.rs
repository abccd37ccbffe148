//! `scan`, `add --scan`, `qr` and `export --format gauth-qr` through the real
//! binary, with pictures made by the core's encoder (and the real keyring for
//! the vault, inside scripts/desktop-session.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::{DynamicImage, GrayImage, ImageFormat, Luma, imageops};
use watchword_core::qr;

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const DISCORD: &str = "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D";

fn watchword(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .env_remove("WATCHWORD_PASSPHRASE")
        .output()
        .unwrap()
}

fn code_image(texts: &[&str]) -> GrayImage {
    let codes: Vec<GrayImage> = texts
        .iter()
        .map(|t| {
            image::load_from_memory(&qr::to_png(t, 4).unwrap())
                .unwrap()
                .to_luma8()
        })
        .collect();
    let width = codes.iter().map(GrayImage::width).sum::<u32>() + 20 * (codes.len() as u32 + 1);
    let height = codes.iter().map(GrayImage::height).max().unwrap_or(10) + 40;
    let mut canvas = GrayImage::from_pixel(width, height, Luma([255]));
    let mut x = 20;
    for code in codes {
        imageops::overlay(&mut canvas, &code, i64::from(x), 20);
        x += code.width() + 20;
    }
    canvas
}

fn save(dir: &Path, name: &str, image: &GrayImage, format: ImageFormat) -> PathBuf {
    let path = dir.join(name);
    DynamicImage::ImageLuma8(image.clone())
        .to_rgb8()
        .save_with_format(&path, format)
        .unwrap();
    path
}

fn one_error_line(out: &Output, code: i32) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

#[test]
fn scan_prints_every_code_in_reading_order_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let picture = code_image(&[GITHUB, "https://example.com/"]);
    for (name, format) in [
        ("codes.png", ImageFormat::Png),
        ("codes.jpg", ImageFormat::Jpeg),
        ("codes.webp", ImageFormat::WebP),
        ("codes.bmp", ImageFormat::Bmp),
        ("codes.gif", ImageFormat::Gif),
    ] {
        let path = save(dir.path(), name, &picture, format);
        let out = watchword(dir.path(), &["scan", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{GITHUB}\nhttps://example.com/\n"),
            "{name}"
        );
    }
}

#[test]
fn scan_json_normalizes_accounts_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(
        dir.path(),
        "mixed.png",
        &code_image(&[GITHUB, DISCORD, "hello"]),
        ImageFormat::Png,
    );
    let out = watchword(dir.path(), &["scan", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["text"], GITHUB);
    assert_eq!(list[0]["accounts"][0]["issuer"], "GitHub");
    assert_eq!(list[0]["accounts"][0]["type"], "totp");
    assert_eq!(list[1]["accounts"][0]["issuer"], "Discord");
    assert_eq!(list[1]["accounts"][0]["name"], "johndoe@example.com");
    assert_eq!(list[2]["accounts"], serde_json::json!([]));
    assert!(
        list[2]["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("not an authenticator code")
    );
    let accounts = serde_json::to_string(&[&list[0]["accounts"], &list[1]["accounts"]]).unwrap();
    assert!(
        !accounts.contains("JBSWY3DP") && !accounts.contains("JRZCL47C"),
        "{accounts}"
    );
}

#[test]
fn scan_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let blank = save(
        dir.path(),
        "blank.png",
        &GrayImage::from_pixel(200, 200, Luma([255])),
        ImageFormat::Png,
    );
    let err = one_error_line(
        &watchword(dir.path(), &["scan", blank.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("no QR code found"), "{err}");

    let empty = dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    let err = one_error_line(
        &watchword(dir.path(), &["scan", empty.to_str().unwrap()]),
        2,
    );
    assert!(
        err.contains("is not a readable image (the file is empty)"),
        "{err}"
    );
    let err = one_error_line(&watchword(dir.path(), &["scan", "/nonexistent.png"]), 2);
    assert!(err.contains("cannot read /nonexistent.png"), "{err}");
}

#[test]
fn add_scan_enrolls_uris_and_migration_batches() {
    let dir = tempfile::tempdir().unwrap();
    assert!(watchword(dir.path(), &["vault", "init"]).status.success());
    let path = save(
        dir.path(),
        "two.png",
        &code_image(&[GITHUB, DISCORD, "https://example.com"]),
        ImageFormat::Png,
    );
    let out = watchword(dir.path(), &["add", "--scan", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped: not an authenticator code"));
    let list: serde_json::Value =
        serde_json::from_slice(&watchword(dir.path(), &["list", "--json"]).stdout).unwrap();
    let issuers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap())
        .collect();
    assert_eq!(issuers, ["GitHub", "Discord"]);

    let bad = save(
        dir.path(),
        "bad.png",
        &code_image(&["otpauth://totp/Nope:x?issuer=Nope"]),
        ImageFormat::Png,
    );
    let err = one_error_line(
        &watchword(dir.path(), &["add", "--scan", bad.to_str().unwrap()]),
        2,
    );
    assert!(err.contains("secret: missing"), "{err}");
}

#[test]
fn qr_and_gauth_export_round_trip_through_scanning() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("a");
    assert!(watchword(&home, &["vault", "init"]).status.success());
    for i in 0..12 {
        let uri = format!(
            "otpauth://totp/Issuer{i}:user{i}?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8"
        );
        assert!(watchword(&home, &["add", &uri]).status.success());
    }
    assert!(
        watchword(
            &home,
            &[
                "add",
                "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=5"
            ]
        )
        .status
        .success()
    );
    assert!(
        watchword(
            &home,
            &["add", "otpauth://steam/Steam:gaben?secret=BASE32SECRET3232"]
        )
        .status
        .success()
    );

    // One account out as PNG and SVG; the PNG scans back to the same code.
    let png = dir.path().join("bank.png");
    let out = watchword(&home, &["qr", "bank", "--out", png.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scanned =
        String::from_utf8(watchword(&home, &["scan", png.to_str().unwrap()]).stdout).unwrap();
    let code = |args: &[&str]| String::from_utf8(watchword(&home, args).stdout).unwrap();
    assert_eq!(
        code(&["code", "--uri", scanned.trim()]),
        code(&["code", "bank"])
    );
    let svg = dir.path().join("bank.svg");
    assert!(
        watchword(&home, &["qr", "bank", "--out", svg.to_str().unwrap()])
            .status
            .success()
    );
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let err = one_error_line(&watchword(&home, &["qr", "bank", "--out", "x.txt"]), 2);
    assert!(err.contains("must end in .png or .svg"), "{err}");

    // The whole vault as Google Authenticator codes: 13 carried in 2 codes, Steam reported.
    let export = dir.path().join("export");
    let out = watchword(
        &home,
        &[
            "export",
            "--format",
            "gauth-qr",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(files.len(), 2);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("not exported: Steam (gaben) (Steam Guard codes cannot be carried)")
    );

    // Only the first code scanned: the import says which code is missing.
    let other = dir.path().join("b");
    assert!(watchword(&other, &["vault", "init"]).status.success());
    let out = watchword(&other, &["add", "--scan", &files[0]]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("scan code(s) 2 too"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        watchword(&other, &["add", "--scan", &files[1]])
            .status
            .success()
    );

    let strip = |home: &Path| -> Vec<serde_json::Value> {
        let list: serde_json::Value =
            serde_json::from_slice(&watchword(home, &["list", "--json"]).stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.as_object_mut().unwrap().remove("id");
                a
            })
            .collect()
    };
    let mut expected = strip(&home);
    expected.retain(|a| a["type"] != "steam");
    assert_eq!(strip(&other), expected);
    for i in 0..12 {
        let name = format!("Issuer{i}");
        assert_eq!(
            code(&["code", &name, "--at", "1700000000"]),
            String::from_utf8(watchword(&other, &["code", &name, "--at", "1700000000"]).stdout)
                .unwrap()
        );
    }
}
