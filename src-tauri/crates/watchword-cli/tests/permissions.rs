//! Security finding "files are created with the umask's modes": every file and
//! folder Watchword writes is owner-only whatever the umask, and a data folder
//! an older version left readable is narrowed (and said once). Runs the real
//! binary under `umask 022` (inside scripts/desktop-session.sh for the keyring).

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";

/// Runs `watchword ARGS` under umask 022 with the vault in `dir`.
fn watchword(dir: &Path, passphrase_file: &Path, args: &[&str]) -> Output {
    let mut script = String::from("umask 022; exec \"$0\"");
    for i in 0..args.len() + 2 {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .env_remove("WATCHWORD_PASSPHRASE")
        .env_remove("WATCHWORD_NEW_PASSPHRASE")
        .arg("--passphrase-file")
        .arg(passphrase_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every path below `root` (itself included) that group or others may read.
fn readable_by_others(root: &Path) -> Vec<(PathBuf, u32)> {
    let mut wide = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            wide.push((path.clone(), mode));
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
    }
    wide
}

#[test]
fn files_are_created_owner_only_whatever_the_umask() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data");
    let out = home.path().join("outputs");
    let secrets = tempfile::tempdir().unwrap();
    let pass = secrets.path().join("pass");
    std::fs::write(&pass, "first words\n").unwrap();
    let new_pass = secrets.path().join("new");
    std::fs::write(&new_pass, "second words\n").unwrap();

    watchword(&dir, &pass, &["vault", "init"]);
    watchword(&dir, &pass, &["add", GITHUB]);
    watchword(&dir, &pass, &["rename", "GitHub", "alice2"]);
    let mut change = Command::new("sh");
    change
        .arg("-c")
        .arg("umask 022; exec \"$0\" vault passphrase set --passphrase-file \"$1\" --new-passphrase-file \"$2\"")
        .arg(env!("CARGO_BIN_EXE_watchword"))
        .arg(&pass)
        .arg(&new_pass)
        .env("WATCHWORD_DIR", &dir);
    let changed = change.output().unwrap();
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let png = out.join("github.png");
    watchword(
        &dir,
        &new_pass,
        &["qr", "GitHub", "--out", png.to_str().unwrap()],
    );
    let aegis = out.join("aegis.json");
    watchword(
        &dir,
        &new_pass,
        &[
            "export",
            "--format",
            "aegis",
            "--out",
            aegis.to_str().unwrap(),
        ],
    );
    let pictures = out.join("gauth");
    watchword(
        &dir,
        &new_pass,
        &[
            "export",
            "--format",
            "gauth-qr",
            "--out",
            pictures.to_str().unwrap(),
        ],
    );
    watchword(&dir, &new_pass, &["vault", "keyring", "disable"]);

    assert!(png.exists() && aegis.exists() && pictures.exists());
    assert_eq!(readable_by_others(&dir), [], "the data folder");
    assert_eq!(readable_by_others(&out), [], "the outputs");
}

#[test]
fn files_a_wide_umask_left_readable_are_narrowed_and_said_once() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data");
    let secrets = tempfile::tempdir().unwrap();
    let pass = secrets.path().join("pass");
    std::fs::write(&pass, "words\n").unwrap();
    watchword(&dir, &pass, &["vault", "init"]);
    watchword(&dir, &pass, &["add", GITHUB]);
    // As an older version left them under umask 022.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        dir.join("vault.wwv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let first = watchword(&dir, &pass, &["list"]);
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(said.contains("readable by you only"), "{said}");
    assert_eq!(readable_by_others(&dir), []);
    let second = watchword(&dir, &pass, &["list"]);
    assert!(
        !String::from_utf8_lossy(&second.stderr).contains("readable by you only"),
        "said once"
    );
}
