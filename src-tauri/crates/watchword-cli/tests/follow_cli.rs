//! `watchword follow` through the real binary with the real encrypted Aegis
//! backup (`../shared/peer-data`, password "test") copied into a followed
//! folder. Skips, saying so, when `../shared` is absent.

use std::path::PathBuf;
use std::process::Command;

fn run(data: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env("WATCHWORD_DIR", data)
        .env("WATCHWORD_PASSPHRASE", "vault passphrase")
        .env_remove("WATCHWORD_IMPORT_PASSWORD")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_followed_aegis_backup_folder_through_the_cli() {
    let original = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/peer-data/aegis/aegis_encrypted.json");
    if !original.exists() {
        eprintln!(
            "SKIPPED: ../shared/peer-data is absent; the real Aegis backup cannot be followed"
        );
        return;
    }
    let data = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let secrets = tempfile::tempdir().unwrap();
    std::fs::copy(
        &original,
        folder.path().join("aegis-backup-20261201-100000.json"),
    )
    .unwrap();
    let password = secrets.path().join("aegis.txt");
    std::fs::write(&password, "test\n").unwrap();
    let (code, _, err) = run(data.path(), &["vault", "init", "--no-keyring"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(
        data.path(),
        &[
            "follow",
            "add",
            "--folder",
            folder.path().to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let id = out.trim().rsplit(' ').next().unwrap().to_owned();
    let (code, out, err) = run(data.path(), &["follow", "check"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(&format!("{id}: aegis-backup-20261201-100000.json applied")),
        "{out}"
    );
    assert!(out.contains("  new: Deno (Mason)"), "{out}");
    let (_, list, _) = run(data.path(), &["list"]);
    assert!(list.contains("Deno") && list.contains("SPDX"), "{list}");
    let (code, out, _) = run(data.path(), &["follow", "check"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.trim(), format!("{id}: nothing new"));
    let (_, out, _) = run(data.path(), &["follow", "list"]);
    assert!(
        out.contains("last read: aegis-backup-20261201-100000.json"),
        "{out}"
    );
    // The password is nowhere in the data folder in clear.
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("test"),
                "{}",
                path.display()
            );
        }
    }
}

/// `otpauth://` links one a line: an export any app (and Watchword) writes.
fn links(folder: &std::path::Path, name: &str, uris: &[&str], age_secs: u64) {
    let path = folder.join(name);
    std::fs::write(&path, uris.join("\n") + "\n").unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age_secs))
        .unwrap();
}

#[test]
fn flagged_accounts_are_resolved_by_delete_or_keep() {
    const ALPHA: &str = "otpauth://totp/Alpha:a?secret=JBSWY3DPEHPK3PXP&issuer=Alpha";
    const BETA: &str = "otpauth://totp/Beta:b?secret=KRSXG5CTMVRXEZLU&issuer=Beta";
    const GAMMA: &str = "otpauth://totp/Gamma:c?secret=GEZDGNBVGY3TQOJQ&issuer=Gamma";
    let data = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let folder = tempfile::tempdir().unwrap();
    links(folder.path(), "export-1.txt", &[ALPHA, BETA, GAMMA], 600);
    let (code, _, err) = run(data.path(), &["vault", "init", "--no-keyring"]);
    assert_eq!(code, Some(0), "{err}");
    let folder_arg = folder.path().to_str().unwrap();
    let (code, out, err) = run(data.path(), &["follow", "add", "--folder", folder_arg]);
    assert_eq!(code, Some(0), "{err}");
    let id = out.trim().rsplit(' ').next().unwrap().to_owned();
    let (code, out, err) = run(data.path(), &["follow", "check"]);
    assert_eq!(code, Some(0), "{out}{err}");
    links(folder.path(), "export-2.txt", &[ALPHA], 60);
    let (code, out, err) = run(data.path(), &["follow", "check"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("gone there (flagged, not deleted): Beta (b)"),
        "{out}"
    );
    let (_, list, _) = run(data.path(), &["follow", "list"]);
    assert!(list.contains("gone there, still here: Beta (b)"), "{list}");
    assert!(list.contains("gone there, still here: Gamma (c)"), "{list}");

    // One of --delete and --keep is required; an account not flagged is refused.
    let (code, _, err) = run(data.path(), &["follow", "resolve", &id, "Beta"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(
        data.path(),
        &["follow", "resolve", &id, "Beta", "--delete", "--keep"],
    );
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(data.path(), &["follow", "resolve", &id, "Alpha", "--keep"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not flagged"), "{err}");

    let (code, out, err) = run(data.path(), &["follow", "resolve", &id, "Beta", "--delete"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("deleted Beta (b)"), "{out}");
    let (code, out, err) = run(data.path(), &["follow", "resolve", &id, "gamma", "--keep"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("kept Gamma (c)"), "{out}");
    let (_, list, _) = run(data.path(), &["list"]);
    assert!(list.contains("Alpha") && list.contains("Gamma"), "{list}");
    assert!(!list.contains("Beta"), "{list}");
    let (_, followed, _) = run(data.path(), &["follow", "list"]);
    assert!(!followed.contains("gone there"), "{followed}");
    // Done once: Beta is gone, Gamma no longer flagged.
    let (code, _, err) = run(
        data.path(),
        &["follow", "resolve", &id, "Gamma", "--delete"],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not flagged"), "{err}");
}
