//! `watchword pin` through the real binary against a real sandbox on loopback, with
//! profile secrets in the real Secret Service (run inside scripts/desktop-session.sh,
//! as `make test` does).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use watchword_sandbox::{RunningSandbox, SandboxConfig, SinchApp, SinchAppOptions, Storage};

const SINCH_KEY: &str = "CLIKEY";
const SINCH_SECRET: &str = "Y2xpLXNlY3JldC1rZXk=";

struct Setup {
    dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    sandbox: Option<RunningSandbox>,
}

impl Setup {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let config = SandboxConfig {
            infobip_keys: vec!["cli-infobip-key".into()],
            sinch_apps: vec![SinchApp {
                key: SINCH_KEY.into(),
                secret_base64: SINCH_SECRET.into(),
                options: SinchAppOptions::default(),
            }],
            auth365_clients: vec![watchword_sandbox::Auth365Client {
                id: "cli".into(),
                secret: "cli-secret".into(),
            }],
            storage: Storage::Memory,
            sandbox_token: None,
        };
        let sandbox = runtime
            .block_on(watchword_sandbox::start(
                config,
                "127.0.0.1:0".parse().unwrap(),
            ))
            .unwrap();
        Self {
            dir: tempfile::tempdir().unwrap(),
            runtime,
            sandbox: Some(sandbox),
        }
    }

    fn url(&self) -> String {
        self.sandbox.as_ref().unwrap().base_url()
    }

    /// The sandbox's run token, which its outbox needs.
    fn token(&self) -> String {
        self.sandbox.as_ref().unwrap().token().to_owned()
    }

    fn run(&self, args: &[&str], secret: Option<&str>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_watchword"));
        command
            .args(args)
            .env("WATCHWORD_DIR", self.dir.path())
            .env("WATCHWORD_SANDBOX_TOKEN", self.token())
            .env_remove("WATCHWORD_PIN_PROFILE");
        match secret {
            Some(secret) => command.env("WATCHWORD_PIN_SECRET", secret),
            None => command.env_remove("WATCHWORD_PIN_SECRET"),
        };
        command.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, None);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn last_code(&self, to: &str) -> String {
        let url = format!(
            "{}/sandbox/outbox?to={}",
            self.url(),
            to.replace('+', "%2B")
        );
        let token = self.token();
        let list: Vec<Value> = self.runtime.block_on(async {
            reqwest::Client::new()
                .get(url)
                .header(watchword_sandbox::TOKEN_HEADER, token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        });
        list.last().unwrap()["code"].as_str().unwrap().to_owned()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.shutdown());
        }
    }
}

fn profiles_file(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("pin-profiles.json")).unwrap()
}

#[test]
fn sinch_send_verify_and_status_with_the_secret_in_the_keyring() {
    let s = Setup::new();
    let url = s.url();
    let out = s.run(
        &[
            "pin",
            "profile",
            "add",
            "sb",
            "--provider",
            "sinch",
            "--url",
            &url,
            "--key",
            SINCH_KEY,
        ],
        Some(SINCH_SECRET),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !profiles_file(s.dir.path()).contains(SINCH_SECRET),
        "the secret stays out of the profiles file"
    );
    assert!(s.ok(&["pin", "profile", "list"]).contains("sinch"));

    let started = s.json(&["pin", "send", "-p", "sb", "--to", "+46700000900"]);
    let id = started["id"].as_str().unwrap().to_owned();
    let code = s.last_code("+46700000900");

    let wrong = s.run(&["pin", "verify", "-p", "sb", "--id", &id, "0000000"], None);
    assert_eq!(wrong.status.code(), Some(1), "a wrong code exits 1");
    let answer: Value = serde_json::from_slice(&wrong.stdout).unwrap();
    assert_eq!(answer["status"], "FAIL");

    let right = s.json(&["pin", "verify", "-p", "sb", "--id", &id, &code]);
    assert_eq!(right["status"], "SUCCESSFUL");
    assert_eq!(
        s.json(&["pin", "status", "-p", "sb", "--id", &id])["status"],
        "SUCCESSFUL"
    );
    let outbox: Value =
        serde_json::from_str(&s.ok(&["pin", "outbox", "-p", "sb", "--to", "+46700000900"]))
            .unwrap();
    assert_eq!(outbox[0]["code"], code.as_str());
}

