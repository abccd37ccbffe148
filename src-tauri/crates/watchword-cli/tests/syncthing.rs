//! Sync with a real sync engine in the loop: two Syncthing instances
//! (Debian's `syncthing`) on loopback, discovery, relays, NAT, global
//! announce and usage reporting off, each with its own home, its own copy of
//! the shared folder and its own Watchword data folder. Skips, saying so,
//! only when `syncthing` is not installed (scripts/install-deps.sh installs it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
const GITLAB: &str = "otpauth://totp/GitLab:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const LATER: &str = "otpauth://totp/Later:dave?secret=JBSWY3DPEHPK3PXQ";
const PASSPHRASE: &str = "correct horse battery staple";

/// One computer: a Syncthing home, its copy of the shared folder, a Watchword data folder.
struct Side {
    root: tempfile::TempDir,
    device_id: String,
    port: u16,
    syncthing: Option<Child>,
}

impl Drop for Side {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Side {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        for sub in ["home", "data", "folder/.stfolder"] {
            std::fs::create_dir_all(root.path().join(sub)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(root.path().join("data"), private).unwrap();
        let home = root.path().join("home");
        let out = Command::new("syncthing")
            .arg("generate")
            .arg(format!("--home={}", home.display()))
            .env("STNODEFAULTFOLDER", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let out = Command::new("syncthing")
            .arg(format!("--home={}", home.display()))
            .arg("--device-id")
            .output()
            .unwrap();
        let device_id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        assert_eq!(device_id.len(), 63, "{device_id}");
        Self {
            root,
            device_id,
            port: free_port(),
            syncthing: None,
        }
    }

    fn folder(&self) -> PathBuf {
        self.root.path().join("folder")
    }

    /// Writes the configuration: one folder shared with `peer` only, everything
    /// that would reach beyond loopback off.
    fn configure(&self, peer: &Side) {
        let device = |side: &Side, name: &str| {
            format!(
                r#"<device id="{}" name="{name}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy=""><address>tcp://127.0.0.1:{}</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>"#,
                side.device_id, side.port
            )
        };
        let config = format!(
            r#"<configuration version="36">
    <folder id="watchword" label="watchword" path="{folder}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <device id="{me}" introducedBy=""></device>
        <device id="{them}" introducedBy=""></device>
        <maxConflicts>10</maxConflicts>
        <minDiskFree unit="%">0</minDiskFree>
    </folder>
    {my_device}
    {their_device}
    <gui enabled="false" tls="false" debugging="false"><address>127.0.0.1:{gui}</address></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <crashReportingEnabled>false</crashReportingEnabled>
        <announceLANAddresses>false</announceLANAddresses>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <!-- A few KB of test files: a nearly full disk on the machine must not stop them. -->
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
    </options>
</configuration>
"#,
            folder = self.folder().display(),
            me = self.device_id,
            them = peer.device_id,
            my_device = device(self, "me"),
            their_device = device(peer, "peer"),
            gui = free_port(),
            port = self.port,
        );
        std::fs::write(self.root.path().join("home/config.xml"), config).unwrap();
    }

    fn start(&mut self) {
        let home = self.root.path().join("home");
        let log = std::fs::File::create(self.root.path().join("syncthing.log")).unwrap();
        let child = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", home.display()))
            .args([
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--no-default-folder",
            ])
            .env("STNODEFAULTFOLDER", "1")
            .env("STNOUPGRADE", "1")
            // One process, not a monitor and a child: killing it frees its database.
            .env("STMONITORED", "1")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        self.syncthing = Some(child);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.syncthing.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("syncthing.log")).unwrap_or_default()
    }

    fn watchword(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_watchword"))
            .args(args)
            .env("WATCHWORD_DIR", self.root.path().join("data"))
            .env("WATCHWORD_PASSPHRASE", "vault passphrase")
            .env("WATCHWORD_SYNC_PASSPHRASE", PASSPHRASE)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn names(&self) -> Vec<String> {
        let rows: Vec<serde_json::Value> =
            serde_json::from_str(&self.watchword(&["list", "--json"])).unwrap();
        let mut names: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{}:{}",
                    r["issuer"].as_str().unwrap_or(""),
                    r["name"].as_str().unwrap()
                )
            })
            .collect();
        names.sort();
        names
    }

    fn sync_file(&self, of: &Side) -> PathBuf {
        let device = of.watchword_device();
        self.folder()
            .join(format!("watchword-sync-{device}.wwsync"))
    }

