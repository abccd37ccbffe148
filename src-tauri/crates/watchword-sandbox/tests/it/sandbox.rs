//! Sandbox endpoints, persistence across restarts, concurrency, the binary, limits.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use watchword_sandbox::Storage;

use crate::common::*;

#[tokio::test]
async fn health_openapi_clock_and_app_options() {
    let sb = start().await;
    let (s, v) = read(sb.http.get(sb.url("/sandbox/health")).send().await.unwrap()).await;
    assert_eq!((s, v), (StatusCode::OK, json!({"status": "ok"})));
    let (s, doc) = read(
        sb.http
            .get(sb.url("/sandbox/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    for path in [
        "/verification/v1/verifications",
        "/2fa/2/pin",
        "/oauth/token",
        "/softtokens",
        "/sandbox/outbox",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    let (_, before) = read(sb.http.get(sb.url("/sandbox/clock")).send().await.unwrap()).await;
    let (s, after) = read(
        sb.http
            .post(sb.url("/sandbox/clock"))
            .json(&json!({"advanceSeconds": 3600}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(after["offsetSeconds"], 3600);
    assert!(after["now"].as_str().unwrap() > before["now"].as_str().unwrap());
    for bad in [
        json!({"advanceSeconds": -1}),
        json!({"advanceSeconds": "x"}),
        json!({}),
        json!({"advanceSeconds": 1e30}),
    ] {
        let (s, e) = read(
            sb.http
                .post(sb.url("/sandbox/clock"))
                .json(&bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(e["error"].is_string());
    }
    let (s, apps) = read(
        sb.http
            .get(sb.url("/sandbox/sinch/apps"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(apps[0]["key"], SINCH_KEY);
    assert_eq!(apps[0]["codeLength"], 4);
    assert_eq!(apps[0]["maxAttempts"], 3);
    assert_eq!(apps[0]["ttlSeconds"], 300);
    assert!(!apps.to_string().contains(SINCH_SECRET));
    let (s, _) = read(
        sb.http
            .put(sb.url("/sandbox/sinch/apps/nope"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = read(
        sb.http
            .put(sb.url(&format!("/sandbox/sinch/apps/{SINCH_KEY}")))
            .json(&json!({"codeLength": 99}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = read(
        sb.http
            .put(sb.url(&format!("/sandbox/sinch/apps/{SINCH_KEY}")))
            .json(&json!({"startLimit": "lots"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = read(
        sb.http
            .put(sb.url(&format!("/sandbox/auth365/clients/{CLIENT_ID}")))
            .json(&json!({"maxAttempts": 5}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["maxAttempts"], 5);
    assert_eq!(v["generateLimit"], "5/1m");
    sb.running.shutdown().await;
}

#[tokio::test]
async fn outbox_matches_numbers_with_or_without_plus_and_clears() {
    let sb = start().await;
    sb.sinch_start("+46700000500", "sms").await;
    sb.sinch_start("+46700000501", "callout").await;
    assert_eq!(sb.outbox("+46700000500").await.len(), 1);
    assert_eq!(sb.outbox("46700000500").await.len(), 1);
    let (_, all) = read(sb.http.get(sb.url("/sandbox/outbox")).send().await.unwrap()).await;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0]["id"].as_i64().unwrap() < all[1]["id"].as_i64().unwrap());
    for key in ["id", "channel", "to", "text", "code", "provider", "sentAt"] {
        assert!(all[0].get(key).is_some(), "{key}");
    }
    assert!(
        time::OffsetDateTime::parse(
            all[0]["sentAt"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339
        )
        .is_ok()
    );
    let resp = sb
        .http
        .delete(sb.url("/sandbox/outbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert!(sb.outbox("+46700000500").await.is_empty());
}

#[tokio::test]
async fn a_restart_keeps_applications_keys_and_pending_verifications() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/sandbox.sqlite");
    let sb = start_with(config(Storage::File(db.clone()))).await;
    let (app, msg) = sb
        .infobip_app(json!({}), json!({"messageText": "{{pin}}"}))
        .await;
    let (_, sent) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": app, "messageId": msg, "to": "46733000001"})),
        )
        .await;
    let pin = sb.last_code("46733000001").await;
    let v = sb.sinch_start("+46733000002", "sms").await;
    let code = sb.last_code("+46733000002").await;
    sb.running.shutdown().await;

    // Credentials are not given again: they persist in the file.
    let mut bare = config(Storage::File(db));
    bare.infobip_keys.clear();
    bare.sinch_apps.clear();
    bare.auth365_clients.clear();
    let sb = start_with(bare).await;
    let (s, got) = sb
        .infobip(Method::GET, &format!("/2fa/2/applications/{app}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{got}");
    let (_, r) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{}/verify", sent["pinId"].as_str().unwrap()),
            Some(json!({"pin": pin})),
        )
        .await;
    assert_eq!(r["verified"], true);
    let (_, st) = sb
        .sinch(
            Method::GET,
            &format!(
                "/verification/v1/verifications/id/{}",
                v["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(st["status"], "PENDING");
    let (_, r) = sb
        .sinch(
            Method::PUT,
            "/verification/v1/verifications/number/+46733000002",
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");
    assert_eq!(sb.outbox("46733000001").await.len(), 1);
    sb.a365_token().await;
    sb.running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sends_and_verifies_lose_and_double_nothing() {
    const N: usize = 200;
    let sb = std::sync::Arc::new(start().await);
    let (app, msg) = sb
        .infobip_app(json!({"allowMultiplePinVerifications": false, "sendPinPerApplicationLimit": "100000/1d"}), json!({"messageText": "{{pin}}", "pinLength": 6}))
        .await;
    let mut sends = Vec::new();
    for i in 0..N {
        let (sb, app, msg) = (sb.clone(), app.clone(), msg.clone());
        sends.push(tokio::spawn(async move {
            let to = format!("4674400{i:04}");
            let (s, v) = sb
                .infobip(
                    Method::POST,
                    "/2fa/2/pin",
                    Some(json!({"applicationId": app, "messageId": msg, "to": to})),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            (to, v["pinId"].as_str().unwrap().to_owned())
        }));
    }
    let mut pins = Vec::new();
    for s in sends {
        pins.push(s.await.unwrap());
    }
    let ids: std::collections::HashSet<&String> = pins.iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), N);
    let (_, all) = read(sb.http.get(sb.url("/sandbox/outbox")).send().await.unwrap()).await;
    assert_eq!(all.as_array().unwrap().len(), N, "one message per send");
    let mut verifies = Vec::new();
    for (to, id) in pins {
        let sb = sb.clone();
        verifies.push(tokio::spawn(async move {
            let pin = sb.last_code(&to).await;
            let path = format!("/2fa/2/pin/{id}/verify");
            let (a, b) = tokio::join!(
                sb.infobip(Method::POST, &path, Some(json!({"pin": pin}))),
                sb.infobip(Method::POST, &path, Some(json!({"pin": pin})))
            );
            // Exactly one of two racing verifies of the same PIN succeeds (the other is
            // refused by the verify limit or by the single-verification rule).
            let ok = [&a.1, &b.1]
                .iter()
                .filter(|v| v["verified"] == true)
                .count();
            assert_eq!(ok, 1, "{a:?} {b:?}");
        }));
    }
    for v in verifies {
        v.await.unwrap();
    }
    // Concurrent Sinch starts and reports.
    let mut tasks = Vec::new();
    for i in 0..50 {
        let sb = sb.clone();
        tasks.push(tokio::spawn(async move {
            let number = format!("+4675500{i:04}");
            let v = sb.sinch_start(&number, "sms").await;
            let code = sb.last_code(&number).await;
            let (_, r) = sb
                .sinch(
                    Method::PUT,
                    &format!(
                        "/verification/v1/verifications/id/{}",
                        v["id"].as_str().unwrap()
                    ),
                    Some(json!({"method": "sms", "sms": {"code": code}})),
                )
                .await;
            assert_eq!(r["status"], "SUCCESSFUL");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn bodies_over_64_kib_are_413_in_each_format() {
    let sb = start().await;
    let big = "x".repeat(70 * 1024);
    type Check = Box<dyn Fn(&Value)>;
    let cases: [(&str, Check); 4] = [
        (
            "/verification/v1/verifications",
            Box::new(|v: &Value| sinch_error(v, 41300)),
        ),
        (
            "/2fa/2/pin",
            Box::new(|v: &Value| infobip_error(v, "PAYLOAD_TOO_LARGE")),
        ),
        (
            "/tokens/generate",
            Box::new(|v: &Value| assert_eq!(v["status"], "error")),
        ),
        (
            "/sandbox/clock",
            Box::new(|v: &Value| assert!(v["error"].is_string())),
        ),
    ];
    for (path, check) in cases {
        let resp = sb
            .http
            .post(sb.url(path))
            .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
            .header("content-type", "application/json")
            .body(big.clone())
            .send()
            .await
            .unwrap();
        let (s, v) = read(resp).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        check(&v);
    }
}

#[test]
fn the_binary_prints_its_address_and_exits_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchword-sandbox"))
        .args([
            "--port",
            "0",
            "--infobip-key",
            "k1",
            "--infobip-key",
            "k2",
            "--sinch-app",
            &format!("{SINCH_KEY}:{SINCH_SECRET}"),
            "--auth365-client",
            "c:s",
        ])
        .env("WATCHWORD_DIR", dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("watchword-sandbox listening on ")
        .expect(&line)
        .to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"),
        "{base}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        assert_eq!(
            http.get(format!("{base}/sandbox/health"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
        for key in ["k1", "k2"] {
            let r = http
                .get(format!("{base}/2fa/2/applications"))
                .header("authorization", format!("App {key}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
    });
    assert!(
        dir.path().join("sandbox.sqlite").exists(),
        "default --db under WATCHWORD_DIR"
    );
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let bad = Command::new(env!("CARGO_BIN_EXE_watchword-sandbox"))
        .args(["--memory", "--sinch-app", "no-colon"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
