//! Moving accounts in and out in the real window: the import wizard on a real Aegis
//! export (encrypted, password asked for), duplicates on a second import, an export
//! through the real GTK save dialog read back by the CLI, and automatic backups
//! turned on from the settings.

use std::path::Path;
use std::process::Command;

use watchword_e2e::{Desktop, pick_in_file_dialog, vault_in};

/// True (and says so) when `../shared/peer-data` is absent, as in an outside
/// contributor's clone: the tests that read the other apps' real files skip.
fn skip_without_peer_data() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-data");
    let absent = !dir.is_dir();
    if absent {
        eprintln!(
            "skipped: {} is absent (the shared peer test data)",
            dir.display()
        );
    }
    absent
}

fn peer(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/peer-data")
        .join(file)
}

async fn launch(dir: &Path) -> anyhow::Result<Desktop> {
    Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    let bin = std::env::var("WATCHWORD_CLI_BIN").expect("run through `make test-e2e`");
    Command::new(bin)
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .output()
        .unwrap()
}

async fn pick(
    desktop: &Desktop,
    button: &str,
    title: &'static str,
    path: std::path::PathBuf,
) -> anyhow::Result<()> {
    desktop.click(button).await?;
    tokio::task::spawn_blocking(move || pick_in_file_dialog(title, &path)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_aegis_export_is_imported_through_the_wizard_once() -> anyhow::Result<()> {
    if skip_without_peer_data() {
        return Ok(());
    }
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=add]").await?;
    desktop.click("[data-testid=add-import]").await?;
    desktop.find("[data-testid=import-wizard]").await?;

    pick(
        &desktop,
        "[data-testid=import-pick]",
        "Import accounts",
        peer("aegis/aegis_encrypted.json"),
    )
    .await?;
    desktop
        .wait_for_text("[data-testid=import-error]", |t| t.contains("encrypted"))
        .await?;
    desktop
        .type_into("[data-testid=import-password]", "not it")
        .await?;
    desktop.click("[data-testid=import-read]").await?;
    desktop
        .wait_for_text("[data-testid=import-error]", |t| {
            t.starts_with("Wrong password")
        })
        .await?;
    desktop
        .type_into("[data-testid=import-password]", "test")
        .await?;
    desktop.click("[data-testid=import-read]").await?;
    let summary = desktop.text("[data-testid=import-summary]").await?;
    assert!(summary.starts_with("Aegis: 7 new, 0 already"), "{summary}");
    desktop.screenshot("import").await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| {
            t == "Imported 7 accounts."
        })
        .await?;
    desktop.wait_for_count("[data-testid=account]", 7).await?;

    // The same file again: everything is already there.
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-import]").await?;
    pick(
        &desktop,
        "[data-testid=import-pick]",
        "Import accounts",
        peer("aegis/aegis_encrypted.json"),
    )
    .await?;
    desktop
        .type_into("[data-testid=import-password]", "test")
        .await?;
    desktop.click("[data-testid=import-read]").await?;
    let summary = desktop.text("[data-testid=import-summary]").await?;
    assert!(summary.starts_with("Aegis: 0 new, 7 already"), "{summary}");
    assert!(
        !desktop
            .find("[data-testid=preview-confirm]")
            .await?
            .is_enabled()
            .await?
    );
    desktop.close().await?;

    let listed: serde_json::Value =
        serde_json::from_slice(&cli(folder.path(), &["list", "--json"]).stdout)?;
    assert_eq!(listed.as_array().unwrap().len(), 7);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_aegis_export_saved_in_the_dialog_imports_elsewhere() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(
        folder.path(),
        true,
        None,
        &[
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=3&issuer=Bank",
        ],
    );
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-export]").await?;
    desktop
        .find("[data-testid=export-format]")
        .await?
        .select_by_value("aegis")
        .await?;
    desktop.find("[data-testid=export-plain-warning]").await?;
    desktop
        .type_into("[data-testid=export-password]", "export pw")
        .await?;
    desktop
        .type_into("[data-testid=export-repeat]", "export pw")
        .await?;
    assert_eq!(
        desktop.count("[data-testid=export-plain-warning]").await?,
        0,
        "an encrypted export warns of nothing"
    );
    let out = folder.path().join("aegis-out.json");
    pick(
        &desktop,
        "[data-testid=export-save]",
        "Export accounts",
        out.clone(),
    )
    .await?;
    desktop
        .wait_for_text("[data-testid=export-done]", |t| {
            t.contains("aegis-out.json")
        })
        .await?;
    desktop.close().await?;

    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out)?.permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(&out)?;
    assert!(
        !text.contains("JBSWY3DPEHPK3PXP"),
        "the export is encrypted"
    );

    let elsewhere = tempfile::tempdir()?;
    vault_in(elsewhere.path(), true, None, &[]);
    let password = elsewhere.path().join("pw");
    std::fs::write(&password, "export pw\n")?;
    let imported = cli(
        elsewhere.path(),
        &[
            "import",
            out.to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
            "--yes",
        ],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let listed: serde_json::Value =
        serde_json::from_slice(&cli(elsewhere.path(), &["list", "--json"]).stdout)?;
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["GitHub", "Bank"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn automatic_backups_turned_on_in_settings_follow_every_change() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(
        folder.path(),
        true,
        None,
        &["otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"],
    );
    let synced = folder.path().join("synced");
    std::fs::create_dir(&synced)?;
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop.click("[data-testid=open-settings]").await?;
    pick(
        &desktop,
        "[data-testid=auto-backup-folder]",
        "Folder for automatic backups",
        synced.clone(),
    )
    .await?;
    desktop
        .type_into("[data-testid=auto-backup-passphrase]", "backup pw")
        .await?;
    desktop
        .type_into("[data-testid=auto-backup-repeat]", "backup pw")
        .await?;
    desktop.click("[data-testid=auto-backup-on]").await?;
    desktop
        .wait_for_text("[data-testid=auto-backup-state]", |t| {
            t.contains("1 there now")
        })
        .await?;
    desktop.click("[data-testid=close]").await?;

    // A change in the window (a new account by link) writes the next backup.
    desktop.click("[data-testid=add]").await?;
    desktop
        .type_into(
            "[data-testid=add-link]",
            "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab",
        )
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.close().await?;

    let mut backups: Vec<_> = std::fs::read_dir(&synced)?
        .map(|e| e.unwrap().path())
        .collect();
    backups.sort();
    assert_eq!(backups.len(), 2, "{backups:?}");
    let password = folder.path().join("pw");
    std::fs::write(&password, "backup pw\n")?;
    let elsewhere = tempfile::tempdir()?;
    vault_in(elsewhere.path(), true, None, &[]);
    let out = cli(
        elsewhere.path(),
        &[
            "import",
            backups[1].to_str().unwrap(),
            "--password-file",
            password.to_str().unwrap(),
            "--yes",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value =
        serde_json::from_slice(&cli(elsewhere.path(), &["list", "--json"]).stdout)?;
    assert_eq!(
        listed.as_array().unwrap().len(),
        2,
        "the newest backup holds both accounts"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_backup_reminder_returns_after_a_new_account_and_ends_when_backups_are_on()
-> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(
        folder.path(),
        true,
        None,
        &["otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"],
    );
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop.find("[data-testid=backup-reminder]").await?;
    desktop
        .click("[data-testid=backup-reminder-dismiss]")
        .await?;
    desktop
        .wait_for_count("[data-testid=backup-reminder]", 0)
        .await?;
    desktop.close().await?;

    // Set aside for good, across launches, until an account arrives.
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(desktop.count("[data-testid=backup-reminder]").await?, 0);
    desktop.click("[data-testid=add]").await?;
    desktop
        .type_into(
            "[data-testid=add-link]",
            "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab",
        )
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.find("[data-testid=backup-reminder]").await?;
    desktop.screenshot("backup-reminder").await?;

    // "Set up backups" opens the backup dialog itself; once on, the note goes.
    let synced = folder.path().join("synced");
    std::fs::create_dir(&synced)?;
    desktop.click("[data-testid=backup-reminder-setup]").await?;
    desktop.find("[data-testid=backups-dialog]").await?;
    desktop.find("[data-testid=passphrase-help]").await?;
    pick(
        &desktop,
        "[data-testid=auto-backup-folder]",
        "Folder for automatic backups",
        synced.clone(),
    )
    .await?;
    desktop
        .type_into("[data-testid=auto-backup-passphrase]", "backup pw")
        .await?;
    desktop
        .type_into("[data-testid=auto-backup-repeat]", "backup pw")
        .await?;
    desktop.click("[data-testid=auto-backup-on]").await?;
    desktop
        .wait_for_text("[data-testid=auto-backup-state]", |t| {
            t.contains("1 there now")
        })
        .await?;
    desktop.click("[data-testid=close]").await?;
    desktop
        .wait_for_count("[data-testid=backup-reminder]", 0)
        .await?;
    desktop.close().await?;
    Ok(())
}
