//! `/sandbox/faults` and the reserved numbers over raw HTTP.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

const START: &str = "/verification/v1/verifications";

#[tokio::test]
async fn the_faults_endpoint_is_guarded_validated_listed_and_cleared() {
    let sb = start().await;
    // No run token: refused like every guarded sandbox endpoint.
    let (s, _) = read(
        reqwest::Client::new()
            .post(sb.url("/sandbox/faults"))
            .json(&json!({"to": "+46700000001", "fault": {"kind": "drop"}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for bad in [
        json!({"to": "+46700000001", "fault": {"kind": "http", "status": 302}}),
        json!({"to": "+46700000001", "fault": {"kind": "slow", "millis": 60001}}),
        json!({"to": "+46700000001", "fault": {"kind": "sinch", "status": "FAIL", "reason": "Bad luck"}}),
        json!({"to": "+46700000001", "fault": {"kind": "sinch", "status": "SUCCESSFUL"}}),
        json!({"to": "+46700000001", "fault": {"kind": "infobipVerify", "pinError": "NOPE"}}),
        json!({"to": "+46700000001", "fault": {"kind": "teleport"}}),
        json!({"to": "", "fault": {"kind": "drop"}}),
        json!({"to": "+46700000001", "count": 0, "fault": {"kind": "drop"}}),
        json!({"to": "+46700000001", "fault": {"kind": "drop"}, "extra": 1}),
    ] {
        let (s, e) = read(
            sb.http
                .post(sb.url("/sandbox/faults"))
                .json(&bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {e}");
        assert!(e["error"].is_string(), "{e}");
    }
    let (s, q) = read(
        sb.http
            .post(sb.url("/sandbox/faults"))
            .json(&json!({"to": "+46 700 000 001", "count": 3, "fault": {"kind": "http", "status": 429}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        q,
        json!({"to": "46700000001", "count": 3, "fault": {"kind": "http", "status": 429}})
    );
    let (_, list) = read(sb.http.get(sb.url("/sandbox/faults")).send().await.unwrap()).await;
    assert_eq!(list, json!([q]));
    // An injected 429 carries Retry-After like every 429.
    let resp = sb
        .http
        .post(sb.url(START))
        .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
        .json(&json!({"identity": {"type": "number", "endpoint": "+46700000001"}, "method": "sms"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "1");
    sinch_error(&read(resp).await.1, 42900);
    let (_, list) = read(sb.http.get(sb.url("/sandbox/faults")).send().await.unwrap()).await;
    assert_eq!(list[0]["count"], 2);
    let (s, _) = read(
        sb.http
            .delete(sb.url("/sandbox/faults"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, list) = read(sb.http.get(sb.url("/sandbox/faults")).send().await.unwrap()).await;
    assert_eq!(list, json!([]));
    sb.sinch_start("+46700000001", "sms").await;
}

#[tokio::test]
async fn a_fault_reaches_every_api_by_body_path_and_id() {
    let sb = start().await;
    let fault = |to: &str, status: u16, count: u32| {
        let body = json!({"to": to, "count": count, "fault": {"kind": "http", "status": status}});
        let req = sb.http.post(sb.url("/sandbox/faults")).json(&body);
        async move { assert!(req.send().await.unwrap().status().is_success()) }
    };
    // Sinch status by identity (the number in the path).
    let started = sb.sinch_start("+46700000002", "sms").await;
    fault("+46700000002", 404, 2).await;
    let (s, e) = sb
        .sinch(
            Method::GET,
            "/verification/v1/verifications/sms/number/+46700000002",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    sinch_error(&e, 40400);
    // Sinch status by id (the verification's number).
    let (s, _) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", started["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Used up.
    let (s, _) = sb
        .sinch(
            Method::GET,
            &format!("{START}/id/{}", started["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Auth365 generate (telephoneNumber in the body): its own error body.
    fault("+447700900002", 500, 1).await;
    let tok = sb.a365_token().await;
    let (s, e) = sb
        .a365(Method::POST, "/tokens/generate", &tok,
            Some(json!({"accountId": 1, "telephoneNumber": "+447700900002", "messageBody": "[token]"})))
        .await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(e["status"], "error");
    // Infobip by pinId.
    let (app, msg) = sb
        .infobip_app(json!({}), json!({"messageText": "PIN {{pin}}"}))
        .await;
    let (_, sent) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": app, "messageId": msg, "to": "46700000003"})),
        )
        .await;
    fault("46700000003", 401, 1).await;
    let (s, e) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{}/verify", sent["pinId"].as_str().unwrap()),
            Some(json!({"pin": "0000"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    infobip_error(&e, "UNAUTHORIZED");
}

#[tokio::test]
async fn a_dropped_connection_has_no_answer() {
    let sb = start().await;
    let body = json!({"to": "+46700000004", "fault": {"kind": "drop"}});
    assert!(
        sb.http
            .post(sb.url("/sandbox/faults"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let result = async {
        let resp = sb
            .http
            .post(sb.url(START))
            .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
            .json(&json!({"identity": {"type": "number", "endpoint": "+46700000004"}, "method": "sms"}))
            .send()
            .await?;
        resp.bytes().await
    }
    .await;
    assert!(result.is_err(), "{result:?}");
    // Nothing was started.
    assert!(sb.outbox("+46700000004").await.is_empty());
}
