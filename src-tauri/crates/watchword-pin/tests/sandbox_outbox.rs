//! The security finding on the sandbox's own endpoints, from the client's side: the
//! outbox (every PIN) answers only a client that carries the sandbox's run token; and the
//! administrator's session that uses it saves Infobip applications and templates and resends.

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

/// The console's Infobip forms (issue 18): an application and a template created and
/// updated through the administrator's session, a PIN sent with them and resent; and
/// a resend through another provider is refused in words.
#[tokio::test]
async fn admin_saves_infobip_applications_and_templates_and_resends() {
    use watchword_pin::console::{ResendForm, SendForm};
    use watchword_pin::infobip::{AppConfiguration, Application, MessageTemplate};
    let f = start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut credentials = watchword_pin::admin::SandboxCredentials::generate().unwrap();
    credentials.infobip_key = zeroize::Zeroizing::new(INFOBIP_KEY.to_owned());
    let mut admin = watchword_pin::admin::Admin::new(
        watchword_pin::ProfileStore::in_dir(dir.path()),
        settings(),
    );
    admin.attach_sandbox(&f.sandbox.base_url(), f.sandbox.token(), &credentials);
    let profile = watchword_pin::admin::SANDBOX_PROFILES[1];

    let mut app = Application {
        application_id: None,
        name: "Checkout".into(),
        enabled: Some(true),
        configuration: Some(AppConfiguration {
            pin_attempts: Some(4),
            pin_time_to_live: Some("10m".into()),
            ..AppConfiguration::default()
        }),
    };
    let created = admin
        .save_infobip_application(profile, None, &app)
        .await
        .unwrap();
    let app_id = created.application_id.clone().unwrap();
    app.configuration.as_mut().unwrap().pin_attempts = Some(7);
    let updated = admin
        .save_infobip_application(profile, Some(&app_id), &app)
        .await
        .unwrap();
    assert_eq!(updated.application_id.as_deref(), Some(app_id.as_str()));
    assert_eq!(updated.configuration.unwrap().pin_attempts, Some(7));

    let mut template = MessageTemplate {
        message_text: "Checkout {{pin}}".into(),
        pin_type: Some("NUMERIC".into()),
        pin_length: Some(5),
        sender_id: Some("Shop".into()),
        ..MessageTemplate::default()
    };
    let made = admin
        .save_infobip_template(profile, &app_id, None, &template)
        .await
        .unwrap();
    let message_id = made.message_id.clone().unwrap();
    template.pin_length = Some(7);
    let changed = admin
        .save_infobip_template(profile, &app_id, Some(&message_id), &template)
        .await
        .unwrap();
    assert_eq!(changed.pin_length, Some(7));
    let catalog = admin.infobip_catalog(profile, false).await.unwrap();
    let (_, templates) = catalog
        .iter()
        .find(|(a, _)| a.application_id.as_deref() == Some(app_id.as_str()))
        .unwrap();
    assert_eq!(templates[0].sender_id.as_deref(), Some("Shop"));

    let form = SendForm {
        to: "46701119988".into(),
        app: Some(app_id),
        template: Some(message_id),
        ..SendForm::default()
    };
    let sent = admin.send(profile, &form).await.unwrap();
    let pin_id = sent.id.clone().unwrap();
    let resent = admin
        .resend(
            profile,
            &ResendForm {
                id: pin_id.clone(),
                method: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(resent.id.as_deref(), Some(pin_id.as_str()));
    assert!(
        resent
            .summary
            .starts_with(&format!("pinId {pin_id} MESSAGE_SENT"))
    );
    let messages = f.outbox("46701119988").await;
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["code"], messages[1]["code"]);
    assert_eq!(messages[1]["code"].as_str().unwrap().len(), 7);

    let sinch = watchword_pin::admin::SANDBOX_PROFILES[0];
    let refused = admin
        .resend(
            sinch,
            &ResendForm {
                id: pin_id,
                method: None,
            },
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("only Infobip"), "{refused}");
}
