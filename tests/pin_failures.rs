//! Issue 18 in the real window, against the built-in sandbox: every injected failure
//! (the reserved numbers for each Sinch status and reason, Infobip's send statuses,
//! verify errors and HTTP errors, and the faults form's dropped connection and slow
//! answer) is shown in words; and a callback denied in the console turns the
//! verification into DENIED.

use watchword_e2e::{Desktop, vault_in};

async fn console(dir: &std::path::Path) -> anyhow::Result<Desktop> {
    vault_in(dir, true, None, &[]);
    std::fs::write(dir.join("settings.json"), r#"{"adminTools": true}"#)?;
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    desktop
        .wait_for_text("[data-testid=pin-profile]", |t| {
            t.contains("Sandbox · Sinch")
        })
        .await?;
    Ok(desktop)
}

async fn select(desktop: &Desktop, css: &str, value: &str) -> anyhow::Result<()> {
    desktop.find(css).await?.select_by_value(value).await?;
    Ok(())
}

async fn send_to(desktop: &Desktop, to: &str) -> anyhow::Result<()> {
    desktop.click("[data-testid=pin-tab-send]").await?;
    desktop.type_into("[data-testid=pin-to]", to).await?;
    desktop.click("[data-testid=pin-send]").await
}

/// The Sinch status of `number`, as the console words it.
async fn sinch_status(desktop: &Desktop, number: &str) -> anyhow::Result<String> {
    desktop.click("[data-testid=pin-tab-status]").await?;
    select(desktop, "[data-testid=pin-status-by]", "number").await?;
    desktop
        .type_into("[data-testid=pin-status-number]", number)
        .await?;
    desktop.click("[data-testid=pin-status]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.contains(':') || t.contains('—')
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_injected_failure_is_shown_in_words() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let desktop = console(folder.path()).await?;

    // Sinch: each status and reason from its reserved number, read back by number.
    for (n, words) in [
        (1, "ERROR: Internal error — Sinch failed internally"),
        (
            2,
            "DENIED: Fraud — Sinch's fraud rules refused to verify this number",
        ),
        (
            3,
            "DENIED: Not enough credit — the Sinch account has not enough credit",
        ),
        (
            4,
            "DENIED: Blocked — the number is blocked for this application",
        ),
        (
            5,
            "DENIED: Destination denied — Sinch does not deliver to this destination",
        ),
        (
            6,
            "FAIL: Network error or number unreachable — the network failed",
        ),
        (
            7,
            "FAIL: Failed pending — the verification failed while it was still pending",
        ),
        (
            8,
            "FAIL: SMS delivery failure — the SMS could not be delivered to the phone",
        ),
        (
            9,
            "FAIL: Hung up without entering valid code — the user hung up",
        ),
        (
            10,
            "FAIL: Invalid CLI — the number that called is not the one",
        ),
        (11, "FAIL: Invalid code — the code is not the one sent"),
        (12, "FAIL: Expired — the verification ran out of time"),
        (15, "ABORTED — replaced by a newer verification"),
        (16, "ERROR — the provider failed"),
    ] {
        let number = format!("+999100000{n:02}");
        send_to(&desktop, &number).await?;
        desktop
            .wait_for_text("[data-testid=pin-result]", |t| t.starts_with("Started sms"))
            .await?;
        let shown = sinch_status(&desktop, &number).await?;
        assert!(shown.starts_with(words), "{number}: {shown}");
    }
    // The callback reasons refuse the start, as a callback's deny does.
    for (n, reason) in [(13, "Denied by callback"), (14, "Invalid callback")] {
        let number = format!("+999100000{n}");
        send_to(&desktop, &number).await?;
        let error = desktop
            .wait_for_text("[data-testid=pin-error]", |t| t.contains("HTTP 403"))
            .await?;
        assert!(error.contains("a callback denied it"), "{error}");
        let shown = sinch_status(&desktop, &number).await?;
        assert!(
            shown.starts_with(&format!("DENIED: {reason} — ")),
            "{shown}"
        );
    }
    // HTTP errors from reserved numbers, in Sinch's body and in words.
    for (status, words) in [
        (402, "the Sinch account has not enough credit"),
        (422, "Sinch has no route to this destination"),
        (503, "the provider failed on its side"),
    ] {
        send_to(&desktop, &format!("+99910000{status}")).await?;
        let error = desktop
            .wait_for_text("[data-testid=pin-error]", |t| {
                t.contains(&format!("HTTP {status}"))
            })
            .await?;
        assert!(error.contains(words), "{error}");
    }
    // The faults form: a dropped connection, then an answer slower than the app waits.
    desktop.click("[data-testid=pin-tab-faults]").await?;
    desktop
        .type_into("[data-testid=pin-fault-to]", "+46700000990")
        .await?;
    select(&desktop, "[data-testid=pin-fault-kind]", "drop").await?;
    desktop.click("[data-testid=pin-fault-inject]").await?;
    desktop
        .wait_for_text("[data-testid=pin-fault-note]", |t| {
            t.contains("+46700000990")
        })
        .await?;
    send_to(&desktop, "+46700000990").await?;
    let error = desktop
        .wait_for_text("[data-testid=pin-error]", |t| t.contains("cannot reach"))
        .await?;
    assert!(error.contains("closed before the answer came"), "{error}");
    desktop.click("[data-testid=pin-tab-faults]").await?;
    desktop
        .type_into("[data-testid=pin-fault-to]", "+46700000991")
        .await?;
    select(&desktop, "[data-testid=pin-fault-kind]", "slow").await?;
    desktop
        .type_into("[data-testid=pin-fault-millis]", "20000")
        .await?;
    desktop.click("[data-testid=pin-fault-inject]").await?;
    desktop
        .wait_for_text("[data-testid=pin-fault-note]", |t| {
            t.contains("+46700000991")
        })
        .await?;
    send_to(&desktop, "+46700000991").await?;
    // The app gives up after 15 s.
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    let error = desktop
        .wait_for_text("[data-testid=pin-error]", |t| t.contains("no answer"))
        .await?;
    assert!(error.contains("the answer was too slow"), "{error}");

    // Infobip: send statuses, verify errors and an HTTP error from reserved numbers.
    select(&desktop, "[data-testid=pin-profile]", "Sandbox · Infobip").await?;
    desktop
        .wait_for_text("[data-testid=pin-template]", |t| t.contains("{{pin}}"))
        .await?;
    for (to, words) in [
        (
            "99920000001",
            "the SMS was not sent: the number lookup does not know this number",
        ),
        (
            "99920000002",
            "the SMS was not sent: the number lookup found the phone unreachable",
        ),
        (
            "99920000003",
            "the SMS was sent; number lookup is not configured for this account",
        ),
    ] {
        send_to(&desktop, to).await?;
        let shown = desktop
            .wait_for_text("[data-testid=pin-result]", |t| t.ends_with(words))
            .await?;
        assert!(shown.starts_with("pinId "), "{shown}");
    }
    for (to, words) in [
        ("99920000011", "WRONG_PIN — the PIN is not the one sent"),
        (
            "99920000012",
            "TTL_EXPIRED — the PIN expired; send a new one",
        ),
        (
            "99920000013",
            "NO_MORE_PIN_ATTEMPTS — the PIN's attempts are used up",
        ),
    ] {
        send_to(&desktop, to).await?;
        desktop
            .wait_for_text("[data-testid=pin-result]", |t| t.contains(" MESSAGE_SENT "))
            .await?;
        desktop.click("[data-testid=pin-tab-verify]").await?;
        desktop
            .type_into("[data-testid=pin-code]", "123456")
            .await?;
        desktop.click("[data-testid=pin-verify]").await?;
        desktop
            .wait_for_text("[data-testid=pin-result]", |t| t.contains(words))
            .await?;
    }
    send_to(&desktop, "99920000429").await?;
    let error = desktop
        .wait_for_text("[data-testid=pin-error]", |t| t.contains("HTTP 429"))
        .await?;
    assert!(error.contains("an application limit is reached"), "{error}");
    desktop.screenshot("pin-failures").await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_callback_denied_in_the_console_turns_the_verification_into_denied() -> anyhow::Result<()>
{
    let folder = tempfile::tempdir()?;
    let desktop = console(folder.path()).await?;
    desktop.click("[data-testid=pin-tab-callbacks]").await?;
    select(&desktop, "[data-testid=pin-callback-rule]", "ask").await?;
    desktop.click("[data-testid=pin-callback-start]").await?;
    desktop
        .wait_for_text("[data-testid=pin-callback-url]", |t| {
            t.contains("http://127.0.0.1:") && t.contains("the built-in sandbox calls it")
        })
        .await?;
    // The start waits for the administrator's answer.
    send_to(&desktop, "+46700000970").await?;
    desktop.click("[data-testid=pin-tab-callbacks]").await?;
    let signature = desktop
        .wait_for_text("[data-testid=pin-callback-signature]", |t| !t.is_empty())
        .await?;
    assert_eq!(signature, "signature verified");
    desktop.click("[data-testid=pin-callback-deny]").await?;
    desktop
        .wait_for_text("[data-testid=pin-callback-answer]", |t| {
            t.contains("deny") && t.contains("administrator")
        })
        .await?;
    let error = desktop
        .wait_for_text("[data-testid=pin-error]", |t| t.contains("HTTP 403"))
        .await?;
    assert!(error.contains("40303"), "{error}");
    let shown = sinch_status(&desktop, "+46700000970").await?;
    assert!(
        shown.starts_with("DENIED: Denied by callback — your callback answered deny"),
        "{shown}"
    );
    // The result event arrived too, signed.
    desktop.click("[data-testid=pin-tab-callbacks]").await?;
    desktop
        .wait_for_count("[data-testid=pin-callback-event]", 2)
        .await?;
    desktop.screenshot("pin-callbacks").await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_button_shows_for_administrators_only() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", folder.path().to_str().unwrap())]).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.find("[data-testid=lock]").await?;
    assert_eq!(desktop.count("[data-testid=open-pins]").await?, 0);
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-admin-tools]").await?;
    desktop.wait_for_count("[data-testid=open-pins]", 1).await?;
    desktop.close().await
}
