//! The real Auth365 client against the real sandbox over loopback.

mod common;

use common::*;
use watchword_core::OtpAccount;
use watchword_pin::PinError;
use watchword_pin::auth365::{
    GenerateRequest, PinType, Recipient, SoftTokenRequest, Target, UrlMode,
};

fn generate(to: &str) -> GenerateRequest {
    GenerateRequest {
        to: Recipient::parse(to),
        message_body: "Your code is [token]".into(),
        token_length: 6,
        pin_type: PinType::Numeric,
        time_out: 60,
    }
}

#[tokio::test]
async fn generate_validate_used_wrong_expired_and_by_email() {
    let fx = start().await;
    let client = fx.auth365();
    let sent = client.generate(&generate("+46700000301")).await.unwrap();
    assert_eq!(sent.status, "success");
    let message = fx.last_message("+46700000301").await;
    let pin = code_of(&message);
    assert_eq!(sent.message, message["text"].as_str().unwrap());
    assert!(
        !client
            .validate(&Target::Order(sent.order_id.clone()), &wrong(&pin))
            .await
            .unwrap()
            .succeeded()
    );
    assert!(
        client
            .validate(&Target::Order(sent.order_id.clone()), &pin)
            .await
            .unwrap()
            .succeeded()
    );
    let again = client
        .validate(&Target::Order(sent.order_id.clone()), &pin)
        .await
        .unwrap();
    assert!(!again.succeeded());
    assert!(
        again.message.to_lowercase().contains("used"),
        "{}",
        again.message
    );
    assert_eq!(
        client.order_status(&sent.order_id).await.unwrap().state,
        "validated"
    );

    client.generate(&generate("+46700000302")).await.unwrap();
    let pin = code_of(&fx.last_message("+46700000302").await);
    fx.advance(61).await;
    let expired = client
        .validate(&Target::Phone("+46700000302".into()), &pin)
        .await
        .unwrap();
    assert!(
        expired.message.to_lowercase().contains("expired"),
        "{}",
        expired.message
    );

    client
        .generate(&generate("someone@example.test"))
        .await
        .unwrap();
    let pin = code_of(&fx.last_message("someone@example.test").await);
    assert!(
        client
            .validate(&Target::Email("someone@example.test".into()), &pin)
            .await
            .unwrap()
            .succeeded()
    );
}

#[tokio::test]
async fn validation_urls_one_step_and_two_step() {
    let fx = start().await;
    let client = fx.auth365();
    let sent = client
        .send_url("+46700000311", "Open [url]", UrlMode::Onestep, 120)
        .await
        .unwrap();
    let text = fx.last_message("+46700000311").await["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with("http"))
        .expect("the SMS holds the link")
        .to_owned();
    assert!(
        link.starts_with(&fx.sandbox.base_url()),
        "the sandbox serves its own links: {link}"
    );
    assert!(
        fx.http
            .get(&link)
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    assert_eq!(
        client.order_status(&sent.order_id).await.unwrap().state,
        "validated"
    );

    let sent = client
        .send_url("+46700000312", "Open [url]", UrlMode::Twostep, 120)
        .await
        .unwrap();
    let message = fx.last_message("+46700000312").await;
    let link = message["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.starts_with("http"))
        .unwrap()
        .to_owned();
    let page = fx
        .http
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<form"), "a two-step link asks for the PIN");
    assert_eq!(
        client.order_status(&sent.order_id).await.unwrap().state,
        "pending"
    );
    let posted = fx
        .http
        .post(&link)
        .form(&[("pin", code_of(&message))])
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success());
    assert_eq!(
        client.order_status(&sent.order_id).await.unwrap().state,
        "validated"
    );
}

#[tokio::test]
async fn soft_tokens_create_validate_replay_list_delete() {
    let fx = start().await;
    let client = fx.auth365();
    let request = SoftTokenRequest {
        user_id: "alice".into(),
        issuer: Some("Sandbox".into()),
        ..SoftTokenRequest::default()
    };
    let created = client.create_soft_token(&request).await.unwrap();
    assert!(!created.qr_png.is_empty());
    let account =
        OtpAccount::parse(&created.otpauth_uri).expect("the server's URI is a valid account");
    let now = fx.advance(0).await;
    let code = account.token.code_at(now);
    assert!(
        client
            .validate_soft_token(&created.soft_token_id, code.as_str())
            .await
            .unwrap()
            .succeeded()
    );
    let replay = client
        .validate_soft_token(&created.soft_token_id, code.as_str())
        .await
        .unwrap();
    assert!(!replay.succeeded(), "the same step never validates twice");
    let listed = client.soft_tokens("alice").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].soft_token_id, created.soft_token_id);
    client
        .delete_soft_token(&created.soft_token_id)
        .await
        .unwrap();
    assert!(client.soft_tokens("alice").await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_client_secret_and_a_token_the_server_forgot() {
    let fx = start().await;
    match fx
        .auth365_with("wrong")
        .generate(&generate("+46700000321"))
        .await
        .unwrap_err()
    {
        PinError::Provider {
            status: 401, code, ..
        } => assert_eq!(code.as_deref(), Some("invalid_client")),
        other => panic!("{other}"),
    }
    fx.log.clear();
    let client = fx.auth365();
    client.generate(&generate("+46700000322")).await.unwrap();
    // Two hours later on the server's clock the access token has expired while the
    // client still believes it valid: the client must fetch a new one and retry once.
    fx.advance(7200).await;
    client.generate(&generate("+46700000323")).await.unwrap();
    let tokens = fx
        .log
        .entries()
        .iter()
        .filter(|e| e.url.ends_with("/oauth/token"))
        .count();
    assert_eq!(tokens, 2, "one token at first, one after the 401");
    // The body carries characterSet as the document's example shows it.
    let sent = fx
        .log
        .entries()
        .iter()
        .find(|e| e.url.ends_with("/tokens/generate"))
        .and_then(|e| e.request_body.clone())
        .unwrap();
    let sent: serde_json::Value = serde_json::from_str(&sent).unwrap();
    assert_eq!(sent["characterSet"], "");
}
