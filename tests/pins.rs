//! The PIN console in the real window, against the built-in sandbox the app starts:
//! a Sinch SMS sent, read off the sandbox phone, checked wrong then right; an Infobip
//! PIN through the auto-created application; an Infobip application and template made in
//! the console, a PIN sent with them and resent; an Auth365 soft token enrolled through
//! the QR preview whose code then validates on the server, then is listed and deleted.

use watchword_e2e::{Desktop, vault_in};

async fn launch(dir: &std::path::Path) -> anyhow::Result<Desktop> {
    // The console's button shows for administrators (issue 18).
    std::fs::write(dir.join("settings.json"), r#"{"adminTools": true}"#)?;
    Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await
}

async fn pick_profile(desktop: &Desktop, name: &str) -> anyhow::Result<()> {
    // The profiles arrive once the sandbox has started.
    desktop
        .wait_for_text("[data-testid=pin-profile]", |t| t.contains(name))
        .await?;
    desktop
        .find("[data-testid=pin-profile]")
        .await?
        .select_by_value(name)
        .await?;
    Ok(())
}

/// The newest code on the sandbox phone, once `count` messages have arrived.
async fn newest_code(desktop: &Desktop, count: usize) -> anyhow::Result<String> {
    desktop
        .wait_for_count("[data-testid=pin-outbox-item]", count)
        .await?;
    // Newest first.
    Ok(desktop
        .text("[data-testid=pin-outbox-code]")
        .await?
        .trim()
        .to_owned())
}

fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                ((c as u8) + 1) as char
            }
        })
        .collect()
}

