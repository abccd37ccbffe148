//! The real window: it opens, loads the embedded UI, reaches the Rust side
//! through the capability-restricted IPC, and unlocks and lists the vault.

use fantoccini::Locator;
use watchword_core::{OtpAccount, Unlock, Vault, VaultDir};
use watchword_e2e::{Desktop, now, vault_in};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_creates_a_keyring_vault_and_shows_the_welcome() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let dir = folder.path().to_str().unwrap();
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", dir)]).await?;
    assert_eq!(desktop.client.title().await?, "Watchword");

    let empty = desktop.find("[data-testid=welcome]").await?;
    assert!(empty.text().await?.contains("Welcome to Watchword"));

    // The version comes from the `about` command: proof that IPC works and
    // that the capability file allows the app's own commands.
    desktop
        .find("[data-testid=open-settings]")
        .await?
        .click()
        .await?;
    let about = desktop.find("[data-testid=about]").await?;
    assert!(
        about
            .text()
            .await?
            .starts_with(&format!("Watchword {}:", env!("CARGO_PKG_VERSION"))),
        "{}",
        about.text().await?
    );
    desktop.screenshot("settings").await?;
    desktop.find("[data-testid=close]").await?.click().await?;

    // The page cannot reach Tauri through a global: withGlobalTauri is false.
    let global = desktop
        .client
        .execute("return typeof window.__TAURI__;", vec![])
        .await?;
    assert_eq!(global, serde_json::json!("undefined"));
    // Only the app's own commands are allowed: a plugin's command is refused
    // even through Tauri's internal bridge.
    let refused = desktop
        .client
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('plugin:dialog|open', {options: {}})
               .then(() => 'allowed', (e) => String(e));",
            vec![],
        )
        .await?;
    assert!(
        refused.as_str().unwrap_or("").contains("not allowed"),
        "{refused}"
    );
    desktop.find("[data-testid=welcome]").await?;
    desktop.screenshot("empty").await?;
    // The welcome leads to the import wizard and to backups directly.
    desktop.click("[data-testid=welcome-import]").await?;
    desktop.find("[data-testid=import-wizard]").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=welcome-backups]").await?;
    desktop.find("[data-testid=auto-backup-folder]").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.close().await?;

    // The vault now exists and opens through the keyring alone.
    let vault = Vault::open(
        &VaultDir::new(dir),
        &Unlock {
            keyring: true,
            passphrase: None,
        },
    )?;
    assert!(vault.has_keyring_slot() && !vault.has_passphrase_slot());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn keyring_vault_lists_accounts_with_the_same_codes_as_the_core() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let github = "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP";
    let bank = "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=1401";
    vault_in(folder.path(), true, None, &[github, bank]);

    let desktop = Desktop::launch(&[("WATCHWORD_DIR", folder.path().to_str().unwrap())]).await?;
    desktop.find("[data-testid=accounts]").await?;
    let before = now();
    let rows = desktop
        .client
        .find_all(Locator::Css("[data-testid=account]"))
        .await?;
    let after = now();
    desktop.screenshot("list-plain").await?;
    assert_eq!(rows.len(), 2);

    // textContent: WebKitWebDriver reports "" as the visible text of a
    // single-line ellipsis box even when it is drawn (see docs/screenshots/list.png).
    let issuer = rows[0]
        .find(Locator::Css("[data-testid=issuer]"))
        .await?
        .prop("textContent")
        .await?;
    let name = rows[0]
        .find(Locator::Css("[data-testid=name]"))
        .await?
        .prop("textContent")
        .await?;
    assert_eq!(
        (issuer.as_deref(), name.as_deref()),
        (Some("GitHub"), Some("alice@example.com"))
    );
    let shown = rows[0].find(Locator::Css("[data-testid=code]")).await?;
    let code = shown.attr("data-code").await?.unwrap();
    let token = OtpAccount::parse(github)?.token;
    let expected: Vec<String> = (before.saturating_sub(1)..=after)
        .map(|t| token.code_at(t).to_string())
        .collect();
    assert!(expected.contains(&code), "{code} not in {expected:?}");
    assert_eq!(
        shown.text().await?,
        format!("{} {}", &code[..3], &code[3..]),
        "grouped for reading"
    );

    let hotp = rows[1].find(Locator::Css("[data-testid=code]")).await?;
    assert_eq!(hotp.attr("data-code").await?.as_deref(), Some("316439"));
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn passphrase_vault_shows_the_lock_screen_and_rejects_a_wrong_passphrase()
-> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(
        folder.path(),
        false,
        Some("correct horse"),
        &["otpauth://totp/Proton:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"],
    );
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", folder.path().to_str().unwrap())]).await?;

    let input = desktop.find("[data-testid=passphrase]").await?;
    input.send_keys("wrong horse").await?;
    desktop
        .find("[data-testid=passphrase-submit]")
        .await?
        .click()
        .await?;
    let error = desktop.find("[data-testid=passphrase-error]").await?;
    assert_eq!(error.text().await?, "Wrong passphrase.");
    desktop.screenshot("lock").await?;

    input.clear().await?;
    input.send_keys("correct horse").await?;
    desktop
        .find("[data-testid=passphrase-submit]")
        .await?
        .click()
        .await?;
    assert_eq!(desktop.text("[data-testid=issuer]").await?, "Proton");
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_without_a_keyring_asks_for_a_passphrase() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let dir = folder.path().to_str().unwrap();
    let desktop = Desktop::launch(&[
        ("WATCHWORD_DIR", dir),
        ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
    ])
    .await?;
    let note = desktop.find("[data-testid=passphrase-note]").await?;
    let note = note.text().await?;
    assert!(note.starts_with("The OS keyring is unavailable"), "{note}");
    assert!(
        !note.contains("--passphrase-file"),
        "no CLI flags in the window: {note}"
    );
    // What the passphrase protects, and that forgetting it loses the codes.
    let help = desktop.text("[data-testid=passphrase-help]").await?;
    assert!(
        help.contains("If you forget it, your codes are lost unless you have a backup"),
        "{help}"
    );
    desktop
        .find("[data-testid=passphrase]")
        .await?
        .send_keys("new vault pw")
        .await?;
    desktop
        .find("[data-testid=passphrase-repeat]")
        .await?
        .send_keys("new vault pw")
        .await?;
    desktop
        .find("[data-testid=passphrase-submit]:enabled")
        .await?;
    desktop.screenshot("setup").await?;
    desktop
        .find("[data-testid=passphrase-submit]")
        .await?
        .click()
        .await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.close().await?;

    let status = Vault::status(&VaultDir::new(dir))?;
    assert!(status.exists && status.passphrase_slot && !status.keyring_slot);
    Ok(())
}
