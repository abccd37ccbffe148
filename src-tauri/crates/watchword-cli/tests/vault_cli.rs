//! The vault commands through the real binary, the real Secret Service (run
//! inside scripts/desktop-session.sh, as `make test` does) and real files.

use std::path::Path;
use std::process::{Command, Output};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const BANK: &str = "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=0";

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_watchword"));
        command
            .args(args)
            .env("WATCHWORD_DIR", self.dir.path())
            .env_remove("WATCHWORD_PASSPHRASE")
            .env_remove("WATCHWORD_NEW_PASSPHRASE");
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

    /// Exit 2 with exactly one line on stderr; returns that line.
    fn fails(&self, out: Output) -> String {
        assert_eq!(
            out.status.code(),
            Some(2),
            "stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
        err
    }

    fn file(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn keyring_vault_full_account_lifecycle() {
    let cli = Cli::new();
    assert!(cli.ok(&["vault", "init"]).starts_with("created "));
    let id = cli.ok(&["add", GITHUB]).trim().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    cli.ok(&["add", GITLAB]);
    cli.ok(&["add", BANK]);
    // The same account again is not doubled, and says why.
    let again = cli.run(&["add", GITHUB]);
    assert!(again.status.success());
    assert!(again.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&again.stderr).trim(),
        "watchword: skipped: GitHub (alice) is already in the vault"
    );

    let listed: serde_json::Value = serde_json::from_str(&cli.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert_eq!(
        listed[0],
        serde_json::json!({"id": id, "type": "totp", "issuer": "GitHub", "name": "alice",
            "algorithm": "SHA1", "digits": 6, "period": 30, "groups": [], "favourite": false, "icon": "brand:github",
            "uri": "otpauth://totp/GitHub:alice?issuer=GitHub&algorithm=SHA1&digits=6&period=30"})
    );
    assert_eq!(listed[2]["counter"], 0);
    assert!(listed[2].get("period").is_none());
    assert!(!listed.to_string().contains("JBSW"), "no secrets in list");

    // The vault's code equals the stateless one at the same second.
    let at = "1700000000";
    assert_eq!(
        cli.ok(&["code", "github", "--at", at]),
        cli.ok(&["code", "--uri", GITHUB, "--at", at])
    );
    assert_eq!(
        cli.ok(&["code", &id, "--at", at]),
        cli.ok(&["code", "--uri", GITHUB, "--at", at])
    );

    let err = cli.fails(cli.run(&["code", "alice"]));
    assert!(
        err.contains("matches 2 accounts")
            && err.contains("GitHub (alice)")
            && err.contains("GitLab (alice)"),
        "{err}"
    );
    let err = cli.fails(cli.run(&["code", "nobody"]));
    assert!(err.contains("no account matches \"nobody\""), "{err}");

    // HOTP: next advances and persists.
    assert_eq!(cli.ok(&["next", "bank"]), "055283\n");
    assert_eq!(cli.ok(&["code", "bank"]), "055283\n");
    let err = cli.fails(cli.run(&["next", "github"]));
    assert!(
        err.contains("is not a counter-based (HOTP) account"),
        "{err}"
    );

    cli.ok(&[
        "rename",
        "gitlab:alice",
        "alice-work",
        "--issuer",
        "GitLab EE",
    ]);
    assert!(cli.ok(&["list"]).contains("GitLab EE"));
    cli.ok(&["remove", "GitLab EE"]);
    let listed: serde_json::Value = serde_json::from_str(&cli.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);

    let status: serde_json::Value =
        serde_json::from_str(&cli.ok(&["vault", "status", "--json"])).unwrap();
    assert_eq!(status["keyring_slot"], true);
    assert_eq!(status["passphrase_slot"], false);
    assert!(status["backups"].as_array().unwrap().len() >= 5);

    let err = cli.fails(cli.run(&["vault", "init"]));
    assert!(err.contains("already exists"), "{err}");
    let err = cli.fails(cli.run(&["add", "otpauth://totp/x?secret=JBSWY3DP1HPK3PXP"]));
    assert!(err.contains("secret: not base32"), "{err}");
}

#[test]
fn passphrase_only_vault_from_file_and_environment() {
    let cli = Cli::new();
    let pw = write(&cli.file("pw"), "correct horse battery\n");
    let wrong = write(&cli.file("wrong"), "incorrect\n");
    cli.ok(&["vault", "init", "--no-keyring", "--passphrase-file", &pw]);
    cli.ok(&["add", GITHUB, "--passphrase-file", &pw]);

    let err = cli.fails(cli.run(&["list"]));
    assert!(err.contains("the vault needs its passphrase"), "{err}");
    let err = cli.fails(cli.run(&["list", "--passphrase-file", &wrong]));
    assert!(err.ends_with("wrong passphrase\n"), "{err}");
    let out = cli
        .command(&["list", "--json"])
        .env("WATCHWORD_PASSPHRASE", "correct horse battery")
        .output()
        .unwrap();
    assert!(out.status.success());

    // Change it; the old one stops working.
    let out = cli
        .command(&["vault", "passphrase", "set", "--passphrase-file", &pw])
        .env("WATCHWORD_NEW_PASSPHRASE", "new one")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    cli.fails(cli.run(&["list", "--passphrase-file", &pw]));
    let new = write(&cli.file("new"), "new one");
    cli.ok(&["list", "--passphrase-file", &new]);

    // It is the only way in: removing it is refused, and nothing changes.
    let err = cli.fails(cli.run(&["vault", "passphrase", "remove", "--passphrase-file", &new]));
    assert!(err.contains("only way to unlock"), "{err}");
    cli.ok(&["vault", "keyring", "enable", "--passphrase-file", &new]);
    cli.ok(&["vault", "passphrase", "remove", "--passphrase-file", &new]);
    cli.ok(&["list"]);
    let err = cli.fails(cli.run(&["vault", "passphrase", "set"]));
    assert!(
        err.contains("--new-passphrase-file or WATCHWORD_NEW_PASSPHRASE"),
        "{err}"
    );
    let err = cli.fails(cli.run(&["list", "--passphrase-file", "/nonexistent/pw"]));
    assert!(
        err.contains("cannot read the passphrase file /nonexistent/pw"),
        "{err}"
    );
}

#[test]
fn no_secret_service_gives_a_clear_message_and_the_passphrase_path() {
    let cli = Cli::new();
    let no_bus = |args: &[&str]| {
        cli.command(args)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .output()
            .unwrap()
    };
    let err = cli.fails(no_bus(&["vault", "init"]));
    assert!(err.contains("the OS keyring is unavailable"), "{err}");
    assert!(err.contains("give a passphrase"), "{err}");
    assert!(
        !cli.file("vault.wwv").exists(),
        "nothing written without protection"
    );

    let pw = write(&cli.file("pw"), "pw");
    let out = no_bus(&["vault", "init", "--passphrase-file", &pw]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("protected by the passphrase only"));
    let out = no_bus(&["add", GITHUB, "--passphrase-file", &pw]);
    assert!(out.status.success());
    // Later, with a working keyring, the vault still opens by passphrase.
    cli.ok(&["list", "--passphrase-file", &pw]);

    // A keyring-only vault whose Secret Service is gone.
    let keyring_cli = Cli::new();
    keyring_cli.ok(&["vault", "init"]);
    let out = keyring_cli
        .command(&["list"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .unwrap();
    let err = keyring_cli.fails(out);
    assert!(
        err.contains("the OS keyring is unavailable")
            && err.contains("opens only through the keyring"),
        "{err}"
    );
}

#[test]
fn a_locked_secret_service_is_reported_not_waited_on() {
    // A second, private session whose keyring was started but never unlocked,
    // with no display for a prompt: the Secret Service refuses.
    let cli = Cli::new();
    let data = tempfile::tempdir().unwrap();
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c"])
        .arg(format!(
            "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec {} vault init",
            env!("CARGO_BIN_EXE_watchword")
        ))
        .env("WATCHWORD_DIR", cli.dir.path())
        .env("XDG_DATA_HOME", data.path())
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("watchword:"))
        .unwrap_or_default();
    assert!(
        line.contains("the OS keyring is locked or refused access")
            || line.contains("the OS keyring is unavailable"),
        "{err}"
    );
    assert!(!cli.file("vault.wwv").exists());
}

#[test]
fn restore_lists_and_restores_backups() {
    let cli = Cli::new();
    cli.ok(&["vault", "init"]);
    cli.ok(&["add", GITHUB]);
    cli.ok(&["add", GITLAB]);
    let listing = cli.ok(&["vault", "restore"]);
    let newest = listing
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert!(newest.starts_with("vault-"), "{listing}");

    std::fs::write(cli.file("vault.wwv"), b"not a vault at all").unwrap();
    let err = cli.fails(cli.run(&["list"]));
    assert!(
        err.contains("is not a Watchword vault; it was left untouched"),
        "{err}"
    );
    assert!(
        cli.ok(&["vault", "restore", &newest])
            .starts_with(&format!("restored {newest}: 1 accounts"))
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&cli.ok(&["list", "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Kills a real writer with SIGKILL at random moments, many times; after each
/// kill the vault opens and holds either the old or the new version.
#[test]
fn sigkill_during_writes_never_loses_the_vault() {
    let cli = Cli::new();
    cli.ok(&["vault", "init"]);
    let mut expected = 0usize;
    let (mut killed, mut finished) = (0, 0);
    // Kill anywhere from the start to a bit past a whole run's duration.
    let started = std::time::Instant::now();
    cli.ok(&["add", GITHUB]);
    expected += 1;
    let window = (started.elapsed().as_micros() as u64 * 3 / 2).max(1);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..60 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // A new name each round: the same account twice would be skipped.
        let uri = format!("otpauth://totp/Crash:round{round}?secret=JBSWY3DPEHPK3PXP");
        let mut child = cli
            .command(&["add", &uri])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(seed % window));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let listed = cli.run(&["list", "--json"]);
        assert!(
            listed.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
        let count = serde_json::from_slice::<serde_json::Value>(&listed.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        if status.success() {
            expected += 1;
            finished += 1;
        } else {
            killed += 1;
        }
        assert!(
            count == expected || count == expected + 1,
            "round {round}: {count} accounts, expected {expected}"
        );
        expected = count;
    }
    // Both outcomes must occur, or the test proved nothing about mid-write kills.
    eprintln!("killed {killed}, finished {finished}");
    assert!(
        killed >= 10 && finished >= 5,
        "killed {killed}, finished {finished}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    // A kill between writing the temp file and renaming it leaves the temp
    // behind; it is harmless (never read) but must be the only kind of debris.
    assert!(
        leftovers.iter().all(|n| n.starts_with(".vault.wwv.tmp-")),
        "{leftovers:?}"
    );
}

/// A write the file system refuses (here a file-size limit, as a full disk
/// would) is a clear error, and the previous vault stays whole.
#[test]
fn a_refused_write_reports_the_file_and_keeps_the_old_vault() {
    let cli = Cli::new();
    cli.ok(&["vault", "init"]);
    for i in 0..40 {
        cli.ok(&[
            "add",
            &format!("otpauth://totp/Issuer{i}:user{i}%40example.com?secret=JBSWY3DPEHPK3PXP"),
        ]);
    }
    let before = std::fs::read(cli.file("vault.wwv")).unwrap();
    assert!(
        before.len() > 8 * 1024,
        "the vault outgrows the limit below"
    );

    // SIGXFSZ ignored, so writes past 8 KiB fail with EFBIG instead of killing the process.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 8; exec {} add '{GITHUB}'",
            env!("CARGO_BIN_EXE_watchword")
        ))
        .env("WATCHWORD_DIR", cli.dir.path())
        .output()
        .unwrap();
    let err = cli.fails(out);
    assert!(
        err.contains(&format!("cannot write {}", cli.file("vault.wwv").display())),
        "{err}"
    );
    assert!(err.contains("too large"), "{err}");
    assert_eq!(
        std::fs::read(cli.file("vault.wwv")).unwrap(),
        before,
        "old version intact"
    );
    let listed: serde_json::Value = serde_json::from_str(&cli.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 40);
    let debris = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".tmp-"));
    assert!(!debris, "the failed temp file was removed");
}