/// A hex PIN of the same length that is not `code`.
fn other_hex(code: &str) -> String {
    code.chars()
        .map(|c| if c == '0' { '1' } else { '0' })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sinch_sms_is_sent_read_off_the_sandbox_phone_and_verified() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    desktop
        .wait_for_text("[data-testid=pin-profile]", |t| {
            t.contains("Sandbox · Sinch")
        })
        .await?;

    desktop
        .type_into("[data-testid=pin-to]", "+46701234567")
        .await?;
    desktop.click("[data-testid=pin-send]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.starts_with("Started sms verification")
        })
        .await?;
    let code = newest_code(&desktop, 1).await?;
    assert!(
        code.len() >= 4 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );

    desktop.click("[data-testid=pin-tab-verify]").await?;
    desktop
        .type_into("[data-testid=pin-code]", &wrong(&code))
        .await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.starts_with("FAIL: Invalid code")
        })
        .await?;
    desktop.type_into("[data-testid=pin-code]", &code).await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.starts_with("SUCCESSFUL"))
        .await?;

    desktop.click("[data-testid=pin-tab-status]").await?;
    desktop.click("[data-testid=pin-status]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.starts_with("SUCCESSFUL"))
        .await?;

    // Start, wrong report, right report, status: four exchanges, none showing the code
    // or the application secret.
    desktop
        .wait_for_count("[data-testid=pin-exchange]", 4)
        .await?;
    let log = desktop
        .find("[data-testid=pin-exchanges]")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    assert!(log.contains("/verification/v1/verifications"), "{log}");
    assert!(log.contains("Application [redacted]"), "{log}");
    assert!(
        !log.contains(&code),
        "the exchange log shows the PIN: {log}"
    );
    desktop.screenshot("pin-console").await?;
    desktop.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_infobip_pin_goes_through_the_default_application() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    pick_profile(&desktop, "Sandbox · Infobip").await?;
    desktop
        .wait_for_text("[data-testid=pin-template]", |t| t.contains("{{pin}}"))
        .await?;
    desktop
        .type_into("[data-testid=pin-to]", "46701112233")
        .await?;
    desktop.click("[data-testid=pin-send]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.contains(" MESSAGE_SENT "))
        .await?;
    let code = newest_code(&desktop, 1).await?;
    desktop.click("[data-testid=pin-tab-verify]").await?;
    desktop.type_into("[data-testid=pin-code]", &code).await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t == "Verified")
        .await?;
    desktop.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_infobip_application_and_template_made_in_the_console_send_and_resend()
-> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    pick_profile(&desktop, "Sandbox · Infobip").await?;
    desktop
        .wait_for_text("[data-testid=pin-template]", |t| t.contains("{{pin}}"))
        .await?;

    // An application with Infobip's configuration fields: two attempts, one verification
    // only, and a verify limit loose enough to check three times in a row.
    desktop.click("[data-testid=pin-tab-apps]").await?;
    desktop
        .wait_for_count("[data-testid=pin-app-row]", 1)
        .await?;
    desktop
        .type_into("[data-testid=pin-app-name]", "Checkout")
        .await?;
    desktop
        .type_into("[data-testid=pin-app-attempts]", "2")
        .await?;
    desktop
        .type_into("[data-testid=pin-app-ttl]", "10m")
        .await?;
    desktop
        .type_into("[data-testid=pin-app-verify-limit]", "10/1s")
        .await?;
    desktop
        .type_into("[data-testid=pin-app-app-limit]", "100/1d")
        .await?;
    desktop
        .type_into("[data-testid=pin-app-number-limit]", "5/1d")
        .await?;
    desktop.click("[data-testid=pin-app-multiple]").await?;
    desktop.click("[data-testid=pin-app-save]").await?;
    desktop
        .wait_for_text(
            "[data-testid=pin-infobip-result], [data-testid=pin-infobip-error]",
            |t| t.starts_with("Created application Checkout ("),
        )
        .await?;
    desktop
        .wait_for_count("[data-testid=pin-app-row]", 2)
        .await?;

    // A template in it with every field; the list is read back from the sandbox.
    // Appended to the default text, which holds the {{pin}} placeholder already.
    desktop
        .find("[data-testid=pin-template-text]")
        .await?
        .send_keys(" at Checkout")
        .await?;
    desktop
        .find("[data-testid=pin-template-type]")
        .await?
        .select_by_value("HEX")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-length]", "8")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-sender]", "CheckoutCo")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-language]", "de")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-voice]", "Hans")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-dtmf]", "1#")
        .await?;
    desktop.screenshot("pin-infobip").await?;
    desktop
        .assert_accessible("PIN console: Infobip applications")
        .await?;
    desktop
        .type_into("[data-testid=pin-template-rate]", "2")
        .await?;
    desktop.click("[data-testid=pin-template-save]").await?;
    desktop
        .wait_for_text(
            "[data-testid=pin-infobip-result], [data-testid=pin-infobip-error]",
            |t| t.starts_with("Created template "),
        )
        .await?;
    desktop
        .wait_for_text("[data-testid=pin-template-row]", |t| {
            t.contains("Your code is {{pin}} at Checkout · HEX 8 · from CheckoutCo · de · voice Hans · repeat 1# · rate 2")
        })
        .await?;

    // The send form now uses them: the phone gets the new text with an 8-digit hex PIN.
    desktop.click("[data-testid=pin-tab-send]").await?;
    desktop
        .wait_for_text("[data-testid=pin-template]", |t| t.contains("at Checkout"))
        .await?;
    desktop
        .type_into("[data-testid=pin-to]", "46701112244")
        .await?;
    desktop.click("[data-testid=pin-send]").await?;
    let sent = desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.contains(" MESSAGE_SENT"))
        .await?;
    let code = newest_code(&desktop, 1).await?;
    assert_eq!(code.len(), 8, "{code}");
    assert!(code.chars().all(|c| c.is_ascii_hexdigit()), "{code}");
    let text = desktop.text("[data-testid=pin-outbox-item]").await?;
    assert!(text.contains("at Checkout"), "{text}");

    // Resend: the same pinId, the same PIN on the phone again.
    let pin_id = sent
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let same = format!("pinId {pin_id} MESSAGE_SENT");
    desktop.click("[data-testid=pin-tab-verify]").await?;
    desktop.click("[data-testid=pin-resend]").await?;
    assert_eq!(newest_code(&desktop, 2).await?, code);
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.starts_with(&same))
        .await?;

    // pinAttempts 2: one wrong leaves one; allowMultiplePinVerifications off: a second
    // right verification is refused.
    desktop
        .type_into("[data-testid=pin-code]", &other_hex(&code))
        .await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.starts_with("Not verified: WRONG_PIN") && t.contains("(1 attempt left)")
        })
        .await?;
    desktop.type_into("[data-testid=pin-code]", &code).await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t == "Verified")
        .await?;
    desktop.click("[data-testid=pin-verify]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.starts_with("Not verified: NO_MORE_PIN_ATTEMPTS")
        })
        .await?;
    desktop.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auth365_soft_token_is_enrolled_by_its_qr_code_and_validates_on_the_server()
-> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    pick_profile(&desktop, "Sandbox · Auth365").await?;
    desktop.click("[data-testid=pin-tab-softtoken]").await?;
    desktop.click("[data-testid=pin-softtoken-create]").await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(
        candidate.contains("Watchword Sandbox") && candidate.contains("alice"),
        "{candidate}"
    );
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;

    let shown: String = desktop
        .text("[data-testid=code]")
        .await?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(shown.len(), 6, "{shown}");
    desktop
        .type_into("[data-testid=pin-softtoken-code]", &shown)
        .await?;
    desktop
        .click("[data-testid=pin-softtoken-validate]")
        .await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t == "Valid")
        .await?;
    // The same code again is a replay.
    desktop
        .click("[data-testid=pin-softtoken-validate]")
        .await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.starts_with("Not valid"))
        .await?;
    // The server lists the user's token (no secret) and deletes it.
    desktop.click("[data-testid=pin-softtoken-list]").await?;
    desktop
        .wait_for_text("[data-testid=pin-softtoken-row]", |t| {
            t.contains("SHA1 6 digits / 30 s")
        })
        .await?;
    assert_eq!(desktop.count("[data-testid=pin-softtoken-row]").await?, 1);
    desktop.click("[data-testid=pin-softtoken-delete]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| {
            t.starts_with("Soft token ") && t.ends_with(" deleted")
        })
        .await?;
    desktop.find("[data-testid=pin-softtoken-none]").await?;
    desktop.close().await?;
    Ok(())
}
