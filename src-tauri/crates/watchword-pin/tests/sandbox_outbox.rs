//! The security finding on the sandbox's own endpoints, from the client's side: the
//! outbox (every PIN) answers only a client that carries the sandbox's run token.

mod common;

use common::*;
use watchword_pin::Provider;
use watchword_pin::sandbox::SandboxClient;
use watchword_pin::sinch::{AuthScheme, Method, StartRequest};

#[tokio::test]
async fn sandbox_outbox_refuses_a_client_without_the_run_token() {
    let f = start().await;
    f.sinch(AuthScheme::Signed)
        .start(&StartRequest::new("+46700000777", Method::Sms), None)
        .await
        .unwrap();
    let bare = SandboxClient::new(f.transport(Provider::Sinch), f.base());
    let err = bare.outbox(Some("+46700000777")).await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    assert!(
        !err.to_string()
            .contains(&code_of(&f.last_message("+46700000777").await))
    );
}

#[tokio::test]
async fn sandbox_outbox_answers_a_client_with_the_run_token_and_the_log_hides_it() {
    let f = start().await;
    f.sinch(AuthScheme::Signed)
        .start(&StartRequest::new("+46700000778", Method::Sms), None)
        .await
        .unwrap();
    let token = f.sandbox.token().to_owned();
    let client = SandboxClient::new(f.transport(Provider::Sinch), f.base())
        .with_token(zeroize::Zeroizing::new(token.clone()));
    let messages = client.outbox(Some("+46700000778")).await.unwrap();
    assert_eq!(messages.len(), 1);
    let wrong = SandboxClient::new(f.transport(Provider::Sinch), f.base())
        .with_token(zeroize::Zeroizing::new("f".repeat(64)));
    assert_eq!(wrong.outbox(None).await.unwrap_err().status(), Some(403));
    let logged = format!("{:?}", f.log.entries());
    assert!(!logged.contains(&token), "the run token is not logged");
}

#[tokio::test]
async fn admin_outbox_uses_the_attached_sandbox_token() {
    let f = start().await;
    let dir = tempfile::tempdir().unwrap();
    let credentials = watchword_pin::admin::SandboxCredentials::generate().unwrap();
    let mut admin = watchword_pin::admin::Admin::new(
        watchword_pin::ProfileStore::in_dir(dir.path()),
        settings(),
    );
    f.sinch(AuthScheme::Signed)
        .start(&StartRequest::new("+46700000779", Method::Sms), None)
        .await
        .unwrap();
    admin.attach_sandbox(&f.sandbox.base_url(), f.sandbox.token(), &credentials);
    let messages = admin.outbox(Some("+46700000779")).await.unwrap();
    assert_eq!(messages.len(), 1);
    admin.attach_sandbox(&f.sandbox.base_url(), &"0".repeat(64), &credentials);
    let err = admin.outbox(Some("+46700000779")).await.unwrap_err();
    assert!(err.to_string().contains("HTTP 403"), "{err}");
}
