//! The security finding on the sandbox's own endpoints: without a per-run token, a Host
//! check and a JSON-only body rule, another local user or a DNS-rebinding page could
//! read PINs from the outbox, and a cross-site `text/plain` POST could move the clock.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

/// Every guarded `/sandbox/*` operation, with a valid JSON body where it takes one.
fn guarded() -> Vec<(Method, String, Option<serde_json::Value>)> {
    vec![
        (Method::GET, "/sandbox/outbox".into(), None),
        (Method::DELETE, "/sandbox/outbox".into(), None),
        (Method::GET, "/sandbox/clock".into(), None),
        (
            Method::POST,
            "/sandbox/clock".into(),
            Some(json!({"advanceSeconds": 3600})),
        ),
        (Method::GET, "/sandbox/sinch/apps".into(), None),
        (
            Method::PUT,
            format!("/sandbox/sinch/apps/{SINCH_KEY}"),
            Some(json!({"codeLength": 6})),
        ),
        (Method::GET, "/sandbox/auth365/clients".into(), None),
        (
            Method::PUT,
            format!("/sandbox/auth365/clients/{CLIENT_ID}"),
            Some(json!({"maxAttempts": 5})),
        ),
    ]
}

#[tokio::test]
async fn sandbox_endpoints_refuse_a_request_without_the_run_token() {
    let sb = start().await;
    sb.sinch_start("+46700000800", "sms").await;
    let bare = reqwest::Client::new();
    for (method, path, body) in guarded() {
        for token in [None, Some("0".repeat(64)), Some(String::new())] {
            let mut req = bare.request(method.clone(), sb.url(&path));
            if let Some(token) = &token {
                req = req.header("x-sandbox-token", token.as_str());
            }
            if let Some(body) = &body {
                req = req.json(body);
            }
            let (s, v) = read(req.send().await.unwrap()).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path} {token:?}: {v}");
            assert!(v["error"].is_string(), "{v}");
            assert!(!v.to_string().contains("+46700000800"), "{v}");
        }
    }
    // Nothing moved: the clock, the options and the outbox are as they were.
    assert_eq!(sb.outbox("+46700000800").await.len(), 1);
    let (_, clock) = read(sb.http.get(sb.url("/sandbox/clock")).send().await.unwrap()).await;
    assert_eq!(clock["offsetSeconds"], 0);
}

#[tokio::test]
async fn sandbox_endpoints_refuse_a_host_that_is_not_the_bound_address() {
    let sb = start().await;
    sb.sinch_start("+46700000801", "sms").await;
    let port = sb.running.addr().port();
    let other = port.wrapping_add(1).max(1);
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_owned(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("127.0.0.1:{other}"),
        format!("localhost:{other}"),
        format!("[::1]:{port}"),
        format!("10.0.0.1:{port}"),
    ] {
        for (method, path, body) in
            guarded()
                .into_iter()
                .chain([(Method::GET, "/sandbox/health".to_owned(), None)])
        {
            let mut req = sb
                .http
                .request(method.clone(), sb.url(&path))
                .header("host", host.as_str());
            if let Some(body) = &body {
                req = req.json(body);
            }
            let (s, v) = read(req.send().await.unwrap()).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path} Host {host}: {v}");
            assert!(!v.to_string().contains("+46700000801"), "{v}");
        }
    }
    for host in [format!("127.0.0.1:{port}"), format!("LocalHost:{port}")] {
        let (s, v) = read(
            sb.http
                .get(sb.url("/sandbox/outbox"))
                .header("host", host.as_str())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "Host {host}: {v}");
    }
    // Provider endpoints keep the providers' own authentication and no Host rule.
    let (s, _) = sb.infobip(Method::GET, "/2fa/2/applications", None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn sandbox_bodies_without_a_json_content_type_are_415() {
    let sb = start().await;
    let port = sb.running.addr().port();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonp"),
        None,
    ] {
        for (method, path, body) in [
            (
                Method::POST,
                "/sandbox/clock".to_owned(),
                r#"{"advanceSeconds":3600}"#,
            ),
            (
                Method::PUT,
                format!("/sandbox/sinch/apps/{SINCH_KEY}"),
                r#"{"codeLength":6}"#,
            ),
            (
                Method::PUT,
                format!("/sandbox/auth365/clients/{CLIENT_ID}"),
                r#"{"maxAttempts":5}"#,
            ),
        ] {
            let mut req = sb
                .http
                .request(method.clone(), sb.url(&path))
                .header("host", format!("127.0.0.1:{port}"))
                .body(body);
            if let Some(content_type) = content_type {
                req = req.header("content-type", content_type);
            }
            let (s, v) = read(req.send().await.unwrap()).await;
            assert_eq!(
                s,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {path} {content_type:?}: {v}"
            );
            assert!(v["error"].is_string(), "{v}");
        }
    }
    let (_, clock) = read(sb.http.get(sb.url("/sandbox/clock")).send().await.unwrap()).await;
    assert_eq!(clock["offsetSeconds"], 0, "the clock did not move");
    let (s, clock) = read(
        sb.http
            .post(sb.url("/sandbox/clock"))
            .header("content-type", "application/json; charset=utf-8")
            .body(r#"{"advanceSeconds":60}"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, clock["offsetSeconds"].as_i64()),
        (StatusCode::OK, Some(60))
    );
}

#[test]
fn sandbox_binary_prints_a_run_token_and_accepts_sandbox_token() {
    let given = "given-token-0123456789abcdef";
    for flag in [true, false] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_watchword-sandbox"));
        command
            .args(["--port", "0", "--memory", "--infobip-key", "k1"])
            .env_remove("WATCHWORD_SANDBOX_TOKEN")
            .stdout(Stdio::piped());
        if flag {
            command.args(["--sandbox-token", given]);
        }
        let mut child = command.spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let base = first
            .trim()
            .strip_prefix("watchword-sandbox listening on ")
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("first line {first:?}")
            })
            .to_owned();
        let token = if flag {
            given.to_owned()
        } else {
            let mut second = String::new();
            out.read_line(&mut second).unwrap();
            let token = second
                .trim()
                .strip_prefix("watchword-sandbox token: ")
                .expect(&second)
                .to_owned();
            assert!(
                token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()),
                "{token}"
            );
            token
        };
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (with, without) = rt.block_on(async {
            let http = reqwest::Client::new();
            let url = format!("{base}/sandbox/outbox");
            let with = http
                .get(&url)
                .header("x-sandbox-token", token.as_str())
                .send()
                .await
                .unwrap()
                .status();
            let without = http.get(&url).send().await.unwrap().status();
            (with, without)
        });
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            (with, without),
            (StatusCode::OK, StatusCode::FORBIDDEN),
            "flag {flag}"
        );
    }
}

#[tokio::test]
async fn sandbox_openapi_documents_the_run_token_scheme() {
    let sb = start().await;
    let doc: serde_json::Value = reqwest::get(sb.url("/sandbox/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let scheme = &doc["components"]["securitySchemes"]["SandboxToken"];
    assert_eq!(scheme["type"], "apiKey", "{scheme}");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "X-Sandbox-Token");
    let post_clock = &doc["paths"]["/sandbox/clock"]["post"];
    assert_eq!(post_clock["security"][0]["SandboxToken"], json!([]));
    for code in ["403", "415"] {
        assert!(post_clock["responses"][code].is_object(), "{code}");
    }
    assert!(doc["paths"]["/sandbox/outbox"]["get"]["security"].is_array());
    assert!(doc["paths"]["/sandbox/health"]["get"]["security"].is_null());
}
