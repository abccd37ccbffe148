//! The stateless commands through the real binary: output shapes and exit codes
//! that later tooling depends on.

use std::process::{Command, Output};

fn watchword(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(args)
        .env_remove("WATCHWORD_PASSPHRASE")
        .output()
        .expect("the watchword binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

const RFC_SHA1: &str = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

#[test]
fn code_prints_one_line_at_the_given_time() {
    for (at, code) in [
        ("59", "94287082"),
        ("1111111109", "07081804"),
        ("20000000000", "65353130"),
    ] {
        let out = watchword(&["code", "--uri", RFC_SHA1, "--at", at]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), format!("{code}\n"));
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn code_without_at_uses_the_clock() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let out = watchword(&["code", "--uri", RFC_SHA1]);
    assert!(out.status.success());
    let printed = stdout(&out);
    // The step may roll over between the two readings: accept either side.
    let candidates: Vec<String> = [before, before + 30]
        .iter()
        .map(|t| {
            stdout(&watchword(&[
                "code",
                "--uri",
                RFC_SHA1,
                "--at",
                &t.to_string(),
            ]))
        })
        .collect();
    assert!(
        candidates.contains(&printed),
        "{printed} not in {candidates:?}"
    );
}

#[test]
fn code_for_hotp_uses_the_uri_counter_and_steam_its_alphabet() {
    let out = watchword(&[
        "code",
        "--uri",
        "otpauth://hotp/x?secret=BASE32SECRET3232&counter=1401",
    ]);
    assert_eq!(stdout(&out), "316439\n");
    let out = watchword(&[
        "code",
        "--uri",
        "otpauth://steam/Steam:x?secret=BASE32SECRET3232",
        "--at",
        "30",
    ]);
    assert_eq!(stdout(&out), "YKKK4\n");
}

#[test]
fn inspect_json_has_the_documented_fields_and_no_secret() {
    let out = watchword(&[
        "inspect",
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=jbsw+y3dp+ehpk+3pxp&algorithm=sha256&digits=8&period=60&image=x",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        !text.to_uppercase().contains("JBSWY3DP"),
        "secret leaked: {text}"
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "totp",
            "issuer": "ACME Co",
            "name": "alice@example.com",
            "algorithm": "SHA256",
            "digits": 8,
            "period": 60,
            "uri": "otpauth://totp/ACME%20Co:alice%40example.com?issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60&image=x"
        })
    );
}

#[test]
fn inspect_json_for_hotp_and_steam() {
    let out = watchword(&[
        "inspect",
        "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=7",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["type"], "hotp");
    assert_eq!(json["counter"], 7);
    assert!(json.get("period").is_none());

    let out = watchword(&[
        "inspect",
        "otpauth://totp/Steam:carol?secret=BASE32SECRET3232&encoder=steam",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["type"], "steam");
    assert_eq!(json["digits"], 5);
    assert_eq!(json["period"], 30);
    assert!(json.get("counter").is_none());
    assert_eq!(json["issuer"], "Steam");

    let out = watchword(&[
        "inspect",
        "otpauth://totp/dave?secret=BASE32SECRET3232",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["issuer"], serde_json::Value::Null);
}

#[test]
fn inspect_show_secret_adds_it_and_keeps_it_in_the_uri() {
    let out = watchword(&[
        "inspect",
        "otpauth://totp/x?secret=jbswy3dpehpk3pxp",
        "--json",
        "--show-secret",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["secret"], "JBSWY3DPEHPK3PXP");
    assert_eq!(
        json["uri"],
        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"
    );
    // The canonical URI reads back to the same account.
    let again = watchword(&[
        "inspect",
        json["uri"].as_str().unwrap(),
        "--json",
        "--show-secret",
    ]);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_problem() {
    let cases: [(&[&str], &str); 8] = [
        (
            &["code", "--uri", "otpauth://totp/x?secret=JBSWY3DP1HPK3PXP"],
            "secret: not base32",
        ),
        (&["code", "--uri", "otpauth://totp/x"], "secret: missing"),
        (
            &["code", "--uri", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"],
            "counter: missing",
        ),
        (
            &[
                "code",
                "--uri",
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=12",
            ],
            "digits: 12 is out of range",
        ),
        (
            &["inspect", "https://example.com", "--json"],
            "not an otpauth:// URI",
        ),
        (
            &["code", "--uri", RFC_SHA1, "--at", "yesterday"],
            "invalid value 'yesterday'",
        ),
        (&["code"], "--uri"),
        (&["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, message) in cases {
        let out = watchword(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            !err.contains("JBSWY3DP"),
            "{args:?}: secret leaked in {err}"
        );
    }
}

#[test]
fn extreme_times_do_not_panic() {
    let out = watchword(&["code", "--uri", RFC_SHA1, "--at", &u64::MAX.to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim().len(), 8);
}
