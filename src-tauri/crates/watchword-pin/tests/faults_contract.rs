//! Every injected failure through the real clients against the real sandbox: the
//! reserved numbers (each Sinch status and reason, Infobip's send statuses, verify
//! errors and HTTP errors) and faults queued with `POST /sandbox/faults` (HTTP errors,
//! a slow answer, a dropped connection, outcomes), each read back and put in words.

mod common;

use std::time::{Duration, Instant};

use common::*;
use watchword_pin::console::{self, StatusForm, VerifyForm};
use watchword_pin::infobip::{Application, Channel, MessageTemplate, SendPin};
use watchword_pin::sandbox::{Fault, SandboxClient};
use watchword_pin::sinch::{AuthScheme, Method, StartRequest, Status};
use watchword_pin::{HttpSettings, PinClient, PinError, Provider, Transport, words};
use zeroize::Zeroizing;

/// Sinch's reserved numbers: (number, status, reason).
const SINCH: [(&str, &str, Option<&str>); 16] = [
    ("+99910000001", "ERROR", Some("Internal error")),
    ("+99910000002", "DENIED", Some("Fraud")),
    ("+99910000003", "DENIED", Some("Not enough credit")),
    ("+99910000004", "DENIED", Some("Blocked")),
    ("+99910000005", "DENIED", Some("Destination denied")),
    (
        "+99910000006",
        "FAIL",
        Some("Network error or number unreachable"),
    ),
    ("+99910000007", "FAIL", Some("Failed pending")),
    ("+99910000008", "FAIL", Some("SMS delivery failure")),
    (
        "+99910000009",
        "FAIL",
        Some("Hung up without entering valid code"),
    ),
    ("+99910000010", "FAIL", Some("Invalid CLI")),
    ("+99910000011", "FAIL", Some("Invalid code")),
    ("+99910000012", "FAIL", Some("Expired")),
    ("+99910000013", "DENIED", Some("Denied by callback")),
    ("+99910000014", "DENIED", Some("Invalid callback")),
    ("+99910000015", "ABORTED", None),
    ("+99910000016", "ERROR", None),
];

