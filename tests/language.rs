//! The window speaks the user's language: the desktop's by default, the one
//! chosen in the settings otherwise; and the pseudo-locale (accented, 40 %
//! longer) runs through every screen, the PIN console's too, to catch text cut
//! off or spilling out.

use std::path::Path;

use watchword_e2e::{Desktop, vault_in};

const GITHUB: &str =
    "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const BANK: &str = "otpauth://hotp/Bank:carol?secret=BASE32SECRET3232&counter=1401&issuer=Bank";

async fn launch(dir: &Path, env: &[(&str, &str)]) -> anyhow::Result<Desktop> {
    let mut all = vec![("WATCHWORD_DIR", dir.to_str().unwrap())];
    all.extend_from_slice(env);
    Desktop::launch(&all).await
}

/// Text that does not fit: an element (not one made to end in "…") whose
/// content is wider than itself, or that reaches past the window's edge.
async fn overflowing(desktop: &Desktop) -> anyhow::Result<Vec<String>> {
    let found = desktop
        .client
        .execute(
            r#"const out = [];
            for (const e of document.querySelectorAll("button, label, legend, h1, h2, h3, p, summary, .field-label, .tab")) {
              if (e.closest("[inert]") || getComputedStyle(e).textOverflow === "ellipsis" || !e.getClientRects().length) continue;
              const what = `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}"`;
              if (e.scrollWidth > e.clientWidth + 1) out.push(`${what} ${e.scrollWidth}>${e.clientWidth}`);
              else if (e.getBoundingClientRect().right > document.documentElement.clientWidth + 1) out.push(`${what} past the window's edge`);
            }
            return out;"#,
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

async fn assert_fits(desktop: &Desktop, screen: &str) -> anyhow::Result<()> {
    let found = overflowing(desktop).await?;
    anyhow::ensure!(
        found.is_empty(),
        "{screen}: text spills out:\n{}",
        found.join("\n")
    );
    desktop.screenshot(&format!("pseudo-{screen}")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desktops_language_is_the_default_and_the_settings_change_it() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let desktop = launch(
        folder.path(),
        &[("LANG", "fr_FR.UTF-8"), ("LANGUAGE", "fr_FR:fr")],
    )
    .await?;
    desktop
        .wait_for_text("[data-testid=welcome] h2", |t| {
            t == "Bienvenue dans Watchword"
        })
        .await?;
    assert_eq!(
        desktop
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await?,
        "fr"
    );
    // Chosen in the settings: German, at once and at the next start.
    desktop.click("[data-testid=open-settings]").await?;
    let select = desktop.find("[data-testid=settings-language]").await?;
    select.select_by_value("de").await?;
    desktop
        .wait_for_text("[data-testid=settings-dialog] h2", |t| t == "Einstellungen")
        .await?;
    desktop.close().await?;
    let desktop = launch(folder.path(), &[("LANG", "fr_FR.UTF-8")]).await?;
    desktop
        .wait_for_text("[data-testid=welcome] h2", |t| {
            t == "Willkommen bei Watchword"
        })
        .await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pseudo_locale_fits_every_screen() -> anyhow::Result<()> {
    let fresh = tempfile::tempdir()?;
    std::fs::write(
        fresh.path().join("settings.json"),
        r#"{"language":"pseudo"}"#,
    )?;
    let desktop = launch(fresh.path(), &[]).await?;
    desktop
        .wait_for_text("[data-testid=welcome] h2", |t| t.starts_with("[Ŵéļçömé"))
        .await?;
    assert_fits(&desktop, "welcome").await?;
    desktop.close().await?;

    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), false, Some("pass phrase"), &[GITHUB, BANK]);
    std::fs::write(
        folder.path().join("settings.json"),
        r#"{"language":"pseudo"}"#,
    )?;
    let desktop = launch(folder.path(), &[]).await?;
    desktop.find("[data-testid=passphrase]").await?;
    assert_fits(&desktop, "lock").await?;
    desktop
        .type_into("[data-testid=passphrase]", "pass phrase")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    assert_fits(&desktop, "list").await?;
    desktop.click("[data-testid=add]").await?;
    assert_fits(&desktop, "add").await?;
    desktop.click("[data-testid=add-manual]").await?;
    assert_fits(&desktop, "manual").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=more]").await?;
    desktop.click("[data-testid=edit-qr]").await?;
    assert_fits(&desktop, "edit").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop
        .find("[data-testid=at-hand] [data-testid=settings-start-at-login]")
        .await?;
    assert_fits(&desktop, "settings").await?;
    desktop.click("[data-testid=settings-export]").await?;
    assert_fits(&desktop, "export").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-import]").await?;
    assert_fits(&desktop, "import").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.close().await?;

    // The PIN console, against the built-in sandbox: its forms, a provider's
    // answer (said from its kind and codes), the faults, the profile form and
    // Infobip's applications.
    let admin = tempfile::tempdir()?;
    vault_in(admin.path(), true, None, &[]);
    std::fs::write(
        admin.path().join("settings.json"),
        r#"{"language":"pseudo","adminTools":true}"#,
    )?;
    let desktop = launch(admin.path(), &[]).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop
        .wait_for_text("[data-testid=pin-profile]", |t| {
            t.contains("Sandbox · Sinch")
        })
        .await?;
    desktop.click("[data-testid=pin-send]").await?;
    desktop
        .wait_for_text("[data-testid=pin-result]", |t| t.starts_with("[Šţàŕţéđ"))
        .await?;
    assert_fits(&desktop, "pins").await?;
    desktop.click("[data-testid=pin-tab-faults]").await?;
    assert_fits(&desktop, "pins-faults").await?;
    desktop.click("[data-testid=pin-add-profile]").await?;
    desktop.find("[data-testid=pin-profile-form]").await?;
    assert_fits(&desktop, "pins-profile").await?;
    desktop.click("[data-testid=pin-add-profile]").await?;
    desktop
        .find("[data-testid=pin-profile]")
        .await?
        .select_by_value("Sandbox · Infobip")
        .await?;
    desktop.click("[data-testid=pin-tab-apps]").await?;
    desktop
        .wait_for_count("[data-testid=pin-app-row]", 1)
        .await?;
    assert_fits(&desktop, "pins-infobip").await?;
    desktop.close().await
}
