//! `watchword sync` through the real binary: two data folders (two
//! computers) sharing one sync folder, vaults behind a passphrase.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
const BANK: &str = "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=0";

struct Computer {
    data: tempfile::TempDir,
    /// Passphrase files, outside the data folder.
    secrets: tempfile::TempDir,
}

impl Computer {
    fn new() -> Self {
        let computer = Self {
            data: tempfile::tempdir().unwrap(),
            secrets: tempfile::tempdir().unwrap(),
        };
        // Owner-only from the start, so no command says it narrowed the folder.
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(computer.data.path(), private).unwrap();
        computer.ok(&["vault", "init", "--no-keyring"]);
        computer
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_watchword"));
        command
            .args(args)
            .env("WATCHWORD_DIR", self.data.path())
            .env("WATCHWORD_PASSPHRASE", "vault passphrase")
            .env_remove("WATCHWORD_SYNC_PASSPHRASE");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
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

    /// Exit 2 with one line on stderr; returns it.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    }

    fn list(&self) -> Vec<serde_json::Value> {
        let mut rows: Vec<serde_json::Value> =
            serde_json::from_str(&self.ok(&["list", "--json"])).unwrap();
        for row in &mut rows {
            // Usage counts are this computer's own.
            row.as_object_mut()
                .unwrap()
                .retain(|k, _| k != "use_count" && k != "last_used");
        }
        rows.sort_by_key(|r| r["id"].as_str().unwrap().to_owned());
        rows
    }

    fn setup(&self, folder: &Path, passphrase: &str) -> String {
        let file = self.secrets.path().join("sync-passphrase.txt");
        std::fs::write(&file, format!("{passphrase}\n")).unwrap();
        self.ok(&[
            "sync",
            "setup",
            "--folder",
            folder.to_str().unwrap(),
            "--passphrase-file",
            file.to_str().unwrap(),
        ])
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["sync", "status", "--json"])).unwrap()
    }
}

fn sync_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wwsync"))
        .collect();
    files.sort();
    files
}

#[test]
fn two_computers_share_one_folder_through_the_cli() {
    let folder = tempfile::tempdir().unwrap();
    let a = Computer::new();
    let b = Computer::new();
    let joined = a.setup(folder.path(), "correct horse battery");
    assert!(joined.starts_with("syncing through "), "{joined}");
    // An account added with a plain command reaches A's file (the listener).
    a.ok(&["add", GITHUB]);
    a.ok(&["add", BANK]);
    // B joins with the same passphrase, from the environment.
    let out = b
        .command(&["sync", "setup", "--folder", folder.path().to_str().unwrap()])
        .env("WATCHWORD_SYNC_PASSPHRASE", "correct horse battery")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains("added GitHub (alice), Bank (bob)")
            || printed.contains("added Bank (bob), GitHub (alice)"),
        "{printed}"
    );
    assert_eq!(sync_files(folder.path()).len(), 2);
    assert_eq!(a.list(), b.list());

    // Edits on both sides: a rename on A, HOTP used twice on B and once on A.
    a.ok(&["rename", "GitHub", "alice-a"]);
    b.ok(&["next", "Bank"]);
    b.ok(&["next", "Bank"]);
    a.ok(&["next", "Bank"]);
    let printed = b.ok(&["sync", "now"]);
    assert!(printed.contains("changed GitHub (alice-a)"), "{printed}");
    a.ok(&["sync", "now"]);
    assert_eq!(a.list(), b.list());
    let bank = a
        .list()
        .into_iter()
        .find(|r| r["issuer"] == "Bank")
        .unwrap();
    assert_eq!(bank["counter"], 2, "the highest counter wins: {bank}");

    // A deletion travels.
    b.ok(&["remove", "GitHub"]);
    let printed = a.ok(&["sync", "now"]);
    assert!(printed.contains("removed GitHub (alice-a)"), "{printed}");
    assert_eq!(a.list().len(), 1);
    let printed = a.ok(&["sync", "now"]);
    assert!(
        printed.contains("nothing changed here (1 other computers read)"),
        "{printed}"
    );

    // Status: B as A saw it, with what B's file last changed here.
    let status = a.status();
    let devices = status["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1, "{status}");
    let b_device = b.status()["device"].as_str().unwrap().to_owned();
    assert_eq!(devices[0]["device"], b_device.as_str());
    assert!(devices[0]["written"].as_u64().unwrap() > 1_700_000_000);
    let text = a.ok(&["sync", "status"]);
    assert!(
        text.contains(&format!("{}: last synced ", &b_device[..8])),
        "{text}"
    );

    // Leaving removes A's file and key; A's accounts stay; B keeps going.
    let left = a.ok(&["sync", "leave"]);
    assert!(left.starts_with("left the sync group"), "{left}");
    assert_eq!(sync_files(folder.path()).len(), 1);
    assert_eq!(a.list().len(), 1);
    let err = a.fails(&["sync", "now"]);
    assert!(err.contains("sync is not set up"), "{err}");
    b.ok(&["sync", "now"]);
}

#[test]
fn a_wrong_or_missing_sync_passphrase_is_refused_in_one_line() {
    let folder = tempfile::tempdir().unwrap();
    let a = Computer::new();
    let b = Computer::new();
    a.setup(folder.path(), "correct horse battery");
    let err = b.fails(&["sync", "setup", "--folder", folder.path().to_str().unwrap()]);
    assert!(err.contains("WATCHWORD_SYNC_PASSPHRASE"), "{err}");
    let file = b.secrets.path().join("wrong.txt");
    std::fs::write(&file, "wrong horse\n").unwrap();
    let err = b.fails(&[
        "sync",
        "setup",
        "--folder",
        folder.path().to_str().unwrap(),
        "--passphrase-file",
        file.to_str().unwrap(),
    ]);
    assert!(err.contains("does not open the sync files"), "{err}");
    assert!(!err.contains("wrong horse"), "{err}");
    let err = b.fails(&["sync", "status"]);
    assert!(err.contains("sync is not set up"), "{err}");
}