fn status_name(status: &Status) -> String {
    serde_json::to_value(status)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

fn sandbox_client(fx: &Fixture) -> SandboxClient {
    SandboxClient::new(fx.transport(Provider::Sinch), fx.base())
        .with_token(Zeroizing::new(fx.sandbox.token().to_owned()))
}

#[tokio::test]
async fn every_sinch_status_and_reason_from_a_reserved_number() {
    let fx = start().await;
    let client = fx.sinch(AuthScheme::Signed);
    let pin = PinClient::Sinch(fx.sinch(AuthScheme::Signed));
    for (number, status, reason) in SINCH {
        let started = client
            .start(&StartRequest::new(number, Method::Sms), None)
            .await;
        let id = match (reason, started) {
            // A callback's reasons answer the start as a callback's deny does.
            (Some("Denied by callback" | "Invalid callback"), Err(e)) => {
                assert_eq!((e.status(), e.code()), (Some(403), Some("40303")), "{e}");
                assert!(
                    words::explain(&e).contains("callback denied it"),
                    "{}",
                    words::explain(&e)
                );
                let answer = client
                    .status_by_identity(Method::Sms, number)
                    .await
                    .unwrap();
                answer.id
            }
            (_, Ok(started)) => started.id,
            (_, Err(e)) => panic!("{number}: {e}"),
        };
        let answer = client.status_by_id(&id).await.unwrap();
        assert_eq!(status_name(&answer.status), status, "{number}");
        assert_eq!(answer.reason.as_deref(), reason, "{number}");
        // Nothing reached the phone.
        assert!(fx.outbox(number).await.is_empty(), "{number}");
        // A report cannot change a final verification.
        let report = watchword_pin::sinch::Report::for_method(Method::Sms, "1234").unwrap();
        let reported = client.report_by_id(&id, &report).await.unwrap();
        assert_eq!(status_name(&reported.status), status);
        // In words, as the CLI and the console show it.
        let shown = console::status(
            &pin,
            &StatusForm {
                id: Some(id),
                ..StatusForm::default()
            },
        )
        .await
        .unwrap();
        assert!(!shown.ok);
        assert_eq!(shown.summary, words::sinch_outcome(status, reason));
        if let Some(reason) = reason {
            assert!(
                shown.summary.contains(words::sinch_reason(reason).unwrap()),
                "{}",
                shown.summary
            );
        }
    }
}

#[tokio::test]
async fn reserved_numbers_answer_each_documented_http_error() {
    let fx = start().await;
    let sinch = fx.sinch(AuthScheme::Basic);
    let (app, template) = infobip_app(&fx).await;
    let infobip = fx.infobip();
    for (status, sinch_code, infobip_id) in [
        (400, "40001", "BAD_REQUEST"),
        (401, "40100", "UNAUTHORIZED"),
        (402, "40200", "PAYMENT_REQUIRED"),
        (403, "40300", "FORBIDDEN"),
        (404, "40400", "NOT_FOUND"),
        (422, "42201", "GENERAL_ERROR"),
        (429, "42900", "TOO_MANY_REQUESTS"),
        (500, "50000", "GENERAL_ERROR"),
        (503, "50300", "SERVICE_UNAVAILABLE"),
    ] {
        let e = sinch
            .start(
                &StartRequest::new(format!("+99910000{status}"), Method::Sms),
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(
            (e.status(), e.code()),
            (Some(status), Some(sinch_code)),
            "{e}"
        );
        assert!(words::explain(&e).contains(" — "), "{}", words::explain(&e));
        let e = infobip
            .send(
                Channel::Sms,
                &send(&app, &template, &format!("99920000{status}")),
                true,
            )
            .await
            .unwrap_err();
        assert_eq!(
            (e.status(), e.code()),
            (Some(status), Some(infobip_id)),
            "{e}"
        );
    }
    let e = sinch
        .start(&StartRequest::new("+99910000402", Method::Sms), None)
        .await
        .unwrap_err();
    assert!(
        words::explain(&e).ends_with("the Sinch account has not enough credit"),
        "{}",
        words::explain(&e)
    );
}

async fn infobip_app(fx: &Fixture) -> (String, String) {
    let client = fx.infobip();
    let app = client
        .create_application(&Application {
            name: "faults".into(),
            enabled: Some(true),
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
                pin_length: Some(4),
                ..MessageTemplate::default()
            },
        )
        .await
        .unwrap();
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
async fn infobip_send_statuses_and_verify_errors_from_reserved_numbers() {
    let fx = start().await;
    let client = fx.infobip();
    let pin = PinClient::Infobip(fx.infobip());
    let (app, template) = infobip_app(&fx).await;
    for (to, sms, nc, delivered) in [
        (
            "99920000001",
            "MESSAGE_NOT_SENT",
            "NC_DESTINATION_UNKNOWN",
            false,
        ),
        (
            "99920000002",
            "MESSAGE_NOT_SENT",
            "NC_DESTINATION_NOT_REACHABLE",
            false,
        ),
        ("99920000003", "MESSAGE_SENT", "NC_NOT_CONFIGURED", true),
        (
            "99920000004",
            "MESSAGE_SENT",
            "NC_DESTINATION_UNKNOWN",
            true,
        ),
    ] {
        let sent = client
            .send(Channel::Sms, &send(&app, &template, to), true)
            .await
            .unwrap();
        assert_eq!(
            (sent.sms_status.as_deref(), sent.nc_status.as_deref()),
            (Some(sms), Some(nc)),
            "{to}"
        );
        assert_eq!(!fx.outbox(to).await.is_empty(), delivered, "{to}");
        let shown = console::send(
            &pin,
            &console::SendForm {
                to: to.into(),
                app: Some(app.clone()),
                template: Some(template.clone()),
                ..console::SendForm::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(shown.ok, delivered);
        assert!(
            shown
                .summary
                .ends_with(words::infobip_sent(Some(sms), Some(nc)).unwrap()),
            "{}",
            shown.summary
        );
    }
    for (to, error, remaining) in [
        ("99920000011", "WRONG_PIN", 10),
        ("99920000012", "TTL_EXPIRED", 10),
        ("99920000013", "NO_MORE_PIN_ATTEMPTS", 0),
    ] {
        let sent = client
            .send(Channel::Sms, &send(&app, &template, to), true)
            .await
            .unwrap();
        // Even the right PIN is refused so.
        let right = code_of(&fx.last_message(to).await);
        let answer = client.verify(&sent.pin_id, &right).await.unwrap();
        assert!(!answer.verified);
        assert_eq!(answer.pin_error.as_deref(), Some(error));
        assert_eq!(answer.attempts_remaining, remaining);
        let shown = console::verify(
            &pin,
            &VerifyForm {
                code: Zeroizing::new(right),
                id: Some(sent.pin_id.clone()),
                ..VerifyForm::default()
            },
        )
        .await
        .unwrap();
        assert!(
            shown
                .summary
                .contains(words::infobip_pin_error(error).unwrap()),
            "{}",
            shown.summary
        );
    }
}

#[tokio::test]
async fn a_queued_http_fault_fails_the_next_n_requests_then_stops() {
    let fx = start().await;
    let sandbox = sandbox_client(&fx);
    let client = fx.sinch(AuthScheme::Signed);
    sandbox
        .inject_fault("+46700000901", &Fault::Http { status: 503 }, 2)
        .await
        .unwrap();
    let start = StartRequest::new("+46700000901", Method::Sms);
    for _ in 0..2 {
        let e = client.start(&start, None).await.unwrap_err();
        assert_eq!((e.status(), e.code()), (Some(503), Some("50300")), "{e}");
    }
    // Another number never met it; the third request for this one succeeds.
    client
        .start(&StartRequest::new("+46700000902", Method::Sms), None)
        .await
        .unwrap();
    let started = client.start(&start, None).await.unwrap();
    // Faults reach requests by id too: the status of that verification.
    sandbox
        .inject_fault("+46700000901", &Fault::Http { status: 500 }, 1)
        .await
        .unwrap();
    let report = watchword_pin::sinch::Report::for_method(Method::Sms, "0000").unwrap();
    let e = client.report_by_id(&started.id, &report).await.unwrap_err();
    assert_eq!(e.status(), Some(500));
    // A fault the sandbox does not know is refused with its reason.
    let e = sandbox
        .inject_fault("+46700000901", &Fault::Http { status: 200 }, 1)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("400 to 599"), "{e}");
}

#[tokio::test]
async fn a_slow_answer_arrives_late_or_times_the_client_out() {
    let fx = start().await;
    let sandbox = sandbox_client(&fx);
    let client = fx.sinch(AuthScheme::Basic);
    sandbox
        .inject_fault("+46700000903", &Fault::Slow { millis: 1500 }, 1)
        .await
        .unwrap();
    let clock = Instant::now();
    client
        .start(&StartRequest::new("+46700000903", Method::Sms), None)
        .await
        .unwrap();
    assert!(clock.elapsed() >= Duration::from_millis(1500));
    // A client whose timeout is shorter than the delay gives up.
    let impatient = watchword_pin::sinch::SinchClient::new(
        Transport::new(
            Provider::Sinch,
            HttpSettings {
                timeout: Duration::from_millis(700),
                ..settings()
            },
            fx.log.clone(),
        )
        .unwrap(),
        fx.base(),
        watchword_pin::sinch::SinchCredentials {
            key: SINCH_KEY.into(),
            secret: Zeroizing::new(SINCH_SECRET.into()),
            scheme: AuthScheme::Basic,
        },
    );
    sandbox
        .inject_fault("+46700000904", &Fault::Slow { millis: 3000 }, 1)
        .await
        .unwrap();
    let e = impatient
        .start(&StartRequest::new("+46700000904", Method::Sms), None)
        .await
        .unwrap_err();
    assert!(matches!(e, PinError::Timeout { .. }), "{e}");
    assert!(
        words::explain(&e).contains("too slow"),
        "{}",
        words::explain(&e)
    );
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_in_words() {
    let fx = start().await;
    let sandbox = sandbox_client(&fx);
    let (app, template) = infobip_app(&fx).await;
    sandbox
        .inject_fault("46700000905", &Fault::Drop, 1)
        .await
        .unwrap();
    let e = fx
        .infobip()
        .send(Channel::Sms, &send(&app, &template, "+46700000905"), true)
        .await
        .unwrap_err();
    assert!(matches!(e, PinError::Unreachable { .. }), "{e}");
    assert!(
        words::explain(&e).contains("closed before the answer came"),
        "{}",
        words::explain(&e)
    );
    // Used up: the next send goes through.
    fx.infobip()
        .send(Channel::Sms, &send(&app, &template, "+46700000905"), true)
        .await
        .unwrap();
}

#[tokio::test]
async fn queued_outcomes_wait_for_the_request_they_fit() {
    let fx = start().await;
    let sandbox = sandbox_client(&fx);
    let sinch = fx.sinch(AuthScheme::Signed);
    sandbox
        .inject_fault(
            "+46700000906",
            &Fault::Sinch {
                status: "FAIL".into(),
                reason: Some("SMS delivery failure".into()),
            },
            1,
        )
        .await
        .unwrap();
    let started = sinch
        .start(&StartRequest::new("+46700000906", Method::Sms), None)
        .await
        .unwrap();
    let answer = sinch.status_by_id(&started.id).await.unwrap();
    assert_eq!(
        (
            status_name(&answer.status).as_str(),
            answer.reason.as_deref()
        ),
        ("FAIL", Some("SMS delivery failure"))
    );
    let infobip = fx.infobip();
    let (app, template) = infobip_app(&fx).await;
    sandbox
        .inject_fault(
            "46700000907",
            &Fault::InfobipVerify {
                pin_error: "TTL_EXPIRED".into(),
            },
            1,
        )
        .await
        .unwrap();
    // The send is not the verify: it goes through, and the fault waits.
    let sent = infobip
        .send(Channel::Sms, &send(&app, &template, "46700000907"), true)
        .await
        .unwrap();
    let right = code_of(&fx.last_message("46700000907").await);
    let answer = infobip.verify(&sent.pin_id, &right).await.unwrap();
    assert_eq!(answer.pin_error.as_deref(), Some("TTL_EXPIRED"));
    // Used up: the same PIN now verifies.
    let answer = infobip.verify(&sent.pin_id, &right).await;
    // verifyPinLimit 1/3s refuses an immediate second verify; after it, verified.
    if let Err(e) = &answer {
        assert_eq!(e.status(), Some(429));
        fx.advance(4).await;
    }
    let answer = match answer {
        Ok(a) => a,
        Err(_) => infobip.verify(&sent.pin_id, &right).await.unwrap(),
    };
    assert!(answer.verified);
    sandbox
        .inject_fault(
            "46700000908",
            &Fault::InfobipSend {
                sms_status: "MESSAGE_NOT_SENT".into(),
                nc_status: "NC_DESTINATION_UNKNOWN".into(),
            },
            1,
        )
        .await
        .unwrap();
    let sent = infobip
        .send(Channel::Sms, &send(&app, &template, "46700000908"), true)
        .await
        .unwrap();
    assert_eq!(sent.sms_status.as_deref(), Some("MESSAGE_NOT_SENT"));
    assert!(fx.outbox("46700000908").await.is_empty());
}
