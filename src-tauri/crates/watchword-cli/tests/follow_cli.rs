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
