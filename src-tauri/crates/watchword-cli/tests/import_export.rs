//! `import` and `export` through the real binary, on passphrase vaults (no
//! keyring needed) and the shared peer test files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        let cli = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(cli.file("pw"), "vault passphrase\n").unwrap();
        cli.ok(&["vault", "init", "--no-keyring"]);
        cli
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_watchword"))
            .args(args)
            .arg("--passphrase-file")
            .arg(self.file("pw"))
            .env("WATCHWORD_DIR", self.dir.path().join("vault"))
            .env_remove("WATCHWORD_PASSPHRASE")
            .env_remove("WATCHWORD_IMPORT_PASSWORD")
            .env_remove("WATCHWORD_EXPORT_PASSWORD")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Exit 2 with exactly one line on stderr; returns it.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
        err
    }

    fn password(&self, text: &str) -> String {
        let path = self.file(&format!("password-{}", text.len()));
        std::fs::write(&path, format!("{text}\n")).unwrap();
        path.to_str().unwrap().to_owned()
    }

    /// `list --json` without the ids (which differ between vaults).
    fn listed(&self) -> Vec<serde_json::Value> {
        let (out, _) = self.ok(&["list", "--json"]);
        let list: serde_json::Value = serde_json::from_str(&out).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.as_object_mut().unwrap().remove("id");
                a
            })
            .collect()
    }
}

/// True (and says so) when `../shared/peer-data` is absent, as in an outside
/// contributor's clone: the tests that read the other apps' real files skip.
fn skip_without_peer_data() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/peer-data");
    let absent = !dir.is_dir();
    if absent {
        eprintln!(
            "skipped: {} is absent (the shared peer test data)",
            dir.display()
        );
    }
    absent
}

fn peer(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/peer-data")
        .join(path);
    assert!(full.exists(), "{}", full.display());
    full.to_str().unwrap().to_owned()
}

#[test]
fn preview_then_import_then_duplicates() {
    if skip_without_peer_data() {
        return;
    }
    let cli = Cli::new();
    let file = peer("aegis/aegis_encrypted.json");
    let err = cli.fails(&["import", &file]);
    assert!(
        err.contains("this Aegis file is encrypted; give its password"),
        "{err}"
    );
    let wrong = cli.password("nope");
    let err = cli.fails(&["import", &file, "--password-file", &wrong]);
    assert_eq!(err, "watchword: wrong password for this Aegis file\n");

    let pw = cli.password("test");
    let (out, _) = cli.ok(&["import", &file, "--password-file", &pw]);
    assert!(out.contains("would import: Deno (Mason)"), "{out}");
    assert!(out.ends_with(
        "Aegis file: 7 to import, 0 duplicates to skip, 0 rejected; nothing written (add --yes to import)\n"
    ), "{out}");
    assert!(cli.listed().is_empty(), "the preview wrote nothing");

    let (out, _) = cli.ok(&["import", &file, "--password-file", &pw, "--yes"]);
    assert!(out.contains("imported: Air Canada (Benjamin)"), "{out}");
    assert!(
        out.ends_with("Aegis file: 7 imported, 0 duplicates skipped, 0 rejected\n"),
        "{out}"
    );
    let listed = cli.listed();
    assert_eq!(listed.len(), 7);
    assert_eq!(listed[1]["issuer"], "SPDX");
    assert_eq!(listed[1]["algorithm"], "SHA256");
    assert_eq!(listed[1]["digits"], 7);
    assert_eq!(listed[1]["period"], 20);
    assert!(
        !serde_json::to_string(&listed).unwrap().contains("5OM4"),
        "no secrets listed"
    );

    // The same accounts from another app's file are all duplicates.
    let (out, _) = cli.ok(&["import", &peer("aegis/stratum_plain.json"), "--yes"]);
    assert!(
        out.contains("skipped (already in the vault): WWE (Mason)"),
        "{out}"
    );
    assert!(
        out.ends_with("Stratum file: 0 imported, 7 duplicates skipped, 0 rejected\n"),
        "{out}"
    );
    assert_eq!(cli.listed().len(), 7);
}

