//! The real Sinch client against the real sandbox over loopback: every endpoint, status
//! and error path.

mod common;

use common::*;
use watchword_pin::PinError;
use watchword_pin::sinch::{AuthScheme, Method, Report, SmsOptions, StartRequest, Status};

fn sms(code: &str) -> Report {
    Report::for_method(Method::Sms, code).unwrap()
}

#[tokio::test]
async fn sms_start_report_and_every_status_query_signed_and_basic() {
    let fx = start().await;
    for (scheme, number) in [
        (AuthScheme::Signed, "+46700000001"),
        (AuthScheme::Basic, "+46700000002"),
    ] {
        let client = fx.sinch(scheme);
        let mut request = StartRequest::new(number, Method::Sms);
        request.reference = Some(format!("ref-{}", &number[1..]));
        let started = client.start(&request, Some("sv-SE")).await.unwrap();
        assert_eq!(started.method, Method::Sms);
        assert_eq!(started.content_language.as_deref(), Some("sv-SE"));
        let sms_info = started
            .sms
            .as_ref()
            .expect("an sms start describes the SMS");
        assert!(sms_info.template.contains("{{CODE}}"));
        assert!(
            started
                .links
                .iter()
                .any(|l| l.rel == "status" && l.method == "GET")
        );
        assert!(
            started
                .links
                .iter()
                .any(|l| l.rel == "report" && l.method == "PUT")
        );

        let message = fx.last_message(number).await;
        assert_eq!(message["channel"], "sms");
        let code = code_of(&message);
        assert!(message["text"].as_str().unwrap().contains(&code));

        let pending = client.status_by_id(&started.id).await.unwrap();
        assert_eq!(pending.status, Status::Pending);
        assert_eq!(pending.identity.as_ref().unwrap().endpoint, number);

        let reported = client.report_by_id(&started.id, &sms(&code)).await.unwrap();
        assert_eq!(reported.status, Status::Successful, "{reported:?}");
        let by_reference = client
            .status_by_reference(request.reference.as_deref().unwrap())
            .await
            .unwrap();
        assert_eq!(
            (by_reference.id.as_str(), by_reference.status),
            (started.id.as_str(), Status::Successful)
        );
        let by_identity = client
            .status_by_identity(Method::Sms, number)
            .await
            .unwrap();
        assert_eq!(by_identity.status, Status::Successful);
    }
}

#[tokio::test]
async fn report_by_number_flash_call_and_callout() {
    let fx = start().await;
    let client = fx.sinch(AuthScheme::Signed);
    client
        .start(&StartRequest::new("+46700000010", Method::Sms), None)
        .await
        .unwrap();
    let code = code_of(&fx.last_message("+46700000010").await);
    let answer = client
        .report_by_number("+46700000010", &sms(&code))
        .await
        .unwrap();
    assert_eq!(answer.status, Status::Successful);

    let started = client
        .start(&StartRequest::new("+46700000011", Method::Flashcall), None)
        .await
        .unwrap();
    let flash = started
        .flash_call
        .expect("a flash call start describes the call");
    let message = fx.last_message("+46700000011").await;
    assert_eq!(message["channel"], "flashcall");
    let cli = code_of(&message);
    let filter = flash.cli_filter.replace("(.*)", "");
    assert!(
        cli.contains(&filter),
        "{cli} should match {}",
        flash.cli_filter
    );
    let wrong_cli = Report::for_method(Method::Flashcall, &wrong(&cli)).unwrap();
    let failed = client.report_by_id(&started.id, &wrong_cli).await.unwrap();
    assert_eq!(
        (failed.status, failed.reason.as_deref()),
        (Status::Fail, Some("Invalid CLI"))
    );
    let right = Report::for_method(Method::Flashcall, &cli).unwrap();
    assert_eq!(
        client
            .report_by_id(&started.id, &right)
            .await
            .unwrap()
            .status,
        Status::Successful
    );

    let started = client
        .start(&StartRequest::new("+46700000012", Method::Callout), None)
        .await
        .unwrap();
    let message = fx.last_message("+46700000012").await;
    assert_eq!(message["channel"], "voice");
    let report = Report::for_method(Method::Callout, &code_of(&message)).unwrap();
    assert_eq!(
        client
            .report_by_id(&started.id, &report)
            .await
            .unwrap()
            .status,
        Status::Successful
    );
}

#[tokio::test]
async fn wrong_codes_then_attempts_used_up() {
    let fx = start().await;
    let client = fx.sinch(AuthScheme::Signed);
    let started = client
        .start(&StartRequest::new("+46700000020", Method::Sms), None)
        .await
        .unwrap();
    let code = code_of(&fx.last_message("+46700000020").await);
    for attempt in 1..=3 {
        let answer = client
            .report_by_id(&started.id, &sms(&wrong(&code)))
            .await
            .unwrap();
        assert_eq!(
            (answer.status, answer.reason.as_deref()),
            (Status::Fail, Some("Invalid code")),
            "attempt {attempt}"
        );
    }
    // Attempts used up: even the right code no longer verifies.
    let answer = client.report_by_id(&started.id, &sms(&code)).await.unwrap();
    assert_eq!(answer.status, Status::Fail);
    assert_eq!(
        client.status_by_id(&started.id).await.unwrap().status,
        Status::Fail
    );
}