#[test]
fn infobip_apps_templates_send_and_verify() {
    let s = Setup::new();
    let url = s.url();
    let out = s.run(
        &[
            "pin",
            "profile",
            "add",
            "ib",
            "--provider",
            "infobip",
            "--url",
            &url,
        ],
        Some("cli-infobip-key"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = s.json(&[
        "pin",
        "apps",
        "-p",
        "ib",
        "create",
        "--name",
        "cli",
        "--pin-attempts",
        "5",
    ]);
    let app_id = app["applicationId"].as_str().unwrap().to_owned();
    assert_eq!(app["configuration"]["pinAttempts"], 5);
    let template = s.json(&[
        "pin",
        "templates",
        "-p",
        "ib",
        "--app",
        &app_id,
        "create",
        "--text",
        "Code {{pin}}",
        "--length",
        "4",
    ]);
    let message_id = template["messageId"].as_str().unwrap().to_owned();
    assert_eq!(
        s.json(&["pin", "templates", "-p", "ib", "--app", &app_id, "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let sent = s.json(&[
        "pin",
        "send",
        "-p",
        "ib",
        "--to",
        "46700000901",
        "--app",
        &app_id,
        "--template",
        &message_id,
    ]);
    let pin_id = sent["pinId"].as_str().unwrap().to_owned();
    let code = s.last_code("46700000901");
    assert_eq!(code.len(), 4);
    assert_eq!(
        s.json(&["pin", "verify", "-p", "ib", "--id", &pin_id, &code])["verified"],
        true
    );
}

#[test]
fn auth365_generate_validate_and_a_soft_token_enrolled_into_the_vault() {
    let s = Setup::new();
    let url = s.url();
    let out = s.run(
        &[
            "pin",
            "profile",
            "add",
            "a3",
            "--provider",
            "auth365",
            "--url",
            &url,
            "--key",
            "cli",
            "--account-id",
            "7",
        ],
        Some("cli-secret"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent = s.json(&[
        "pin",
        "send",
        "-p",
        "a3",
        "--to",
        "+46700000902",
        "--length",
        "8",
    ]);
    let order = sent["orderID"].as_str().unwrap().to_owned();
    assert_eq!(
        sent["message"], "[redacted]",
        "the sent text holds the PIN: not printed"
    );
    let code = s.last_code("+46700000902");
    assert_eq!(code.len(), 8);
    assert_eq!(
        s.json(&["pin", "verify", "-p", "a3", "--order", &order, &code])["status"],
        "success"
    );

    // A keyring vault for the soft token.
    let created = s.run(&["vault", "init"], None);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let enrolled = s.json(&[
        "pin",
        "softtoken",
        "-p",
        "a3",
        "create",
        "--user",
        "bob",
        "--issuer",
        "CLI",
        "--enroll",
    ]);
    let token_id = enrolled["softTokenId"].as_str().unwrap().to_owned();
    let listed: Value = serde_json::from_str(&s.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed[0]["issuer"], "CLI");
    let shown = s.ok(&["code", "CLI"]);
    let valid = s.json(&[
        "pin",
        "softtoken",
        "-p",
        "a3",
        "validate",
        &token_id,
        shown.trim(),
    ]);
    assert_eq!(valid["status"], "success");
}

#[test]
fn an_unknown_profile_and_an_unreachable_provider_are_one_clear_line() {
    let s = Setup::new();
    let out = s.run(&["pin", "send", "-p", "nope", "--to", "+1"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no PIN provider profile is named \"nope\""),
        "{err}"
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = format!("http://127.0.0.1:{port}");
    assert!(
        s.run(
            &[
                "pin",
                "profile",
                "add",
                "dead",
                "--provider",
                "infobip",
                "--url",
                &dead
            ],
            Some("k")
        )
        .status
        .success()
    );
    let out = s.run(
        &["pin", "apps", "-p", "dead", "--timeout", "2", "list"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("Infobip: cannot reach"), "{err}");
}

/// The security finding on the sandbox's endpoints, from the CLI: without the run
/// token the outbox (every PIN) is refused with the sandbox's 403.
#[test]
fn pin_outbox_without_the_sandbox_token_is_refused() {
    let s = Setup::new();
    let url = s.url();
    let add = s.run(
        &[
            "pin",
            "profile",
            "add",
            "sb-no-token",
            "--provider",
            "sinch",
            "--url",
            &url,
            "--key",
            SINCH_KEY,
        ],
        Some(SINCH_SECRET),
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    s.ok(&["pin", "send", "-p", "sb-no-token", "--to", "+46700000901"]);
    let code = s.last_code("+46700000901");
    let out = Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(["pin", "outbox", "-p", "sb-no-token", "--to", "+46700000901"])
        .env("WATCHWORD_DIR", s.dir.path())
        .env_remove("WATCHWORD_PIN_PROFILE")
        .env_remove("WATCHWORD_PIN_SECRET")
        .env_remove("WATCHWORD_SANDBOX_TOKEN")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the outbox answered: {stdout}");
    assert!(stderr.contains("HTTP 403"), "{stderr}");
    assert!(!stdout.contains(&code) && !stderr.contains(&code));
}

/// `--sandbox-token` reaches the outbox (and a wrong one is the sandbox's 403).
#[test]
fn pin_outbox_takes_the_sandbox_token_flag() {
    let s = Setup::new();
    let url = s.url();
    let add = s.run(
        &[
            "pin",
            "profile",
            "add",
            "sb-token-flag",
            "--provider",
            "sinch",
            "--url",
            &url,
            "--key",
            SINCH_KEY,
        ],
        Some(SINCH_SECRET),
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    s.ok(&["pin", "send", "-p", "sb-token-flag", "--to", "+46700000902"]);
    let code = s.last_code("+46700000902");
    let outbox = |token: &str| {
        Command::new(env!("CARGO_BIN_EXE_watchword"))
            .args([
                "pin",
                "outbox",
                "-p",
                "sb-token-flag",
                "--to",
                "+46700000902",
            ])
            .args(["--sandbox-token", token])
            .env("WATCHWORD_DIR", s.dir.path())
            .env_remove("WATCHWORD_PIN_PROFILE")
            .env_remove("WATCHWORD_PIN_SECRET")
            .env_remove("WATCHWORD_SANDBOX_TOKEN")
            .output()
            .unwrap()
    };
    let right = outbox(&s.token());
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    let list: Value = serde_json::from_slice(&right.stdout).unwrap();
    assert_eq!(list[0]["code"], code.as_str());
    let wrong = outbox(&"0".repeat(64));
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("HTTP 403"));
}

/// Issue 18: each injected outcome in words. The JSON stays on stdout; the words of the
/// outcome go to stderr (one line), and a provider error's words follow its message.
#[test]
fn every_injected_sinch_outcome_and_error_is_put_in_words() {
    let s = Setup::new();
    let url = s.url();
    let add = s.run(
        &[
            "pin",
            "profile",
            "add",
            "faults",
            "--provider",
            "sinch",
            "--url",
            &url,
            "--key",
            SINCH_KEY,
        ],
        Some(SINCH_SECRET),
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    for (n, status, words) in [
        (1, "ERROR", "Internal error — Sinch failed internally"),
        (2, "DENIED", "Fraud — Sinch's fraud rules refused"),
        (
            3,
            "DENIED",
            "Not enough credit — the Sinch account has not enough credit",
        ),
        (4, "DENIED", "Blocked — the number is blocked"),
        (
            5,
            "DENIED",
            "Destination denied — Sinch does not deliver to this destination",
        ),
        (
            6,
            "FAIL",
            "Network error or number unreachable — the network failed",
        ),
        (
            7,
            "FAIL",
            "Failed pending — the verification failed while it was still pending",
        ),
        (
            8,
            "FAIL",
            "SMS delivery failure — the SMS could not be delivered",
        ),
        (
            9,
            "FAIL",
            "Hung up without entering valid code — the user hung up",
        ),
        (10, "FAIL", "Invalid CLI — the number that called"),
        (11, "FAIL", "Invalid code — the code is not the one sent"),
        (12, "FAIL", "Expired — the verification ran out of time"),
        (15, "ABORTED", "ABORTED — replaced by a newer verification"),
        (16, "ERROR", "ERROR — the provider failed"),
    ] {
        let number = format!("+999100000{n:02}");
        let started = s.json(&["pin", "send", "-p", "faults", "--to", &number]);
        let id = started["id"].as_str().unwrap();
        let out = s.run(&["pin", "status", "-p", "faults", "--id", id], None);
        assert!(out.status.success());
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["status"], status, "{number}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(status) && err.contains(words),
            "{number}: {err}"
        );
    }
    // The callback reasons refuse the start itself, in words.
    let out = s.run(
        &["pin", "send", "-p", "faults", "--to", "+99910000013"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("40303, HTTP 403") && err.contains("a callback denied it"),
        "{err}"
    );
    // Documented HTTP errors from reserved numbers.
    for (n, words) in [
        (402, "the Sinch account has not enough credit"),
        (422, "Sinch has no route to this destination"),
        (503, "the provider failed on its side"),
    ] {
        let out = s.run(
            &[
                "pin",
                "send",
                "-p",
                "faults",
                "--to",
                &format!("+99910000{n}"),
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("HTTP {n}")) && err.contains(&format!(") — {words}")),
            "{err}"
        );
    }
    // A dropped connection, queued through the sandbox's faults endpoint.
    let token = s.token();
    let queued = s.runtime.block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/sandbox/faults"))
            .header(watchword_sandbox::TOKEN_HEADER, token)
            .json(&serde_json::json!({"to": "+46700000990", "fault": {"kind": "drop"}}))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(queued.is_success());
    let out = s.run(
        &["pin", "send", "-p", "faults", "--to", "+46700000990"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("closed before the answer came"), "{err}");
}