#[test]
fn rejected_entries_are_listed_with_their_reason() {
    if skip_without_peer_data() {
        return;
    }
    let cli = Cli::new();
    let pw = cli.password("RaivoTest123");
    let (out, _) = cli.ok(&[
        "import",
        &peer("gnome-authenticator/raivootp.zip"),
        "--password-file",
        &pw,
        "--yes",
    ]);
    let rejected: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("rejected: "))
        .collect();
    assert_eq!(rejected.len(), 2, "{out}");
    assert!(
        rejected.iter().all(|l| l.contains(": secret: not base32")),
        "{out}"
    );
    assert!(out.ends_with("Raivo OTP file: 0 imported, 0 duplicates skipped, 2 rejected\n"));

    let err = cli.fails(&["import", &peer("README.md")]);
    assert!(err.contains("unrecognised file"), "{err}");
    let err = cli.fails(&["import", &peer("aegis/plain.txt"), "--format", "nope"]);
    assert!(err.contains("unknown format \"nope\""), "{err}");
    // An explicit format overrides detection.
    let (out, _) = cli.ok(&[
        "import",
        &peer("aegis/ente_auth.txt"),
        "--format",
        "otpauth",
    ]);
    assert!(out.contains("otpauth:// list file: 7 to import"), "{out}");
}

#[test]
fn every_export_format_imports_back_identically() {
    if skip_without_peer_data() {
        return;
    }
    let cli = Cli::new();
    cli.ok(&["import", &peer("aegis/plain.txt"), "--yes"]);
    let original = cli.listed();
    assert_eq!(original.len(), 7);
    let pw = cli.password("export password");
    for (format, encrypted) in [
        ("watchword", true),
        ("aegis", true),
        ("aegis", false),
        ("otpauth", false),
    ] {
        let out = cli.file(&format!("export-{format}-{encrypted}"));
        let out = out.to_str().unwrap();
        let mut args = vec!["export", "--format", format, "--out", out];
        if encrypted {
            args.extend(["--password-file", &pw]);
        }
        let (stdout, stderr) = cli.ok(&args);
        assert_eq!(stdout.trim(), out);
        assert_eq!(
            stderr.contains("warning: this file holds your secrets unencrypted"),
            !encrypted,
            "{format}: {stderr}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{format}");
        }
        let other = Cli::new();
        let mut import = vec!["import", out, "--yes"];
        if encrypted {
            import.extend(["--password-file", &pw]);
        }
        other.ok(&import);
        assert_eq!(
            other.listed(),
            original,
            "{format} (encrypted: {encrypted})"
        );
    }

    let sheet = cli.file("sheet.html");
    let (_, stderr) = cli.ok(&[
        "export",
        "--format",
        "html",
        "--out",
        sheet.to_str().unwrap(),
    ]);
    assert!(stderr.contains("warning: this file holds your secrets unencrypted"));
    assert_eq!(
        std::fs::read_to_string(&sheet)
            .unwrap()
            .matches("<svg")
            .count(),
        7
    );

    let err = cli.fails(&["export", "--format", "watchword", "--out", "x"]);
    assert!(err.contains("a Watchword backup is encrypted"), "{err}");
}

#[test]
fn a_commented_list_of_migration_links_imports_with_format_auto() {
    let cli = Cli::new();
    let list = cli.file("example_export.txt");
    // The shape `extract_otp_secrets` and similar link dumps have: comments
    // (one a commented-out link), blank lines, links of both kinds.
    std::fs::write(
        &list,
        "# Google Authenticator export, extracted\n\
         # otpauth://totp/pi@raspberrypi?secret=7KSQL2JTUDIS5EF65KLMRQIIGY&issuer=raspberrypi\n\
         \n\
         # Discord\n\
         otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D\n\
         \n\
         otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ\n",
    )
    .unwrap();
    let (out, _) = cli.ok(&["import", list.to_str().unwrap(), "--yes"]);
    assert!(
        out.contains("imported: Discord (johndoe@example.com)"),
        "{out}"
    );
    assert!(
        out.ends_with("otpauth:// list file: 2 imported, 0 duplicates skipped, 0 rejected\n"),
        "{out}"
    );
}

#[test]
fn the_help_offers_every_format_of_the_core() {
    let cli = Cli::new();
    let (out, _) = cli.ok(&["import", "--help"]);
    for format in watchword_core::import::formats() {
        assert!(out.contains(format.name), "{}: {out}", format.name);
    }
    let (out, _) = cli.ok(&["export", "--help"]);
    for format in watchword_core::export::formats() {
        assert!(out.contains(format.name), "{}: {out}", format.name);
    }
    let out = cli.run(&["export", "--format", "nope", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid value 'nope'"), "{err}");
    assert!(
        err.contains("gauth-qr"),
        "the table's names are offered: {err}"
    );
}
