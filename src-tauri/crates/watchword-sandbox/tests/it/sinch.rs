//! Sinch Verification v1: wire shapes, every status and error path, callbacks.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

const START: &str = "/verification/v1/verifications";

#[tokio::test]
async fn start_sms_has_the_documented_shape_and_reaches_the_outbox() {
    let sb = start().await;
    let resp = sb
        .http
        .post(sb.url(START))
        .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
        .header("accept-language", "es-ES,es;q=0.9")
        .json(&json!({"identity": {"type": "number", "endpoint": "+46700000001"}, "method": "sms"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-language"], "es-ES");
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let (s, v) = read(resp).await;
    assert_eq!(s, StatusCode::OK);
    let id = v["id"].as_str().unwrap();
    assert!(is_hex(id, 32, false), "{id}");
    assert_eq!(v["method"], "sms");
    assert_eq!(
        v["sms"]["template"],
        "Su código de verificación es {{CODE}}."
    );
    assert_eq!(v["sms"]["interceptionTimeout"], 298);
    assert_eq!(v["sms"]["codeType"], "Numeric");
    let links = v["_links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    for link in links {
        assert!(link["rel"] == "status" || link["rel"] == "report");
        assert!(
            link["href"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/verification/v1/verifications/id/{id}"))
        );
        assert!(link["method"] == "GET" || link["method"] == "PUT");
    }
    let out = sb.outbox("+46700000001").await;
    assert_eq!(out.len(), 1);
    let code = out[0]["code"].as_str().unwrap();
    assert_eq!(code.len(), 4);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(out[0]["channel"], "sms");
    assert_eq!(out[0]["provider"], "sinch");
    assert_eq!(
        out[0]["text"],
        format!("Su código de verificación es {code}.")
    );
    // English without Accept-Language.
    let v = sb.sinch_start("+46700000002", "sms").await;
    assert_eq!(v["sms"]["template"], "Your verification code is {{CODE}}.");
}

#[tokio::test]
async fn report_by_id_succeeds_and_status_has_every_field() {
    let sb = start().await;
    let (s, v) = sb
        .sinch(
            Method::POST,
            START,
            Some(json!({"identity": {"type": "number", "endpoint": "+46700000010"}, "method": "sms", "reference": "ref-10", "custom": "c"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let id = v["id"].as_str().unwrap().to_owned();
    let code = sb.last_code("46700000010").await;
    let (s, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        r,
        json!({"id": id, "method": "sms", "status": "SUCCESSFUL"})
    );
    for path in [
        format!("{START}/id/{id}"),
        format!("{START}/reference/ref-10"),
        format!("{START}/sms/number/+46700000010"),
        format!("{START}/sms/number/%2B46700000010"),
    ] {
        let (s, st) = sb.sinch(Method::GET, &path, None).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(st["id"], id.as_str());
        assert_eq!(st["method"], "sms");
        assert_eq!(st["status"], "SUCCESSFUL");
        assert_eq!(st["reference"], "ref-10");
        assert_eq!(
            st["identity"],
            json!({"type": "number", "endpoint": "+46700000010"})
        );
        assert_eq!(st["countryId"], "SE");
        assert!(st["verificationTimestamp"].as_str().unwrap().ends_with('Z'));
        assert_eq!(st["source"], "manual");
        assert_eq!(st["price"]["verificationPrice"]["currencyId"], "EUR");
        assert!(st["price"]["verificationPrice"]["amount"].is_f64());
        assert!(st.get("reason").is_none());
    }
    let (s, e) = sb
        .sinch(
            Method::GET,
            &format!("{START}/callout/number/+46700000010"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    sinch_error(&e, 40400);
    let (s, e) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/ffffffffffffffffffffffffffffffff"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    sinch_error(&e, 40400);
    // A final verification answers its final status unchanged.
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "sms", "sms": {"code": "0000"}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");
}

#[tokio::test]
async fn wrong_codes_fail_and_use_up_the_attempts() {
    let sb = start().await;
    let v = sb.sinch_start("+46700000020", "sms").await;
    let id = v["id"].as_str().unwrap();
    let code = sb.last_code("+46700000020").await;
    let wrong = if code == "1111" { "2222" } else { "1111" };
    for attempt in 1..=3 {
        let (s, r) = sb
            .sinch(
                Method::PUT,
                &format!("{START}/id/{id}"),
                Some(json!({"method": "sms", "sms": {"code": wrong}})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(r["status"], "FAIL");
        assert_eq!(r["reason"], "Invalid code");
        let (_, st) = sb
            .sinch(Method::GET, &format!("{START}/id/{id}"), None)
            .await;
        assert_eq!(
            st["status"],
            if attempt < 3 { "PENDING" } else { "FAIL" },
            "attempt {attempt}"
        );
    }
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(r["status"], "FAIL");
    assert_eq!(r["reason"], "Invalid code");
}

#[tokio::test]
async fn expiry_follows_the_clock_and_sms_options() {
    let sb = start().await;
    let v = sb.sinch_start("+46700000030", "sms").await;
    let id = v["id"].as_str().unwrap();
    let code = sb.last_code("+46700000030").await;
    sb.advance(301).await;
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(r["status"], "FAIL");
    assert_eq!(r["reason"], "Expired");
    let (_, st) = sb
        .sinch(Method::GET, &format!("{START}/id/{id}"), None)
        .await;
    assert_eq!(
        (st["status"].as_str(), st["reason"].as_str()),
        (Some("FAIL"), Some("Expired"))
    );

    let (s, v) = sb
        .sinch(
            Method::POST,
            START,
            Some(
                json!({"identity": {"type": "number", "endpoint": "+46700000031"}, "method": "sms",
                        "smsOptions": {"expiry": "00:00:30", "codeType": "Alpha"}}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["sms"]["interceptionTimeout"], 28);
    assert_eq!(v["sms"]["codeType"], "Alpha");
    let code = sb.last_code("+46700000031").await;
    assert!(code.bytes().all(|b| b.is_ascii_uppercase()), "{code}");
    sb.advance(31).await;
    let (_, st) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", v["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st["reason"], "Expired");
}

#[tokio::test]
async fn a_new_verification_aborts_the_pending_one_and_references_are_unique() {
    let sb = start().await;
    let (_, first) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000040"}, "method": "sms", "reference": "dup"})))
        .await;
    let (s, e) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000041"}, "method": "sms", "reference": "dup"})))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    sinch_error(&e, 40900);
    let second = sb.sinch_start("+46700000040", "sms").await;
    let (_, st) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", first["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st["status"], "ABORTED");
    let (_, st) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", second["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st["status"], "PENDING");
    // Two codes for the number in the outbox; they differ (never an outstanding one).
    let out = sb.outbox("46700000040").await;
    assert_eq!(out.len(), 2);
}

#[tokio::test]
async fn starting_too_fast_for_one_number_is_429() {
    let sb = start().await;
    for _ in 0..5 {
        sb.sinch_start("+46700000050", "sms").await;
    }
    let (s, e) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000050"}, "method": "sms"})))
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    sinch_error(&e, 42901);
    sb.sinch_start("+46700000051", "sms").await;
    sb.advance(61).await;
    sb.sinch_start("+46700000050", "sms").await;
    sb.sinch_options(json!({"startLimit": "1/1h"})).await;
    let (s, _) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000050"}, "method": "sms"})))
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn report_by_number_uses_the_newest_pending() {
    let sb = start().await;
    let (s, e) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/number/+46700000060"),
            Some(json!({"method": "sms", "sms": {"code": "1234"}})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    sinch_error(&e, 40400);
    sb.sinch_start("+46700000060", "sms").await;
    let newest = sb.sinch_start("+46700000060", "sms").await;
    let code = sb.last_code("+46700000060").await;
    let (s, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/number/+46700000060"),
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(r["id"], newest["id"]);
    assert_eq!(r["status"], "SUCCESSFUL");
    let (s, _) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/number/46700000060"),
            Some(json!({"method": "sms", "sms": {"code": code}})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn authentication_errors() {
    let sb = start().await;
    let body = json!({"identity": {"type": "number", "endpoint": "+46700000070"}, "method": "sms"});
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40104);
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .basic_auth(SINCH_KEY, Some("d3Jvbmc="))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40107);
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .header("authorization", "Basic !!!")
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40100);
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .header("authorization", "Bearer x")
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40100);
    // Signed: good, bad signature, stale and missing timestamps.
    let ts = now_iso();
    let (s, v) = sb
        .sinch_signed(Method::POST, START, Some(body.clone()), &ts, SINCH_SECRET)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let id = v["id"].as_str().unwrap();
    let (s, v) = sb
        .sinch_signed(
            Method::GET,
            &format!("{START}/id/{id}"),
            None,
            &ts,
            SINCH_SECRET,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, e) = sb
        .sinch_signed(
            Method::GET,
            &format!("{START}/id/{id}"),
            None,
            &ts,
            "d3Jvbmc=",
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40102);
    let stale = "2014-06-04T13:41:58Z";
    let (s, e) = sb
        .sinch_signed(
            Method::GET,
            &format!("{START}/id/{id}"),
            None,
            stale,
            SINCH_SECRET,
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40101);
    let (s, e) = read(
        sb.http
            .get(sb.url(&format!("{START}/id/{id}")))
            .header("authorization", format!("Application {SINCH_KEY}:abc"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    sinch_error(&e, 40101);
    // Public authorization without a callback URL.
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .header("authorization", format!("Application {SINCH_KEY}"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    sinch_error(&e, 40303);
}

#[tokio::test]
async fn flash_calls_report_the_calling_number() {
    let sb = start().await;
    let (s, v) = sb
        .sinch(
            Method::POST,
            START,
            Some(json!({"identity": {"type": "number", "endpoint": "+46700000080"}, "method": "flashCall",
                        "flashCallOptions": {"dialTimeout": 10, "interceptionTimeout": 20}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["method"], "flashcall");
    let fc = &v["flashCall"];
    assert_eq!(fc["interceptionTimeout"], 20);
    assert!(fc["reportTimeout"].is_i64());
    assert!(fc["denyCallAfter"].is_i64());
    let out = sb.outbox("+46700000080").await;
    assert_eq!(out[0]["channel"], "flashcall");
    let cli = out[0]["code"].as_str().unwrap().to_owned();
    assert!(cli.starts_with("+4600000") && cli.len() == 12, "{cli}");
    assert_eq!(fc["cliFilter"], format!("(.*){}(.*)", &cli[8..]));
    let id = v["id"].as_str().unwrap();
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "flashcall", "flashCall": {"cli": "+46000000000"}})),
        )
        .await;
    assert_eq!(
        (r["status"].as_str(), r["reason"].as_str()),
        (Some("FAIL"), Some("Invalid CLI"))
    );
    assert_eq!(r["callComplete"], false);
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{id}"),
            Some(json!({"method": "flashcall", "flashCall": {"cli": cli}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");
    assert_eq!(r["callComplete"], true);
    let (s, e) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000081"}, "method": "flashcall",
                                              "flashCallOptions": {"dialTimeout": 500}})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40001);
    sb.sinch_options(json!({"returnFullCli": true})).await;
    let v = sb.sinch_start("+46700000082", "flashcall").await;
    assert_eq!(
        v["flashCall"]["cliFilter"],
        sb.last_code("+46700000082").await
    );
}

#[tokio::test]
async fn callout_and_seamless() {
    let sb = start().await;
    let v = sb.sinch_start("+46700000090", "callout").await;
    assert_eq!(v["method"], "callout");
    assert!(v.get("sms").is_none());
    let out = sb.outbox("+46700000090").await;
    assert_eq!(out[0]["channel"], "voice");
    let code = out[0]["code"].as_str().unwrap();
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{}", v["id"].as_str().unwrap()),
            Some(json!({"method": "callout", "callout": {"code": code}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");

    let v = sb.sinch_start("+46700000091", "seamless").await;
    let target = v["seamless"]["targetUri"].as_str().unwrap();
    assert!(target.starts_with(&sb.base) && target.contains("/sandbox/sinch/seamless/"));
    let (s, _) = read(sb.http.get(target).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let (_, st) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", v["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st["status"], "SUCCESSFUL");

    let v = sb.sinch_start("+46700000092", "whatsapp").await;
    assert_eq!(v["whatsapp"]["codeType"], "Numeric");
    let code = sb.last_code("+46700000092").await;
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{}", v["id"].as_str().unwrap()),
            Some(json!({"method": "whatsapp", "whatsapp": {"code": code}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");
}

#[tokio::test]
async fn custom_codes_need_the_account_option() {
    let sb = start().await;
    let body = json!({"identity": {"type": "number", "endpoint": "+46700000100"}, "method": "sms", "smsOptions": {"code": "4242"}});
    let (s, e) = sb.sinch(Method::POST, START, Some(body.clone())).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40001);
    sb.sinch_options(json!({"acceptCustomCode": true, "codeLength": 6}))
        .await;
    let (s, _) = sb.sinch(Method::POST, START, Some(body)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(sb.last_code("+46700000100").await, "4242");
    sb.sinch_start("+46700000101", "sms").await;
    assert_eq!(sb.last_code("+46700000101").await.len(), 6);
}

#[tokio::test]
async fn validation_errors_use_the_sinch_body() {
    let sb = start().await;
    let (s, e) = read(
        sb.http
            .post(sb.url(START))
            .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
            .header("content-type", "application/json")
            .body("{nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40001);
    let (s, e) = sb.sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000110"}, "method": "pigeon"}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40001);
    let (s, e) = sb
        .sinch(
            Method::POST,
            START,
            Some(json!({"identity": {"type": "number", "endpoint": "hello"}, "method": "sms"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40003);
    let (s, e) = sb
        .sinch(
            Method::POST,
            START,
            Some(json!({"identity": "x", "method": 5})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    sinch_error(&e, 40001);
    let (s, e) = sb
        .sinch(Method::GET, "/verification/v1/nothing", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    sinch_error(&e, 40400);
    let (s, e) = sb.sinch(Method::DELETE, START, None).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    sinch_error(&e, 40500);
}

/// What the callback receiver saw, and what it answers to request events.
#[derive(Default)]
struct Receiver {
    seen: Mutex<Vec<(HeaderMap, Bytes)>>,
    answer: Mutex<String>,
}

async fn receiver() -> (Arc<Receiver>, String) {
    let state = Arc::new(Receiver::default());
    let shared = state.clone();
    let app = axum::Router::new().route(
        "/sinch/callback",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let shared = shared.clone();
            async move {
                shared.seen.lock().unwrap().push((headers, body));
                let answer = shared.answer.lock().unwrap().clone();
                ([("content-type", "application/json")], answer)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sinch/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (state, url)
}

fn events(r: &Receiver) -> Vec<Value> {
    r.seen
        .lock()
        .unwrap()
        .iter()
        .map(|(headers, body)| {
            // Every callback is signed like a client request.
            let auth = headers["authorization"].to_str().unwrap();
            let sig = auth
                .strip_prefix(&format!("Application {SINCH_KEY}:"))
                .expect("signed");
            let ts = headers["x-timestamp"].to_str().unwrap();
            let ct = headers["content-type"].to_str().unwrap();
            assert_eq!(
                sig,
                sinch_signature(SINCH_SECRET, "POST", body, ct, ts, "/sinch/callback")
            );
            serde_json::from_slice(body).unwrap()
        })
        .collect()
}

async fn wait_for(r: &Receiver, n: usize) -> Vec<Value> {
    for _ in 0..100 {
        if r.seen.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    events(r)
}

#[tokio::test]
async fn callbacks_allow_deny_and_garbage() {
    let sb = start().await;
    let (rx, url) = receiver().await;
    sb.sinch_options(json!({"callbackUrl": url})).await;

    *rx.answer.lock().unwrap() = r#"{"action":"allow","sms":{"code":"9876"}}"#.into();
    let body = json!({"identity": {"type": "number", "endpoint": "+46700000120"}, "method": "sms", "reference": "cb-1", "custom": "hello"});
    // Public authorization is allowed now that there is a callback URL.
    let (s, v) = read(
        sb.http
            .post(sb.url(START))
            .header("authorization", format!("Application {SINCH_KEY}"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(sb.last_code("+46700000120").await, "9876");
    let seen = wait_for(&rx, 1).await;
    let request = &seen[0];
    assert_eq!(request["event"], "VerificationRequestEvent");
    assert_eq!(request["id"], v["id"]);
    assert_eq!(request["method"], "sms");
    assert_eq!(request["identity"]["endpoint"], "+46700000120");
    assert_eq!(request["reference"], "cb-1");
    assert_eq!(request["custom"], "hello");
    assert!(request["price"]["amount"].is_number());
    let (_, r) = sb
        .sinch(
            Method::PUT,
            &format!("{START}/id/{}", v["id"].as_str().unwrap()),
            Some(json!({"method": "sms", "sms": {"code": "9876"}})),
        )
        .await;
    assert_eq!(r["status"], "SUCCESSFUL");
    let seen = wait_for(&rx, 2).await;
    assert_eq!(seen[1]["event"], "VerificationResultEvent");
    assert_eq!(seen[1]["status"], "SUCCESSFUL");
    assert_eq!(seen[1]["id"], v["id"]);

    *rx.answer.lock().unwrap() = r#"{"action":"deny"}"#.into();
    let (s, e) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000121"}, "method": "sms", "reference": "cb-2"})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    sinch_error(&e, 40303);
    let (_, st) = sb
        .sinch(Method::GET, &format!("{START}/reference/cb-2"), None)
        .await;
    assert_eq!(
        (st["status"].as_str(), st["reason"].as_str()),
        (Some("DENIED"), Some("Denied by callback"))
    );
    assert!(sb.outbox("+46700000121").await.is_empty());

    *rx.answer.lock().unwrap() = "this is not json".into();
    let (s, e) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000122"}, "method": "sms", "reference": "cb-3"})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    sinch_error(&e, 40303);
    let (_, st) = sb
        .sinch(Method::GET, &format!("{START}/reference/cb-3"), None)
        .await;
    assert_eq!(
        (st["status"].as_str(), st["reason"].as_str()),
        (Some("DENIED"), Some("Invalid callback"))
    );

    // An unreachable callback is "Invalid callback" too.
    sb.sinch_options(json!({"callbackUrl": "http://127.0.0.1:9/none"}))
        .await;
    let (s, _) = sb
        .sinch(Method::POST, START, Some(json!({"identity": {"type": "number", "endpoint": "+46700000123"}, "method": "sms", "reference": "cb-4"})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, st) = sb
        .sinch(Method::GET, &format!("{START}/reference/cb-4"), None)
        .await;
    assert_eq!(st["reason"], "Invalid callback");
}
