//! `watchword add --clipboard` with the real X11 clipboard (Xvfb, from
//! scripts/desktop-session.sh): this test process owns the clipboard, as a
//! screenshot tool or a browser would, and the CLI reads it.

use std::process::{Command, Output};

const PICTURE_URI: &str = "otpauth://totp/CopyCo:erin?secret=JBSWY3DPEHPK3PXP&issuer=CopyCo";
const TEXT_URIS: &str = "otpauth://totp/TextCo:frank?secret=GEZDGNBVGY3TQOJQ\n\notpauth://hotp/TextBank:gil?secret=BASE32SECRET3232&counter=3\n";

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

fn issuers(dir: &std::path::Path) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_slice(&run(dir, &["list", "--json"]).stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn add_clipboard_reads_a_copied_picture_or_copied_links() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["vault", "init"]).status.success());
    let mut clipboard =
        arboard::Clipboard::new().expect("an X server (run inside scripts/desktop-session.sh)");

    let png = watchword_core::qr::to_png(PICTURE_URI, 4).unwrap();
    let rgba = image::load_from_memory(&png).unwrap().to_rgba8();
    clipboard
        .set_image(arboard::ImageData {
            width: rgba.width() as usize,
            height: rgba.height() as usize,
            bytes: rgba.as_raw().clone().into(),
        })
        .unwrap();
    let out = run(dir.path(), &["add", "--clipboard"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(issuers(dir.path()), ["CopyCo"]);

    clipboard.set_text(TEXT_URIS).unwrap();
    let out = run(dir.path(), &["add", "--clipboard"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert_eq!(issuers(dir.path()), ["CopyCo", "TextCo", "TextBank"]);

    clipboard.set_text("https://example.com/").unwrap();
    let out = run(dir.path(), &["add", "--clipboard"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an authenticator code"));

    clipboard.clear().unwrap();
    let out = run(dir.path(), &["add", "--clipboard"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the clipboard holds neither a picture nor text")
    );
    assert_eq!(
        issuers(dir.path()).len(),
        3,
        "nothing added by the failures"
    );
}
