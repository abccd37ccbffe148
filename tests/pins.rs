//! The PIN console in the real window, against the built-in sandbox the app starts:
//! a Sinch SMS sent, read off the sandbox phone, checked wrong then right; an Infobip
//! PIN through the auto-created application; an Auth365 soft token enrolled through the
//! QR preview whose code then validates on the server.

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
    desktop.close().await?;
    Ok(())
}