    fn watchword_device(&self) -> String {
        let status: serde_json::Value =
            serde_json::from_str(&self.watchword(&["sync", "status", "--json"])).unwrap();
        status["device"].as_str().unwrap().to_owned()
    }
}

/// Polls `check` every 200 ms for up to 90 s; the logs explain a timeout.
fn wait_for(what: &str, sides: &[&Side], mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let logs: Vec<String> = sides.iter().map(|s| s.log()).collect();
    panic!(
        "timed out waiting for {what}; syncthing logs:\n{}",
        logs.join("\n-----\n")
    );
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

#[test]
fn two_syncthing_instances_carry_watchword_sync_files() {
    if Command::new("syncthing").arg("--version").output().is_err() {
        eprintln!("SKIPPED: syncthing is not installed (scripts/install-deps.sh installs it)");
        return;
    }
    let mut a = Side::new();
    let mut b = Side::new();
    a.configure(&b);
    b.configure(&a);
    a.start();
    b.start();
    for side in [&a, &b] {
        side.watchword(&["vault", "init", "--no-keyring"]);
    }

    // A starts the group and adds an account; B joins once A's file arrived.
    a.watchword(&["sync", "setup", "--folder", a.folder().to_str().unwrap()]);
    a.watchword(&["add", GITHUB]);
    let a_device = a.watchword_device();
    let a_name = format!("watchword-sync-{a_device}.wwsync");
    wait_for("A's file at B", &[&a, &b], || {
        same_file(&a.folder().join(&a_name), &b.folder().join(&a_name))
    });
    let joined = b.watchword(&["sync", "setup", "--folder", b.folder().to_str().unwrap()]);
    assert!(joined.contains("added GitHub (alice)"), "{joined}");
    assert_eq!(b.names(), vec!["GitHub:alice"]);
    wait_for("B's file at A", &[&a, &b], || {
        same_file(&b.sync_file(&b), &a.sync_file(&b))
    });
    let b_at_a = a.sync_file(&b);
    let old_b_file = std::fs::read(&b_at_a).unwrap();

    // An account added on B appears on A.
    b.watchword(&["add", GITLAB]);
    wait_for("B's new file at A", &[&a, &b], || {
        same_file(&b.sync_file(&b), &b_at_a)
    });
    let printed = a.watchword(&["sync", "now"]);
    assert!(printed.contains("added GitLab (carol)"), "{printed}");
    assert_eq!(a.names(), b.names());

    // Concurrent edits of one field: both computers end with the same name.
    a.watchword(&["rename", "GitHub", "alice-a"]);
    b.watchword(&["rename", "GitHub", "alice-b"]);
    wait_for("the renames to converge", &[&a, &b], || {
        a.watchword(&["sync", "now"]);
        b.watchword(&["sync", "now"]);
        a.names() == b.names()
    });
    let names = a.names();
    assert!(
        names.contains(&"GitHub:alice-a".to_owned())
            || names.contains(&"GitHub:alice-b".to_owned()),
        "{names:?}"
    );

    // A conflict copy made by Syncthing: while B's Syncthing is down, B's
    // file is changed on both sides (an old copy put back at A, a new account
    // at B); when B is back, Syncthing keeps one version and renames the
    // other `*.sync-conflict-*`. Watchword merges both: nothing is lost.
    b.stop();
    std::fs::write(&b_at_a, &old_b_file).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    b.watchword(&["add", LATER]);
    b.start();
    let conflict_in = |side: &Side| {
        std::fs::read_dir(side.folder())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.contains(".sync-conflict-"))
    };
    wait_for("a Syncthing conflict copy", &[&a, &b], || {
        conflict_in(&a).is_some() || conflict_in(&b).is_some()
    });
    wait_for(
        "everything after the conflict to converge",
        &[&a, &b],
        || {
            a.watchword(&["sync", "now"]);
            b.watchword(&["sync", "now"]);
            a.names() == b.names() && a.names().iter().any(|n| n == "Later:dave")
        },
    );
    let conflict = conflict_in(&a).or_else(|| conflict_in(&b)).unwrap();
    for side in [&a, &b] {
        let printed = side.watchword(&["sync", "now"]);
        assert!(
            !printed.contains(&format!("skipped {conflict}")),
            "{printed}"
        );
    }
    assert_eq!(a.names().len(), 3, "{:?}", a.names());
}