#[tokio::test]
async fn expired_and_replaced_verifications() {
    let fx = start().await;
    let client = fx.sinch(AuthScheme::Signed);
    let mut request = StartRequest::new("+46700000030", Method::Sms);
    request.sms_options = Some(SmsOptions {
        expiry: Some("00:01:00".into()),
        ..SmsOptions::default()
    });
    let started = client.start(&request, None).await.unwrap();
    let code = code_of(&fx.last_message("+46700000030").await);
    fx.advance(61).await;
    let answer = client.report_by_id(&started.id, &sms(&code)).await.unwrap();
    assert_eq!(
        (answer.status, answer.reason.as_deref()),
        (Status::Fail, Some("Expired"))
    );

    let first = client
        .start(&StartRequest::new("+46700000031", Method::Sms), None)
        .await
        .unwrap();
    let second = client
        .start(&StartRequest::new("+46700000031", Method::Sms), None)
        .await
        .unwrap();
    assert_eq!(
        client.status_by_id(&first.id).await.unwrap().status,
        Status::Aborted
    );
    assert_eq!(
        client.status_by_id(&second.id).await.unwrap().status,
        Status::Pending
    );
    let codes: Vec<String> = fx
        .outbox("+46700000031")
        .await
        .iter()
        .map(code_of)
        .collect();
    assert_eq!(codes.len(), 2);
    assert_ne!(
        codes[0], codes[1],
        "a new PIN never equals one still outstanding"
    );
}

fn provider_error(err: PinError) -> (u16, String) {
    match err {
        PinError::Provider { status, code, .. } => (status, code.unwrap_or_default()),
        other => panic!("expected a provider error, got {other}"),
    }
}

#[tokio::test]
async fn bad_credentials_bad_signature_duplicate_reference_rate_limit_not_found() {
    let fx = start().await;
    let request = StartRequest::new("+46700000040", Method::Sms);
    let forged = fx.sinch_with(AuthScheme::Signed, SINCH_KEY, "c2VjcmV0LWJ1dC13cm9uZw==");
    assert_eq!(
        provider_error(forged.start(&request, None).await.unwrap_err()),
        (401, "40102".into())
    );
    let basic = fx.sinch_with(AuthScheme::Basic, SINCH_KEY, "d3Jvbmc=");
    let (status, _) = provider_error(basic.start(&request, None).await.unwrap_err());
    assert_eq!(status, 401);
    let stranger = fx.sinch_with(AuthScheme::Signed, "UNKNOWNKEY", SINCH_SECRET);
    assert_eq!(
        provider_error(stranger.start(&request, None).await.unwrap_err()).0,
        401
    );
    assert!(
        fx.outbox("+46700000040").await.is_empty(),
        "nothing is sent without valid credentials"
    );

    let client = fx.sinch(AuthScheme::Signed);
    let mut with_reference = StartRequest::new("+46700000041", Method::Sms);
    with_reference.reference = Some("order-77".into());
    client.start(&with_reference, None).await.unwrap();
    with_reference.identity.endpoint = "+46700000042".into();
    assert_eq!(
        provider_error(client.start(&with_reference, None).await.unwrap_err()),
        (409, "40900".into())
    );

    // Default start limit: 5 per number per minute.
    let number = StartRequest::new("+46700000043", Method::Sms);
    for _ in 0..5 {
        client.start(&number, None).await.unwrap();
    }
    assert_eq!(
        provider_error(client.start(&number, None).await.unwrap_err()),
        (429, "42901".into())
    );

    let missing = client
        .status_by_id("0123456789abcdef0123456789abcdef")
        .await
        .unwrap_err();
    assert_eq!(provider_error(missing), (404, "40400".into()));
}

#[tokio::test]
async fn account_options_full_cli_and_caller_chosen_code() {
    let fx = start().await;
    fx.set_sinch_options(serde_json::json!({"returnFullCli": true, "acceptCustomCode": true}))
        .await;
    let client = fx.sinch(AuthScheme::Signed);
    let started = client
        .start(&StartRequest::new("+46700000050", Method::Flashcall), None)
        .await
        .unwrap();
    let cli = code_of(&fx.last_message("+46700000050").await);
    assert_eq!(
        started.flash_call.unwrap().cli_filter,
        cli,
        "the full CLI comes back in the start response"
    );

    let mut request = StartRequest::new("+46700000051", Method::Sms);
    request.sms_options = Some(SmsOptions {
        code: Some("4711".to_owned().into()),
        ..SmsOptions::default()
    });
    let started = client.start(&request, None).await.unwrap();
    assert_eq!(code_of(&fx.last_message("+46700000051").await), "4711");
    assert_eq!(
        client
            .report_by_id(&started.id, &sms("4711"))
            .await
            .unwrap()
            .status,
        Status::Successful
    );
}

#[tokio::test]
async fn the_exchange_log_never_holds_the_secret_or_the_code() {
    let fx = start().await;
    let client = fx.sinch(AuthScheme::Basic);
    let started = client
        .start(&StartRequest::new("+46700000060", Method::Sms), None)
        .await
        .unwrap();
    let code = code_of(&fx.last_message("+46700000060").await);
    client.report_by_id(&started.id, &sms(&code)).await.unwrap();
    let logged = serde_json::to_string(&fx.log.entries()).unwrap();
    assert_eq!(fx.log.entries().len(), 2);
    assert!(
        !logged.contains(SINCH_SECRET) && !logged.contains(&code),
        "{logged}"
    );
    assert!(logged.contains("Basic [redacted]"));
}
