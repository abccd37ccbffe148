//! `watchword edit` and `list --group` through the real binary and a real
//! passphrase vault: groups, favourites, notes and icons.

use std::process::{Command, Output};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const BANK: &str = "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=0";

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        let cli = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&["vault", "init", "--no-keyring"]);
        cli
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_watchword"))
            .args(args)
            .env("WATCHWORD_DIR", self.dir.path())
            .env("WATCHWORD_PASSPHRASE", "edit test passphrase")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let text = self.ok(args);
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn names(rows: &[serde_json::Value]) -> Vec<&str> {
    rows.iter().map(|r| r["issuer"].as_str().unwrap()).collect()
}

#[test]
fn edit_sets_groups_favourite_and_note_and_list_filters_by_group() {
    let cli = Cli::new();
    for uri in [GITHUB, GITLAB, BANK] {
        cli.ok(&["add", uri]);
    }
    let out = cli.ok(&[
        "edit",
        "GitLab",
        "--group",
        "Work",
        "--group",
        "Code",
        "--favourite",
        "--note",
        "the CI one",
    ]);
    assert!(out.starts_with("edited GitLab (alice) ["), "{out}");
    cli.ok(&["edit", "Bank", "--group", "home"]);

    let rows = cli.json(&["list", "--json"]);
    // The favourite first; the others in the order they were added.
    assert_eq!(names(&rows), ["GitLab", "GitHub", "Bank"]);
    assert_eq!(rows[0]["groups"], serde_json::json!(["Work", "Code"]));
    assert_eq!(rows[0]["favourite"], true);
    assert_eq!(rows[1]["groups"], serde_json::json!([]));
    assert_eq!(rows[1]["favourite"], false);

    // --group matches case-insensitively; nothing else is listed.
    assert_eq!(
        names(&cli.json(&["list", "--group", "work", "--json"])),
        ["GitLab"]
    );
    assert_eq!(
        names(&cli.json(&["list", "--group", "HOME", "--json"])),
        ["Bank"]
    );
    assert!(
        cli.json(&["list", "--group", "nowhere", "--json"])
            .is_empty()
    );
    let text = cli.ok(&["list", "--group", "Code"]);
    assert!(
        text.contains("GitLab") && text.contains("★") && text.contains("[Work, Code]"),
        "{text}"
    );
    assert!(!text.contains("GitHub"), "{text}");

    // Only what is named changes: the groups and note stay when unpinning.
    cli.ok(&["edit", "GitLab", "--no-favourite"]);
    let rows = cli.json(&["list", "--json"]);
    assert_eq!(names(&rows), ["GitHub", "GitLab", "Bank"]);
    assert_eq!(rows[1]["groups"], serde_json::json!(["Work", "Code"]));
    // `--group ""` takes it out of every group.
    cli.ok(&["edit", "GitLab", "--group", ""]);
    assert!(cli.json(&["list", "--group", "work", "--json"]).is_empty());

    let err = cli.fails(&["edit", "GitLab"]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = cli.fails(&["edit", "Nobody", "--favourite"]);
    assert!(err.contains("no account matches"), "{err}");
    // The contract's exclusive pairs.
    assert_eq!(
        cli.run(&["edit", "GitLab", "--favourite", "--no-favourite"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cli.run(&["edit", "GitLab", "--icon-auto", "--no-icon"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn edit_icon_takes_a_picture_the_letter_or_the_automatic_choice() {
    let cli = Cli::new();
    cli.ok(&["add", GITHUB]);
    // Named after a service: its built-in brand icon, automatically.
    assert_eq!(cli.json(&["list", "--json"])[0]["icon"], "brand:github");
    let svg = cli.dir.path().join("bank.svg");
    std::fs::write(
        &svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0h9v9z"/></svg>"#,
    )
    .unwrap();
    cli.ok(&["edit", "GitHub", "--icon", svg.to_str().unwrap()]);
    assert_eq!(cli.json(&["list", "--json"])[0]["icon"], "image/svg+xml");

    // A PNG picture of any size becomes a PNG icon.
    let png = cli.dir.path().join("bank.png");
    image::RgbaImage::from_pixel(300, 200, image::Rgba([0, 90, 200, 255]))
        .save(&png)
        .unwrap();
    cli.ok(&["edit", "GitHub", "--icon", png.to_str().unwrap()]);
    assert_eq!(cli.json(&["list", "--json"])[0]["icon"], "image/png");

    // The letter beats the automatic brand; --icon-auto brings it back.
    cli.ok(&["edit", "GitHub", "--no-icon"]);
    assert_eq!(cli.json(&["list", "--json"])[0]["icon"], "letter");
    cli.ok(&["edit", "GitHub", "--icon-auto"]);
    assert_eq!(cli.json(&["list", "--json"])[0]["icon"], "brand:github");

    let text = cli.dir.path().join("notes.txt");
    std::fs::write(&text, "not a picture").unwrap();
    let err = cli.fails(&["edit", "GitHub", "--icon", text.to_str().unwrap()]);
    assert!(err.contains("cannot be an icon"), "{err}");
}

#[test]
fn an_icon_pack_gives_matching_accounts_its_icon() {
    use std::io::Write;
    let cli = Cli::new();
    cli.ok(&["add", BANK]);
    cli.ok(&["add", GITHUB]);
    let path = cli.dir.path().join("pack.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("pack.json", options).unwrap();
    zip.write_all(br#"{"uuid":"0e1f","name":"Banks","version":3,"icons":[{"name":"Bank","filename":"b.svg","category":"Finance","issuer":["bank"]}]}"#).unwrap();
    zip.start_file("b.svg", options).unwrap();
    zip.write_all(br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="2"/></svg>"#)
        .unwrap();
    zip.finish().unwrap();
    let out = cli.ok(&["icons", "import-pack", path.to_str().unwrap()]);
    assert_eq!(
        out.trim(),
        "icon pack Banks (version 3): 1 icons kept, 1 accounts given an icon"
    );
    assert!(
        cli.ok(&["icons", "packs"])
            .contains("Banks (version 3, 1 icons)")
    );
    let rows = cli.json(&["list", "--json"]);
    assert_eq!(rows[0]["icon"], "image/svg+xml");
    // The brand stays where no pack icon matches.
    assert_eq!(rows[1]["icon"], "brand:github");
    let err = cli.fails(&[
        "icons",
        "import-pack",
        cli.dir.path().join("vault.wwv").to_str().unwrap(),
    ]);
    assert!(err.contains("not a readable ZIP archive"), "{err}");
}
