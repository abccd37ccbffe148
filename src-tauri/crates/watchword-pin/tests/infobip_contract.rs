//! The real Infobip client against the real sandbox over loopback.

mod common;

use common::*;
use watchword_pin::PinError;
use watchword_pin::infobip::{
    AppConfiguration, Application, Channel, EmailTemplate, MessageTemplate, SendPin, StatusFilter,
};

async fn app_with_template(fx: &Fixture, configuration: AppConfiguration) -> (String, String) {
    let client = fx.infobip();
    let app = client
        .create_application(&Application {
            name: "test".into(),
            enabled: Some(true),
            configuration: Some(configuration),
            ..Application::default()
        })
        .await
        .unwrap();
    let app_id = app.application_id.unwrap();
    let template = client
        .create_template(
            &app_id,
            &MessageTemplate {
                message_text: "Your code is {{pin}}".into(),
                pin_type: Some("NUMERIC".into()),
                pin_length: Some(6),
                ..MessageTemplate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(template.pin_placeholder.as_deref(), Some("{{pin}}"));
    (app_id, template.message_id.unwrap())
}

fn send(app: &str, template: &str, to: &str) -> SendPin {
    SendPin {
        application_id: app.into(),
        message_id: template.into(),
        to: to.into(),
        ..SendPin::default()
    }
}

#[tokio::test]
async fn applications_and_templates_crud() {
    let fx = start().await;
    let client = fx.infobip();
    let (app_id, message_id) = app_with_template(&fx, AppConfiguration::default()).await;
    let app = client.application(&app_id).await.unwrap();
    let config = app.configuration.clone().unwrap();
    assert_eq!(config.pin_attempts, Some(10));
    assert_eq!(config.pin_time_to_live.as_deref(), Some("15m"));
    assert_eq!(
        config.send_pin_per_phone_number_limit.as_deref(),
        Some("3/1d")
    );
    assert!(
        client
            .applications()
            .await
            .unwrap()
            .iter()
            .any(|a| a.application_id.as_deref() == Some(&app_id))
    );

    let renamed = client
        .update_application(
            &app_id,
            &Application {
                name: "renamed".into(),
                ..app.clone_without_config()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "renamed");

    let mut template = client.template(&app_id, &message_id).await.unwrap();
    template.message_text = "Code: {{pin}}".into();
    template.message_id = None;
    template.application_id = None;
    template.pin_placeholder = None;
    let updated = client
        .update_template(&app_id, &message_id, &template)
        .await
        .unwrap();
    assert_eq!(updated.message_text, "Code: {{pin}}");
    assert_eq!(client.templates(&app_id).await.unwrap().len(), 1);

    let bad = MessageTemplate {
        message_text: "no placeholder".into(),
        ..MessageTemplate::default()
    };
    match client.create_template(&app_id, &bad).await.unwrap_err() {
        PinError::Provider {
            status: 400,
            message,
            ..
        } => assert!(message.contains("messageText"), "{message}"),
        other => panic!("{other}"),
    }
    let email = client
        .create_email_template(
            &app_id,
            &EmailTemplate {
                email_template_id: 42,
                from: "noreply@example.test".into(),
                ..EmailTemplate::default()
            },
        )
        .await
        .unwrap();
    assert!(email.message_id.is_some());
    match client.application("NOPE").await.unwrap_err() {
        PinError::Provider { status: 404, .. } => {}
        other => panic!("{other}"),
    }
}

trait CloneWithoutConfig {
    fn clone_without_config(&self) -> Application;
}
impl CloneWithoutConfig for Application {
    fn clone_without_config(&self) -> Application {
        Application {
            application_id: None,
            name: self.name.clone(),
            enabled: self.enabled,
            configuration: self.configuration.clone(),
        }
    }
}

#[tokio::test]
async fn send_resend_verify_and_status_by_sms_voice_and_email() {
    let fx = start().await;
    let client = fx.infobip();
    let (app, template) = app_with_template(&fx, AppConfiguration::default()).await;

    let sent = client
        .send(Channel::Sms, &send(&app, &template, "46700000101"), true)
        .await
        .unwrap();
    assert_eq!(sent.sms_status.as_deref(), Some("MESSAGE_SENT"));
    assert_eq!(sent.nc_status.as_deref(), Some("NC_DESTINATION_REACHABLE"));
    let pin = code_of(&fx.last_message("46700000101").await);
    assert_eq!(pin.len(), 6);
    let resent = client.resend(Channel::Sms, &sent.pin_id).await.unwrap();
    assert_eq!(resent.pin_id, sent.pin_id);
    let messages = fx.outbox("46700000101").await;
    assert_eq!(messages.len(), 2);
    assert_eq!(code_of(&messages[1]), pin, "a resend sends the same PIN");

    let wrong_answer = client.verify(&sent.pin_id, &wrong(&pin)).await.unwrap();
    assert!(!wrong_answer.verified);
    assert_eq!(wrong_answer.pin_error.as_deref(), Some("WRONG_PIN"));
    assert_eq!(wrong_answer.attempts_remaining, 9);
    // The default verify limit is 1/3s: a second try at once is refused, unharmed.
    match client.verify(&sent.pin_id, &pin).await.unwrap_err() {
        PinError::Provider {
            status: 429, code, ..
        } => assert_eq!(code.as_deref(), Some("TOO_MANY_REQUESTS")),
        other => panic!("{other}"),
    }
    fx.advance(3).await;
    let right = client.verify(&sent.pin_id, &pin).await.unwrap();
    assert!(right.verified, "{right:?}");

    let voice = client
        .send(Channel::Voice, &send(&app, &template, "46700000102"), false)
        .await
        .unwrap();
    assert_eq!(voice.call_status.as_deref(), Some("PENDING_ACCEPTED"));
    assert_eq!(fx.last_message("46700000102").await["channel"], "voice");
    let email_template = client
        .create_email_template(
            &app,
            &EmailTemplate {
                email_template_id: 7,
                from: "noreply@example.test".into(),
                ..EmailTemplate::default()
            },
        )
        .await
        .unwrap()
        .message_id
        .unwrap();
    let email = client
        .send(
            Channel::Email,
            &send(&app, &email_template, "user@example.test"),
            false,
        )
        .await
        .unwrap();
    assert_eq!(email.email_status.unwrap().name, "PENDING_ACCEPTED");
    assert_eq!(
        fx.last_message("user@example.test").await["channel"],
        "email"
    );

    // Infobip requires the msisdn filter.
    match client
        .status(&app, &StatusFilter::default())
        .await
        .unwrap_err()
    {
        PinError::Provider {
            status: 400,
            message,
            ..
        } => assert!(message.contains("msisdn"), "{message}"),
        other => panic!("{other}"),
    }
    let mine = client
        .status(
            &app,
            &StatusFilter {
                msisdn: Some("46700000101".into()),
                ..StatusFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(mine.verifications.len(), 1);
    assert!(
        mine.verifications[0].verified
            && mine.verifications[0].verified_at >= mine.verifications[0].sent_at
    );
}

#[tokio::test]
async fn expiry_attempts_rate_limits_and_bad_key() {
    let fx = start().await;
    let client = fx.infobip();
    let strict = AppConfiguration {
        pin_attempts: Some(2),
        pin_time_to_live: Some("1m".into()),
        verify_pin_limit: Some("100/1s".into()),
        send_pin_per_phone_number_limit: Some("2/1d".into()),
        ..AppConfiguration::default()
    };
    let (app, template) = app_with_template(&fx, strict).await;

    let sent = client
        .send(Channel::Sms, &send(&app, &template, "46700000201"), false)
        .await
        .unwrap();
    let pin = code_of(&fx.last_message("46700000201").await);
    client.verify(&sent.pin_id, &wrong(&pin)).await.unwrap();
    client.verify(&sent.pin_id, &wrong(&pin)).await.unwrap();
    let used_up = client.verify(&sent.pin_id, &pin).await.unwrap();
    assert!(!used_up.verified);
    assert_eq!(used_up.pin_error.as_deref(), Some("NO_MORE_PIN_ATTEMPTS"));

    let sent = client
        .send(Channel::Sms, &send(&app, &template, "46700000201"), false)
        .await
        .unwrap();
    let pin = code_of(&fx.last_message("46700000201").await);
    fx.advance(61).await;
    let expired = client.verify(&sent.pin_id, &pin).await.unwrap();
    assert_eq!(expired.pin_error.as_deref(), Some("TTL_EXPIRED"));

    // Two sends per number per day: the third is refused.
    match client
        .send(Channel::Sms, &send(&app, &template, "46700000201"), false)
        .await
        .unwrap_err()
    {
        PinError::Provider {
            status: 429, code, ..
        } => assert_eq!(code.as_deref(), Some("TOO_MANY_REQUESTS")),
        other => panic!("{other}"),
    }

    match fx
        .infobip_with("wrong-key")
        .applications()
        .await
        .unwrap_err()
    {
        PinError::Provider {
            status: 401,
            code,
            message,
            ..
        } => {
            assert_eq!(code.as_deref(), Some("UNAUTHORIZED"));
            assert!(message.contains("Invalid login details"));
        }
        other => panic!("{other}"),
    }
}
