//! Infobip 2FA: applications, templates, send, resend, verify, status, limits, errors.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

fn template() -> serde_json::Value {
    json!({"messageText": "Your code is {{pin}} {{name}}", "pinType": "NUMERIC", "pinLength": 6, "senderId": "Watchword"})
}

#[tokio::test]
async fn applications_crud_with_defaults_and_validation() {
    let sb = start().await;
    let (s, app) = sb
        .infobip(
            Method::POST,
            "/2fa/2/applications",
            Some(json!({"name": "2fa app"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "the official clients take only 200");
    let id = app["applicationId"].as_str().unwrap();
    assert!(is_hex(id, 32, true));
    assert_eq!(app["name"], "2fa app");
    assert_eq!(app["enabled"], true);
    assert_eq!(
        app["configuration"],
        json!({"pinAttempts": 10, "allowMultiplePinVerifications": true, "pinTimeToLive": "15m", "verifyPinLimit": "1/3s",
               "sendPinPerApplicationLimit": "10000/1d", "sendPinPerPhoneNumberLimit": "3/1d"})
    );
    let (s, got) = sb
        .infobip(Method::GET, &format!("/2fa/2/applications/{id}"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(got, app);
    let (s, list) = sb.infobip(Method::GET, "/2fa/2/applications", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, upd) = sb
        .infobip(
            Method::PUT,
            &format!("/2fa/2/applications/{id}"),
            Some(json!({"name": "renamed", "configuration": {"pinAttempts": 5}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(upd["name"], "renamed");
    assert_eq!(upd["configuration"]["pinAttempts"], 5);
    assert_eq!(upd["configuration"]["pinTimeToLive"], "15m");
    let (s, e) = sb
        .infobip(Method::GET, "/2fa/2/applications/NOPE", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    infobip_error(&e, "NOT_FOUND");
    let (s, e) = sb
        .infobip(
            Method::POST,
            "/2fa/2/applications",
            Some(json!({"enabled": true})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    infobip_error(&e, "BAD_REQUEST");
    assert!(e["requestError"]["serviceException"]["validationErrors"]["name"].is_array());
    let (s, e) = sb
        .infobip(
            Method::POST,
            "/2fa/2/applications",
            Some(json!({"name": "x", "configuration": {"verifyPinLimit": "often"}})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        e["requestError"]["serviceException"]["validationErrors"]["configuration.verifyPinLimit"]
            .is_array()
    );
}

#[tokio::test]
async fn message_templates_and_email_templates() {
    let sb = start().await;
    let (_, app) = sb
        .infobip(
            Method::POST,
            "/2fa/2/applications",
            Some(json!({"name": "t"})),
        )
        .await;
    let app = app["applicationId"].as_str().unwrap();
    let base = format!("/2fa/2/applications/{app}/messages");
    let (s, m) = sb
        .infobip(
            Method::POST,
            &base,
            Some(json!({"messageText": "Code {{pin}}", "speechRate": 1.5})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(is_hex(m["messageId"].as_str().unwrap(), 32, true));
    assert_eq!(m["applicationId"], app);
    assert_eq!(m["pinPlaceholder"], "{{pin}}");
    assert_eq!(m["pinType"], "NUMERIC");
    assert_eq!(m["pinLength"], 4);
    assert_eq!(m["language"], "en");
    assert_eq!(m["speechRate"], 1.5);
    let (s, e) = sb
        .infobip(
            Method::POST,
            &base,
            Some(json!({"messageText": "no placeholder"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(e["requestError"]["serviceException"]["validationErrors"]["messageText"].is_array());
    let (s, e) = sb
        .infobip(
            Method::POST,
            &base,
            Some(json!({"messageText": "{{pin}}", "pinType": "EMOJI"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    infobip_error(&e, "BAD_REQUEST");
    let id = m["messageId"].as_str().unwrap();
    let (s, m2) = sb
        .infobip(
            Method::PUT,
            &format!("{base}/{id}"),
            Some(json!({"pinType": "HEX", "pinLength": 8})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (m2["pinType"].as_str(), m2["pinLength"].as_u64()),
        (Some("HEX"), Some(8))
    );
    assert_eq!(m2["messageText"], "Code {{pin}}");
    let (_, got) = sb.infobip(Method::GET, &format!("{base}/{id}"), None).await;
    assert_eq!(got, m2);
    let (_, list) = sb.infobip(Method::GET, &base, None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let ebase = format!("/2fa/2/applications/{app}/email/messages");
    let (s, em) = sb
        .infobip(
            Method::POST,
            &ebase,
            Some(json!({"emailTemplateId": 1234, "from": "noreply@example.com"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{em}");
    assert_eq!(
        (em["pinLength"].as_u64(), em["pinType"].as_str()),
        (Some(4), Some("NUMERIC"))
    );
    assert_eq!(em["emailTemplateId"], 1234);
    let eid = em["messageId"].as_str().unwrap();
    let (s, em2) = sb
        .infobip(
            Method::PUT,
            &format!("{ebase}/{eid}"),
            Some(json!({"pinLength": 6})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(em2["pinLength"], 6);
    let (s, _) = sb
        .infobip(Method::POST, &ebase, Some(json!({"from": "x"})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn send_verify_and_status() {
    let sb = start().await;
    let (app, msg) = sb.infobip_app(json!({"pinAttempts": 3}), template()).await;
    let (s, sent) = sb
        .infobip(Method::POST, "/2fa/2/pin", Some(json!({"applicationId": app, "messageId": msg, "to": "+41793026727", "placeholders": {"name": "Ann"}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    let pin_id = sent["pinId"].as_str().unwrap();
    assert!(is_hex(pin_id, 32, true));
    assert_eq!(sent["to"], "41793026727");
    assert_eq!(sent["ncStatus"], "NC_DESTINATION_REACHABLE");
    assert_eq!(sent["smsStatus"], "MESSAGE_SENT");
    let out = sb.outbox("41793026727").await;
    let pin = out[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(pin.len(), 6);
    assert_eq!(out[0]["text"], format!("Your code is {pin} Ann"));
    assert_eq!(out[0]["provider"], "infobip");

    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let (s, v) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/verify"),
            Some(json!({"pin": wrong})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v,
        json!({"pinId": pin_id, "msisdn": "41793026727", "verified": false, "attemptsRemaining": 2, "pinError": "WRONG_PIN"})
    );
    // verifyPinLimit 1/3s: an immediate second verify is refused.
    let (s, e) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/verify"),
            Some(json!({"pin": pin})),
        )
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    infobip_error(&e, "TOO_MANY_REQUESTS");
    sb.advance(4).await;
    let (_, v) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/verify"),
            Some(json!({"pin": pin})),
        )
        .await;
    assert_eq!(
        v,
        json!({"pinId": pin_id, "msisdn": "41793026727", "verified": true, "attemptsRemaining": 2})
    );
    sb.advance(4).await;
    // allowMultiplePinVerifications defaults to true.
    let (_, v) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/verify"),
            Some(json!({"pin": pin})),
        )
        .await;
    assert_eq!(v["verified"], true);

    let (s, st) = sb
        .infobip(
            Method::GET,
            &format!("/2fa/2/applications/{app}/verifications?msisdn=41793026727"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let list = st["verifications"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["msisdn"], "41793026727");
    assert_eq!(list[0]["verified"], true);
    let verified_at = list[0]["verifiedAt"].as_i64().unwrap();
    let sent_at = list[0]["sentAt"].as_i64().unwrap();
    assert!(
        verified_at > 1_600_000_000_000 && sent_at > 1_600_000_000_000,
        "milliseconds"
    );
    assert!(verified_at >= sent_at);
    let (_, st) = sb
        .infobip(
            Method::GET,
            &format!("/2fa/2/applications/{app}/verifications?msisdn=41793026727&verified=false"),
            None,
        )
        .await;
    assert!(st["verifications"].as_array().unwrap().is_empty());
    let (s, e) = sb
        .infobip(
            Method::GET,
            &format!("/2fa/2/applications/{app}/verifications"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    infobip_error(&e, "BAD_REQUEST");
}

#[tokio::test]
async fn attempts_expiry_and_single_verification() {
    let sb = start().await;
    let (app, msg) = sb
        .infobip_app(json!({"pinAttempts": 2, "verifyPinLimit": "100/1s", "allowMultiplePinVerifications": false, "pinTimeToLive": "2m"}), template())
        .await;
    let send = |to: &'static str| {
        let sb = &sb;
        let (app, msg) = (app.clone(), msg.clone());
        async move {
            let (s, v) = sb
                .infobip(
                    Method::POST,
                    "/2fa/2/pin?ncNeeded=false",
                    Some(json!({"applicationId": app, "messageId": msg, "to": to})),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            assert!(v.get("ncStatus").is_none());
            v["pinId"].as_str().unwrap().to_owned()
        }
    };
    let verify = |pin_id: String, pin: String| {
        let sb = &sb;
        async move {
            sb.infobip(
                Method::POST,
                &format!("/2fa/2/pin/{pin_id}/verify"),
                Some(json!({"pin": pin})),
            )
            .await
            .1
        }
    };
    // Attempts used up.
    let a = send("46711000001").await;
    let pin = sb.last_code("46711000001").await;
    let v = verify(a.clone(), "x".into()).await;
    assert_eq!(
        (v["pinError"].as_str(), v["attemptsRemaining"].as_u64()),
        (Some("WRONG_PIN"), Some(1))
    );
    let v = verify(a.clone(), "y".into()).await;
    assert_eq!(
        (v["pinError"].as_str(), v["attemptsRemaining"].as_u64()),
        (Some("WRONG_PIN"), Some(0))
    );
    let v = verify(a.clone(), pin).await;
    assert_eq!(
        (v["verified"].as_bool(), v["pinError"].as_str()),
        (Some(false), Some("NO_MORE_PIN_ATTEMPTS"))
    );
    // Verified once only.
    let b = send("46711000002").await;
    let pin = sb.last_code("46711000002").await;
    assert_eq!(verify(b.clone(), pin.clone()).await["verified"], true);
    let v = verify(b.clone(), pin).await;
    assert_eq!(
        (v["verified"].as_bool(), v["pinError"].as_str()),
        (Some(false), Some("NO_MORE_PIN_ATTEMPTS"))
    );
    // Expired.
    let c = send("46711000003").await;
    let pin = sb.last_code("46711000003").await;
    sb.advance(121).await;
    let v = verify(c, pin).await;
    assert_eq!(
        (v["verified"].as_bool(), v["pinError"].as_str()),
        (Some(false), Some("TTL_EXPIRED"))
    );
    // Unknown pinId.
    let (s, e) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin/0123/verify",
            Some(json!({"pin": "1"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    infobip_error(&e, "NOT_FOUND");
}

#[tokio::test]
async fn send_limits_resend_voice_email_and_unreachable() {
    let sb = start().await;
    let (app, msg) = sb
        .infobip_app(
            json!({}),
            json!({"messageText": "PIN {{pin}}", "pinType": "ALPHANUMERIC", "pinLength": 5}),
        )
        .await;
    let body = json!({"applicationId": app, "messageId": msg, "to": "46722000001"});
    let (_, first) = sb
        .infobip(Method::POST, "/2fa/2/pin", Some(body.clone()))
        .await;
    let pin_id = first["pinId"].as_str().unwrap();
    let pin = sb.last_code("46722000001").await;
    assert!(
        pin.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            && pin.len() == 5
    );
    let (s, again) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/resend"),
            Some(json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{again}");
    assert_eq!(again["pinId"], pin_id);
    let (s, voice) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/resend/voice"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{voice}");
    assert_eq!(voice["callStatus"], "PENDING_ACCEPTED");
    let out = sb.outbox("+46722000001").await;
    assert_eq!(out.len(), 3);
    assert!(out.iter().all(|m| m["code"] == pin.as_str()));
    assert_eq!(out[2]["channel"], "voice");
    // sendPinPerPhoneNumberLimit 3/1d: the fourth send is refused, another number is not.
    let (s, e) = sb
        .infobip(Method::POST, "/2fa/2/pin", Some(body.clone()))
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    infobip_error(&e, "TOO_MANY_REQUESTS");
    let (s, e) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/pin/{pin_id}/resend/email"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");

    let (s, v) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin/voice",
            Some(json!({"applicationId": app, "messageId": msg, "to": "46722000002"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["callStatus"], "PENDING_ACCEPTED");
    assert_eq!(sb.outbox("46722000002").await[0]["channel"], "voice");

    let (s, v) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": app, "messageId": msg, "to": "999123456"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["ncStatus"], "NC_DESTINATION_NOT_REACHABLE");
    assert_eq!(v["smsStatus"], "MESSAGE_NOT_SENT");
    assert!(sb.outbox("999123456").await.is_empty());

    let (_, em) = sb
        .infobip(
            Method::POST,
            &format!("/2fa/2/applications/{app}/email/messages"),
            Some(json!({"emailTemplateId": 7, "from": "a@example.com"})),
        )
        .await;
    let (s, v) = sb
        .infobip(Method::POST, "/2fa/2/pin/email", Some(json!({"applicationId": app, "messageId": em["messageId"], "to": "Ann@Example.com"})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["emailStatus"]["name"], "PENDING_ACCEPTED");
    assert!(v["emailStatus"]["description"].is_string());
    let mail = sb.outbox("ann@example.com").await;
    assert_eq!(mail[0]["channel"], "email");
    assert_eq!(mail[0]["code"].as_str().unwrap().len(), 4);
    // The application limit.
    let (_, _) = sb
        .infobip(
            Method::PUT,
            &format!("/2fa/2/applications/{app}"),
            Some(json!({"configuration": {"sendPinPerApplicationLimit": "1/1h"}})),
        )
        .await;
    let (s, _) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": app, "messageId": msg, "to": "46722000009"})),
        )
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn auth_and_malformed_requests() {
    let sb = start().await;
    for auth in [None, Some("App wrong"), Some("Basic abc"), Some("App")] {
        let mut req = sb.http.get(sb.url("/2fa/2/applications"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let (s, e) = read(req.send().await.unwrap()).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_eq!(
            e,
            json!({"requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}}})
        );
    }
    let (s, e) = read(
        sb.http
            .post(sb.url("/2fa/2/pin"))
            .header("authorization", format!("App {INFOBIP_KEY}"))
            .body("[1,2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    infobip_error(&e, "BAD_REQUEST");
    let (s, e) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": 5, "messageId": [], "to": {}})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    infobip_error(&e, "BAD_REQUEST");
    let (s, e) = sb
        .infobip(
            Method::POST,
            "/2fa/2/pin",
            Some(json!({"applicationId": "A", "messageId": "B", "to": "46700000000"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    infobip_error(&e, "NOT_FOUND");
    let (s, e) = sb.infobip(Method::GET, "/2fa/2/unknown", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    infobip_error(&e, "NOT_FOUND");
    let (s, e) = sb
        .infobip(Method::DELETE, "/2fa/2/applications", None)
        .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    infobip_error(&e, "METHOD_NOT_ALLOWED");
}
