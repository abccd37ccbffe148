//! Sinch callbacks end to end: the real sandbox POSTs signed request and result events
//! to the real receiver on loopback, which checks each signature and answers by its
//! rule or by the administrator; a deny turns the verification into DENIED.

mod common;

use std::time::Duration;

use common::*;
use watchword_pin::admin::{Admin, SANDBOX_PROFILES, SandboxCredentials};
use watchword_pin::console::{SendForm, StatusForm};
use watchword_pin::receiver::{CallbackReceiver, ReceivedEvent, Rule};
use watchword_pin::sandbox::SandboxClient;
use watchword_pin::sinch::callback::Action;
use watchword_pin::sinch::{AuthScheme, Method, StartRequest};
use watchword_pin::{ProfileStore, Provider};
use zeroize::Zeroizing;

async fn wire(fx: &Fixture, url: &str) {
    SandboxClient::new(fx.transport(Provider::Sinch), fx.base())
        .with_token(Zeroizing::new(fx.sandbox.token().to_owned()))
        .set_sinch_callback(SINCH_KEY, Some(url), 10)
        .await
        .unwrap();
}

/// Waits for the receiver to hold an event that `pick` accepts.
async fn event(
    events: impl Fn() -> Vec<ReceivedEvent>,
    pick: impl Fn(&ReceivedEvent) -> bool,
) -> ReceivedEvent {
    for _ in 0..200 {
        if let Some(e) = events().into_iter().find(|e| pick(e)) {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no such callback: {:#?}", events());
}

async fn status_of(fx: &Fixture, number: &str) -> (String, Option<String>) {
    let answer = fx
        .sinch(AuthScheme::Signed)
        .status_by_identity(Method::Sms, number)
        .await
        .unwrap();
    let status = serde_json::to_value(answer.status).unwrap();
    (status.as_str().unwrap().to_owned(), answer.reason)
}

#[tokio::test]
async fn the_administrator_denies_and_the_verification_is_denied() {
    let fx = start().await;
    let receiver = CallbackReceiver::start(
        SINCH_KEY,
        Zeroizing::new(SINCH_SECRET.into()),
        Rule::Ask,
        Duration::from_secs(8),
    )
    .await
    .unwrap();
    wire(&fx, receiver.url()).await;
    let client = fx.sinch(AuthScheme::Signed);
    let starting = tokio::spawn(async move {
        client
            .start(&StartRequest::new("+46700000801", Method::Sms), None)
            .await
    });
    let asked = event(
        || receiver.events(),
        |e| e.answer.as_deref() == Some("waiting"),
    )
    .await;
    assert_eq!(asked.event, "VerificationRequestEvent");
    assert!(asked.signature_ok, "{}", asked.signature);
    assert_eq!(asked.signature, "verified");
    assert_eq!(asked.endpoint.as_deref(), Some("+46700000801"));
    assert!(receiver.decide(asked.seq, Action::Deny));
    assert!(!receiver.decide(asked.seq, Action::Allow), "answered once");
    let refused = starting.await.unwrap().unwrap_err();
    assert_eq!(
        (refused.status(), refused.code()),
        (Some(403), Some("40303"))
    );
    assert_eq!(
        status_of(&fx, "+46700000801").await,
        ("DENIED".into(), Some("Denied by callback".into()))
    );
    assert!(
        fx.outbox("+46700000801").await.is_empty(),
        "nothing was sent"
    );
    let result = event(
        || receiver.events(),
        |e| e.event == "VerificationResultEvent",
    )
    .await;
    assert!(result.signature_ok);
    assert_eq!(
        (result.status.as_deref(), result.reason.as_deref()),
        (Some("DENIED"), Some("Denied by callback"))
    );
    let listed = receiver.events();
    assert_eq!(listed[0].answer.as_deref(), Some("deny"));
    assert_eq!(listed[0].answered_by.as_deref(), Some("administrator"));
}

#[tokio::test]
async fn rules_answer_without_the_administrator() {
    let fx = start().await;
    let receiver = CallbackReceiver::start(
        SINCH_KEY,
        Zeroizing::new(SINCH_SECRET.into()),
        Rule::DenyPrefix {
            prefix: "+4670000081".into(),
        },
        Duration::from_secs(8),
    )
    .await
    .unwrap();
    wire(&fx, receiver.url()).await;
    let client = fx.sinch(AuthScheme::Signed);
    let e = client
        .start(&StartRequest::new("+46700000811", Method::Sms), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("40303"));
    let started = client
        .start(&StartRequest::new("+46700000821", Method::Sms), None)
        .await
        .unwrap();
    let code = code_of(&fx.last_message("+46700000821").await);
    let report = watchword_pin::sinch::Report::for_method(Method::Sms, &code).unwrap();
    client.report_by_id(&started.id, &report).await.unwrap();
    let done = event(
        || receiver.events(),
        |e| e.event == "VerificationResultEvent" && e.status.as_deref() == Some("SUCCESSFUL"),
    )
    .await;
    assert_eq!(done.id.as_deref(), Some(started.id.as_str()));
    let answers: Vec<_> = receiver
        .events()
        .into_iter()
        .filter(|e| e.event == "VerificationRequestEvent")
        .map(|e| {
            (
                e.endpoint.unwrap(),
                e.answer.unwrap(),
                e.answered_by.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("+46700000811".into(), "deny".into(), "rule".into()),
            ("+46700000821".into(), "allow".into(), "rule".into())
        ]
    );
    // Nobody answers an Ask in time: denied.
    receiver.set_rule(Rule::Ask);
    drop(receiver);
    let impatient = CallbackReceiver::start(
        SINCH_KEY,
        Zeroizing::new(SINCH_SECRET.into()),
        Rule::Ask,
        Duration::from_millis(300),
    )
    .await
    .unwrap();
    wire(&fx, impatient.url()).await;
    let e = client
        .start(&StartRequest::new("+46700000831", Method::Sms), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("40303"));
    let timed_out = event(
        || impatient.events(),
        |e| e.answered_by.as_deref() == Some("timeout"),
    )
    .await;
    assert_eq!(timed_out.answer.as_deref(), Some("deny"));
}

#[tokio::test]
async fn a_callback_signed_with_another_secret_is_refused_and_listed() {
    let fx = start().await;
    let receiver = CallbackReceiver::start(
        SINCH_KEY,
        Zeroizing::new("b3RoZXItc2VjcmV0".into()),
        Rule::Allow,
        Duration::from_secs(8),
    )
    .await
    .unwrap();
    wire(&fx, receiver.url()).await;
    let e = fx
        .sinch(AuthScheme::Signed)
        .start(&StartRequest::new("+46700000841", Method::Sms), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("40303"));
    // The sandbox took the 401 as an invalid callback.
    assert_eq!(
        status_of(&fx, "+46700000841").await,
        ("DENIED".into(), Some("Invalid callback".into()))
    );
    let refused = event(|| receiver.events(), |e| !e.signature_ok).await;
    assert!(
        refused.signature.contains("does not match"),
        "{}",
        refused.signature
    );
    assert_eq!(refused.answer, None, "never acted on");
}

#[tokio::test]
async fn the_console_wires_the_built_in_sandbox_and_a_deny_shows_denied() {
    let credentials = SandboxCredentials::generate().unwrap();
    let config = watchword_sandbox::SandboxConfig {
        infobip_keys: vec![],
        sinch_apps: vec![watchword_sandbox::SinchApp {
            key: credentials.sinch_key.clone(),
            secret_base64: credentials.sinch_secret.to_string(),
            options: watchword_sandbox::SinchAppOptions::default(),
        }],
        auth365_clients: vec![],
        storage: watchword_sandbox::Storage::Memory,
        sandbox_token: None,
    };
    let sandbox = watchword_sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut admin = Admin::new(ProfileStore::in_dir(dir.path()), settings());
    admin.attach_sandbox(&sandbox.base_url(), sandbox.token(), &credentials);
    let admin = std::sync::Arc::new(admin);
    let sinch = SANDBOX_PROFILES[0];
    let view = admin.start_callbacks(sinch, Rule::Ask).await.unwrap();
    assert!(view.sandbox_wired);
    assert!(
        view.url
            .as_deref()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    let sending = {
        let admin = admin.clone();
        tokio::spawn(async move {
            admin
                .send(
                    sinch,
                    &SendForm {
                        to: "+46700000851".into(),
                        ..SendForm::default()
                    },
                )
                .await
        })
    };
    let asked = event(
        || admin.callbacks().events,
        |e| e.answer.as_deref() == Some("waiting"),
    )
    .await;
    assert!(asked.signature_ok);
    admin.decide_callback(asked.seq, Action::Deny).unwrap();
    let refused = sending.await.unwrap().unwrap_err();
    assert!(refused.to_string().contains("HTTP 403"), "{refused}");
    let status = admin
        .status(
            sinch,
            &StatusForm {
                to: Some("+46700000851".into()),
                ..StatusForm::default()
            },
        )
        .await
        .unwrap();
    assert!(
        status
            .summary
            .starts_with("DENIED: Denied by callback — your callback answered deny"),
        "{}",
        status.summary
    );
    // Stopped: the sandbox no longer calls anyone, so a start goes through.
    admin.stop_callbacks().await.unwrap();
    assert!(admin.callbacks().url.is_none());
    admin
        .send(
            sinch,
            &SendForm {
                to: "+46700000852".into(),
                ..SendForm::default()
            },
        )
        .await
        .unwrap();
    sandbox.shutdown().await;
}
