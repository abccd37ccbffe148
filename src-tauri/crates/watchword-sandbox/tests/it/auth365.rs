//! Auth365: OAuth2 tokens, generate/validate, validation URLs, soft tokens.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

async fn token_request(
    sb: &Sb,
    id: &str,
    secret: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    read(
        sb.http
            .post(sb.url("/oauth/token"))
            .basic_auth(id, Some(secret))
            .form(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn oauth_tokens_refresh_and_errors() {
    let sb = start().await;
    let (s, t) = token_request(
        &sb,
        CLIENT_ID,
        CLIENT_SECRET,
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(t["access_token"].is_string() && t["refresh_token"].is_string());
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    assert_eq!(t["refresh_expires_in"], 86400);
    assert_eq!(t["scope"], "otp");
    let (s, e) = token_request(
        &sb,
        CLIENT_ID,
        "wrong",
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"], "invalid_client");
    let (s, e) = read(
        sb.http
            .post(sb.url("/oauth/token"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"], "invalid_client");
    let (s, e) = token_request(&sb, CLIENT_ID, CLIENT_SECRET, &[("grant_type", "password")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"], "unsupported_grant_type");
    let refresh = t["refresh_token"].as_str().unwrap();
    let (s, t2) = token_request(
        &sb,
        CLIENT_ID,
        CLIENT_SECRET,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(t2["access_token"], t["access_token"]);
    let (s, e) = token_request(
        &sb,
        CLIENT_ID,
        CLIENT_SECRET,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"], "invalid_grant");
    // Bearer: missing, unknown, expired.
    let (s, e) = read(sb.http.get(sb.url("/softtokens")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["status"], "error");
    let (s, _) = sb.a365(Method::GET, "/softtokens", "nope", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let access = t2["access_token"].as_str().unwrap();
    let (s, _) = sb.a365(Method::GET, "/softtokens", access, None).await;
    assert_eq!(s, StatusCode::OK);
    sb.advance(3601).await;
    let (s, e) = sb.a365(Method::GET, "/softtokens", access, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e, json!({"status": "error", "message": "Token expired"}));
    let refresh2 = t2["refresh_token"].as_str().unwrap();
    let (s, _) = token_request(
        &sb,
        CLIENT_ID,
        CLIENT_SECRET,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh2)],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn generate_and_validate() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    let body = json!({"accountId": 42, "telephoneNumber": "+447700900001", "messageBody": "Your code: [token]", "characterSet": "GSM",
                      "tokenLength": 8, "pinType": 1, "timeOut": 60});
    let (s, g) = sb
        .a365(Method::POST, "/tokens/generate", &tok, Some(body.clone()))
        .await;
    assert_eq!(s, StatusCode::OK, "{g}");
    assert_eq!(g["status"], "success");
    let order = g["orderID"].as_str().unwrap().to_owned();
    assert!(
        order.len() == 10 && order.bytes().all(|b| b.is_ascii_digit()) && !order.starts_with('0')
    );
    let out = sb.outbox("447700900001").await;
    let pin = out[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(pin.len(), 8);
    assert_eq!(g["message"], format!("Your code: {pin}"));
    assert_eq!(out[0]["text"], g["message"]);
    assert_eq!(out[0]["provider"], "auth365");

    let (_, st) = sb
        .a365(Method::GET, &format!("/tokens/{order}"), &tok, None)
        .await;
    assert_eq!(
        (st["status"].as_str(), st["state"].as_str()),
        (Some("success"), Some("pending"))
    );
    let (_, v) = sb
        .a365(
            Method::POST,
            "/tokens/validate",
            &tok,
            Some(json!({"accountId": 42, "orderID": order, "token": "WRONG"})),
        )
        .await;
    assert_eq!(v, json!({"status": "failure", "message": "Invalid token"}));
    let (_, v) = sb.a365(Method::POST, "/tokens/validate", &tok, Some(json!({"accountId": 42, "telephoneNumber": "447700900001", "token": pin.to_lowercase()}))).await;
    assert_eq!(
        v,
        json!({"status": "success", "message": "Token validated"})
    );
    let (_, v) = sb
        .a365(
            Method::POST,
            "/tokens/validate",
            &tok,
            Some(json!({"accountId": 42, "orderID": order, "token": pin})),
        )
        .await;
    assert_eq!(
        v,
        json!({"status": "failure", "message": "Token already used"})
    );
    let (_, st) = sb
        .a365(Method::GET, &format!("/tokens/{order}"), &tok, None)
        .await;
    assert_eq!(st["state"], "validated");
    let (_, v) = sb
        .a365(
            Method::POST,
            "/tokens/validate",
            &tok,
            Some(json!({"accountId": 42, "orderID": "1234567890", "token": pin})),
        )
        .await;
    assert_eq!(v, json!({"status": "failure", "message": "Unknown order"}));
    let (s, e) = sb.a365(Method::GET, "/tokens/1234567890", &tok, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["status"], "error");

    // Expired.
    let (_, g) = sb.a365(Method::POST, "/tokens/generate", &tok, Some(json!({"accountId": 42, "emailAddress": "bo@example.com", "messageBody": "[token]", "timeOut": 30}))).await;
    let pin = sb.last_code("bo@example.com").await;
    assert_eq!(sb.outbox("bo@example.com").await[0]["channel"], "email");
    assert_eq!(pin.len(), 6);
    sb.advance(31).await;
    let (_, v) = sb
        .a365(
            Method::POST,
            "/tokens/validate",
            &tok,
            Some(json!({"accountId": 42, "orderID": g["orderID"], "token": pin})),
        )
        .await;
    assert_eq!(v, json!({"status": "failure", "message": "Token expired"}));
    // Failed after three wrong tries.
    let (_, g) = sb.a365(Method::POST, "/tokens/generate", &tok, Some(json!({"accountId": 1, "telephoneNumber": "447700900002", "messageBody": "[token]"}))).await;
    for _ in 0..3 {
        sb.a365(
            Method::POST,
            "/tokens/validate",
            &tok,
            Some(json!({"accountId": 1, "orderID": g["orderID"], "token": "x"})),
        )
        .await;
    }
    let (_, st) = sb
        .a365(
            Method::GET,
            &format!("/tokens/{}", g["orderID"].as_str().unwrap()),
            &tok,
            None,
        )
        .await;
    assert_eq!(st["state"], "failed");
}

#[tokio::test]
async fn generate_validation_errors() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    let ok = json!({"accountId": 1, "telephoneNumber": "447700900010", "messageBody": "[token]"});
    for (field, value) in [
        ("tokenLength", json!(3)),
        ("tokenLength", json!(10)),
        ("pinType", json!(2)),
        ("timeOut", json!(29)),
        ("timeOut", json!(901)),
        ("messageBody", json!("no placeholder")),
        ("accountId", json!("x")),
        ("telephoneNumber", json!("abc")),
    ] {
        let mut body = ok.clone();
        body[field] = value;
        let (s, e) = sb
            .a365(Method::POST, "/tokens/generate", &tok, Some(body))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(e["status"], "error");
        assert!(e["message"].is_string());
    }
    let (s, _) = sb
        .a365(
            Method::POST,
            "/tokens/generate",
            &tok,
            Some(json!({"accountId": 1, "messageBody": "[token]"})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // generateLimit default 5/1m per recipient.
    for _ in 0..5 {
        let (s, _) = sb
            .a365(Method::POST, "/tokens/generate", &tok, Some(ok.clone()))
            .await;
        assert_eq!(s, StatusCode::OK);
    }
    let (s, e) = sb
        .a365(Method::POST, "/tokens/generate", &tok, Some(ok.clone()))
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(e["status"], "error");
    // The five PINs of the recipient all differ.
    let codes: std::collections::HashSet<String> = sb
        .outbox("447700900010")
        .await
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 5);
}

#[tokio::test]
async fn validation_urls_one_and_two_step() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    let (s, g) = sb
        .a365(Method::POST, "/tokens/sendurl", &tok, Some(json!({"accountId": 3, "telephoneNumber": "447700900020", "messageBody": "Open [url]", "mode": "onestep", "timeOut": 120})))
        .await;
    assert_eq!(s, StatusCode::OK, "{g}");
    let text = g["message"].as_str().unwrap();
    let url = text.strip_prefix("Open ").unwrap();
    assert!(url.starts_with(&format!("{}/v/", sb.base)));
    let msg = &sb.outbox("447700900020").await[0];
    assert_eq!(msg["text"], text);
    let page = sb.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text().await.unwrap().contains("Verified"));
    let (_, st) = sb
        .a365(
            Method::GET,
            &format!("/tokens/{}", g["orderID"].as_str().unwrap()),
            &tok,
            None,
        )
        .await;
    assert_eq!(st["state"], "validated");
    assert_eq!(
        sb.http.get(url).send().await.unwrap().status(),
        StatusCode::CONFLICT
    );

    let (_, g) = sb
        .a365(Method::POST, "/tokens/sendurl", &tok, Some(json!({"accountId": 3, "telephoneNumber": "447700900021", "messageBody": "Open [url]", "mode": "twostep", "tokenLength": 5, "timeOut": 120})))
        .await;
    let text = g["message"].as_str().unwrap().to_owned();
    let pin = sb.last_code("447700900021").await;
    assert!(text.ends_with(&format!(" PIN: {pin}")), "{text}");
    let url = text
        .strip_prefix("Open ")
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    let form = sb
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("<form") && form.contains("name=\"pin\""));
    let wrong = sb
        .http
        .post(&url)
        .form(&[("pin", "00000x")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let right = sb
        .http
        .post(&url)
        .form(&[("pin", pin.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right.text().await.unwrap().contains("Verified"));
    assert_eq!(
        sb.http
            .get(sb.url("/v/unknown"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let (s, _) = sb
        .a365(Method::POST, "/tokens/sendurl", &tok, Some(json!({"accountId": 3, "telephoneNumber": "447700900022", "messageBody": "no url", "mode": "onestep"})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

fn totp(secret_b32: &str, alg: totp_rs::Algorithm, digits: u8, period: u64, t: u64) -> String {
    let secret = data_encoding::BASE32_NOPAD
        .decode(secret_b32.as_bytes())
        .unwrap();
    totp_rs::Builder::new()
        .with_algorithm(alg)
        .with_digits(digits)
        .with_step_duration(period)
        .with_secret(secret)
        .build_noncompliant()
        .generate(t)
        .to_string()
}

async fn sandbox_now(sb: &Sb) -> u64 {
    let (_, c) = read(sb.http.get(sb.url("/sandbox/clock")).send().await.unwrap()).await;
    let t = time::OffsetDateTime::parse(
        c["now"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    t.unix_timestamp() as u64
}

#[tokio::test]
async fn soft_tokens() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    let (s, st) = sb
        .a365(Method::POST, "/softtokens", &tok, Some(json!({"accountId": 9, "userId": "ann@example.com", "issuer": "Acme", "algorithm": "SHA256", "digits": 8, "period": 60})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{st}");
    let id = st["softTokenId"].as_str().unwrap().to_owned();
    let uri = st["otpauthUri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Acme:ann@example.com?secret="),
        "{uri}"
    );
    assert!(
        uri.contains("algorithm=SHA256")
            && uri.contains("digits=8")
            && uri.contains("period=60")
            && uri.contains("issuer=Acme")
    );
    let png = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        st["qrPng"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let secret = uri
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert_eq!(
        data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .unwrap()
            .len(),
        20
    );

    let now = sandbox_now(&sb).await;
    let previous = totp(secret, totp_rs::Algorithm::SHA256, 8, 60, now - 60);
    let current = totp(secret, totp_rs::Algorithm::SHA256, 8, 60, now);
    let path = format!("/softtokens/{id}/validate");
    let (_, v) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": "00000000"})))
        .await;
    if current != "00000000" && previous != "00000000" {
        assert_eq!(v, json!({"status": "failure", "message": "Invalid code"}));
    }
    let (_, v) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": previous})))
        .await;
    assert_eq!(v, json!({"status": "success", "message": "Code validated"}));
    let (_, v) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": current})))
        .await;
    assert_eq!(v["status"], "success", "{v}");
    let (_, v) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": current})))
        .await;
    assert_eq!(
        v,
        json!({"status": "failure", "message": "Code already used"})
    );
    // The clock moves TOTP time too.
    sb.advance(120).await;
    let later = totp(
        secret,
        totp_rs::Algorithm::SHA256,
        8,
        60,
        sandbox_now(&sb).await,
    );
    let (_, v) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": later})))
        .await;
    assert_eq!(v["status"], "success");

    let (_, defaults) = sb
        .a365(
            Method::POST,
            "/softtokens",
            &tok,
            Some(json!({"accountId": 9, "userId": "bo"})),
        )
        .await;
    let uri = defaults["otpauthUri"].as_str().unwrap();
    assert!(
        uri.contains("algorithm=SHA1") && uri.contains("digits=6") && uri.contains("period=30")
    );
    let (s, list) = sb
        .a365(
            Method::GET,
            "/softtokens?accountId=9&userId=ann%40example.com",
            &tok,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["softTokenId"], id.as_str());
    assert!(list[0].get("secret").is_none() && list[0].get("otpauthUri").is_none());
    let (_, all) = sb
        .a365(Method::GET, "/softtokens?accountId=9", &tok, None)
        .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    for bad in [
        json!({"accountId": 9, "userId": "x", "digits": 5}),
        json!({"accountId": 9, "userId": "x", "period": 10}),
        json!({"accountId": 9, "userId": "x", "algorithm": "MD5"}),
        json!({"accountId": 9}),
    ] {
        let (s, e) = sb.a365(Method::POST, "/softtokens", &tok, Some(bad)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["status"], "error");
    }
    let (s, _) = sb
        .a365(Method::DELETE, &format!("/softtokens/{id}"), &tok, None)
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, e) = sb
        .a365(Method::DELETE, &format!("/softtokens/{id}"), &tok, None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["status"], "error");
    let (s, _) = sb
        .a365(Method::POST, &path, &tok, Some(json!({"code": later})))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn character_set_and_telephone_number_take_the_grammars_types() {
    let sb = start().await;
    let tok = sb.a365_token().await;
    // The grammar: characterSet a Boolean, telephoneNumber an integer; the example: "".
    for (i, set) in [json!(true), json!(false), json!(""), json!("GSM")]
        .into_iter()
        .enumerate()
    {
        let number = 447700900900_u64 + i as u64;
        let body = json!({"accountId": 42, "telephoneNumber": number, "messageBody": "Code [token]", "characterSet": set});
        let (s, g) = sb
            .a365(Method::POST, "/tokens/generate", &tok, Some(body))
            .await;
        assert_eq!(s, StatusCode::OK, "{set}: {g}");
        let pin = sb.last_code(&number.to_string()).await;
        // A validation by the integer number finds the order.
        let (s, v) = sb
            .a365(
                Method::POST,
                "/tokens/validate",
                &tok,
                Some(json!({"accountId": 42, "telephoneNumber": number, "token": pin})),
            )
            .await;
        assert_eq!(
            (s, v["status"].as_str()),
            (StatusCode::OK, Some("success")),
            "{v}"
        );
    }
    for (field, value) in [
        ("characterSet", json!(5)),
        ("characterSet", json!("x".repeat(33))),
        ("telephoneNumber", json!(-447700900001_i64)),
        ("telephoneNumber", json!(4477.5)),
        ("telephoneNumber", json!(12)),
    ] {
        let mut body = json!({"accountId": 42, "telephoneNumber": "+447700900001", "messageBody": "Code [token]"});
        body[field] = value.clone();
        let (s, e) = sb
            .a365(Method::POST, "/tokens/generate", &tok, Some(body))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{field} {value}: {e}");
        assert!(e["message"].as_str().unwrap().contains(field), "{e}");
    }
}
