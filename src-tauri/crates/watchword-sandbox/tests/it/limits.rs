//! Every 429 carries `Retry-After`: the seconds until the limit's window frees a place.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

const START: &str = "/verification/v1/verifications";

fn retry_after(resp: &reqwest::Response) -> u64 {
    resp.headers()
        .get("retry-after")
        .unwrap_or_else(|| panic!("{} without Retry-After", resp.status()))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn sinch_start_limit_says_when_to_come_back() {
    let sb = start().await;
    let body = json!({"identity": {"type": "number", "endpoint": "+46700000950"}, "method": "sms"});
    for _ in 0..5 {
        sb.sinch_start("+46700000950", "sms").await;
    }
    let resp = sb
        .http
        .post(sb.url(START))
        .basic_auth(SINCH_KEY, Some(SINCH_SECRET))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    // startLimit 5/1m: the first start leaves the window a minute after it was made.
    let wait = retry_after(&resp);
    assert!((55..=60).contains(&wait), "{wait}");
    sinch_error(&read(resp).await.1, 42901);
    sb.advance(wait as i64).await;
    sb.sinch_start("+46700000950", "sms").await;
}

#[tokio::test]
async fn infobip_send_and_verify_limits_say_when_to_come_back() {
    let sb = start().await;
    let (app, msg) = sb
        .infobip_app(
            json!({"sendPinPerPhoneNumberLimit": "1/1h", "verifyPinLimit": "1/30s"}),
            json!({"messageText": "PIN {{pin}}", "pinLength": 4}),
        )
        .await;
    let send = json!({"applicationId": app, "messageId": msg, "to": "46722000950"});
    let (s, sent) = sb
        .infobip(Method::POST, "/2fa/2/pin", Some(send.clone()))
        .await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    let auth = format!("App {INFOBIP_KEY}");
    let resp = sb
        .http
        .post(sb.url("/2fa/2/pin"))
        .header("authorization", &auth)
        .json(&send)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&resp);
    assert!((3590..=3600).contains(&wait), "{wait}");
    let verify = sb.url(&format!(
        "/2fa/2/pin/{}/verify",
        sent["pinId"].as_str().unwrap()
    ));
    let first = sb
        .http
        .post(&verify)
        .header("authorization", &auth)
        .json(&json!({"pin": "0000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().get("retry-after").is_none());
    let second = sb
        .http
        .post(&verify)
        .header("authorization", &auth)
        .json(&json!({"pin": "0000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&second);
    assert!((25..=30).contains(&wait), "{wait}");
}

#[tokio::test]
async fn auth365_generate_limit_says_when_to_come_back() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    let body =
        json!({"accountId": 7, "telephoneNumber": "+447700900950", "messageBody": "Code [token]"});
    for _ in 0..5 {
        let (s, v) = sb
            .a365(Method::POST, "/tokens/generate", &tok, Some(body.clone()))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let resp = sb
        .http
        .post(sb.url("/tokens/generate"))
        .bearer_auth(&tok)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&resp);
    assert!((55..=60).contains(&wait), "{wait}");
}
