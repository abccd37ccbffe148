//! Every end-user flow in the real window: enrolling (link, manual form,
//! image file through the real GTK file dialog, deep link into the running
//! instance), copying with the clipboard cleared, search and keyboard,
//! edit/delete/undo and the QR code, lock and unlock, settings and themes.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fantoccini::key::Key;
use watchword_core::{OtpAccount, Unlock, Vault, VaultDir};
use watchword_e2e::{Desktop, now, pick_in_file_dialog, vault_in};

const GITHUB: &str =
    "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const BANK: &str = "otpauth://hotp/Bank:carol?secret=BASE32SECRET3232&counter=1401&issuer=Bank";

fn launch_env(dir: &Path) -> Vec<(&'static str, String)> {
    vec![("WATCHWORD_DIR", dir.to_str().unwrap().to_owned())]
}

async fn launch(dir: &Path) -> anyhow::Result<Desktop> {
    let env = launch_env(dir);
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Desktop::launch(&pairs).await
}

/// The `watchword` CLI next to the app (the Makefile sets WATCHWORD_CLI_BIN).
fn cli(dir: &Path, args: &[&str]) -> String {
    let bin = std::env::var("WATCHWORD_CLI_BIN")
        .expect("WATCHWORD_CLI_BIN is not set: run these tests through `make test-e2e`");
    let out = Command::new(bin)
        .args(args)
        .env("WATCHWORD_DIR", dir)
        .output()
        .expect("run watchword");
    assert!(
        out.status.success(),
        "watchword {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The code the window shows for the first row whose issuer is `issuer`.
async fn shown_code(desktop: &Desktop, issuer: &str) -> anyhow::Result<String> {
    for row in desktop
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=account]"))
        .await?
    {
        let name = row
            .find(fantoccini::Locator::Css("[data-testid=issuer]"))
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        if name.trim() == issuer {
            let code = row
                .find(fantoccini::Locator::Css("[data-testid=code]"))
                .await?;
            return Ok(code.attr("data-code").await?.unwrap_or_default());
        }
    }
    anyhow::bail!("no row for {issuer}")
}

/// The window's code and the CLI's code for the same account at the same
/// second: both read again if a period rolled over between them.
async fn assert_same_code_as_cli(
    desktop: &Desktop,
    dir: &Path,
    issuer: &str,
) -> anyhow::Result<()> {
    for _ in 0..3 {
        let before = now();
        let shown = shown_code(desktop, issuer).await?;
        let cli_code = cli(dir, &["code", issuer, "--at", &before.to_string()]);
        if now() == before || shown == cli_code {
            assert_eq!(shown, cli_code, "window and CLI differ for {issuer}");
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    anyhow::bail!("the codes kept rolling over while comparing")
}

fn clipboard_text() -> Option<String> {
    arboard::Clipboard::new().ok()?.get_text().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn pasting_a_link_enrolls_it_and_the_code_matches_the_cli() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;

    desktop.click("[data-testid=add]").await?;
    desktop
        .type_into("[data-testid=add-link]", "https://example.com/not-a-code")
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    let error = desktop.text("[data-testid=add-error]").await?;
    assert!(error.contains("Not an authenticator code"), "{error}");

    desktop.type_into("[data-testid=add-link]", GITHUB).await?;
    desktop.screenshot("add").await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(
        candidate.contains("GitHub") && candidate.contains("alice@example.com"),
        "{candidate}"
    );
    desktop.screenshot("preview").await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| t == "Added 1 account.")
        .await?;
    assert_eq!(desktop.text("[data-testid=issuer]").await?, "GitHub");
    assert_same_code_as_cli(&desktop, folder.path(), "GitHub").await?;

    // The same link again is recognised as already there: nothing to add.
    desktop.click("[data-testid=add]").await?;
    desktop.type_into("[data-testid=add-link]", GITHUB).await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    desktop.find("[data-testid=duplicate]").await?;
    assert!(
        !desktop
            .find("[data-testid=preview-confirm]")
            .await?
            .is_enabled()
            .await?
    );
    desktop.click("[data-testid=preview-cancel]").await?;
    desktop.close().await?;

    let listed: serde_json::Value = serde_json::from_str(&cli(folder.path(), &["list", "--json"]))?;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manual_form_shows_the_cores_messages_beside_the_fields() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;

    // Ctrl+N opens the add dialog from anywhere.
    desktop.press(&[Key::Control], &['n']).await?;
    desktop.click("[data-testid=add-manual]").await?;
    desktop
        .type_into("[data-testid=manual-issuer]", "Example")
        .await?;
    desktop
        .type_into("[data-testid=manual-name]", "dee")
        .await?;
    desktop
        .type_into("[data-testid=manual-secret]", "JBSW 1DPE")
        .await?;
    desktop
        .type_into("[data-testid=manual-digits]", "4")
        .await?;
    desktop.click("[data-testid=manual-submit]").await?;
    let secret_error = desktop.text("[data-testid=error-secret]").await?;
    assert_eq!(
        secret_error,
        "Not base32: character 6 is outside A-Z and 2-7."
    );
    assert!(!secret_error.contains("JBSW"), "the secret is not echoed");
    desktop.screenshot("manual").await?;

    desktop
        .type_into("[data-testid=manual-secret]", "jbsw y3dp ehpk 3pxp")
        .await?;
    desktop.click("[data-testid=manual-submit]").await?;
    let digits_error = desktop.text("[data-testid=error-digits]").await?;
    assert!(digits_error.contains('4'), "{digits_error}");
    desktop
        .type_into("[data-testid=manual-digits]", "8")
        .await?;
    desktop.click("[data-testid=manual-submit]").await?;
    let meta = desktop.text("[data-testid=candidate]").await?;
    assert!(meta.contains("8 digits"), "{meta}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.find("[data-testid=account]").await?;
    assert_same_code_as_cli(&desktop, folder.path(), "Example").await?;
    let code = shown_code(&desktop, "Example").await?;
    assert_eq!(code.len(), 8);
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_image_file_opened_in_the_file_dialog_is_enrolled() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let picture = folder.path().join("gitlab-qr.png");
    std::fs::write(&picture, watchword_core::qr::to_png(GITLAB, 6)?)?;
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop.click("[data-testid=add]").await?;
    desktop.click("[data-testid=add-image]").await?;
    let path = picture.clone();
    tokio::task::spawn_blocking(move || pick_in_file_dialog("QR code", &path)).await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(candidate.starts_with("GitLab"), "{candidate}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.find("[data-testid=account]").await?;
    assert_same_code_as_cli(&desktop, folder.path(), "GitLab").await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_puts_the_code_on_the_clipboard_and_it_is_cleared() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB]);
    std::fs::write(
        folder.path().join("settings.json"),
        r#"{"clipboardClearSeconds": 3}"#,
    )?;
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;

    // Keyboard: arrow down to the second row, Enter copies it.
    desktop.press(&[], &[Key::Down.into()]).await?;
    desktop.press(&[], &[Key::Down.into()]).await?;
    let focused = desktop
        .client
        .execute("return document.activeElement.textContent", vec![])
        .await?;
    assert!(focused.as_str().unwrap().contains("GitLab"), "{focused}");
    desktop.press(&[], &[Key::Enter.into()]).await?;
    let toast = desktop.text("[data-testid=toast-message]").await?;
    assert_eq!(
        toast,
        "Copied the code for GitLab. The clipboard clears in 3 s."
    );
    let token = OtpAccount::parse(GITLAB)?.token;
    let t = now();
    let pasted = clipboard_text().unwrap_or_default();
    assert!(
        [t - 1, t]
            .iter()
            .any(|t| token.code_at(*t).as_str() == pasted),
        "the clipboard holds {pasted:?}"
    );
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_ne!(
        clipboard_text().unwrap_or_default(),
        pasted,
        "cleared after 3 s"
    );

    // The use was counted: "most used" puts GitLab first.
    desktop
        .find("[data-testid=sort]")
        .await?
        .select_by_value("most-used")
        .await?;
    desktop
        .wait_for_text("[data-testid=issuer]", |t| t == "GitLab")
        .await?;
    desktop.close().await?;
    let vault = Vault::open(
        &VaultDir::new(folder.path()),
        &Unlock {
            keyring: true,
            passphrase: None,
        },
    )?;
    assert_eq!(vault.find("GitLab")?.use_count, 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_filters_and_groups_edit_delete_undo_and_qr() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB, BANK]);
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;

    // `/` jumps to the search field; typing filters at once.
    desktop.press(&[], &['/']).await?;
    desktop.find("[data-testid=search]:focus").await?;
    desktop
        .find("[data-testid=search]")
        .await?
        .send_keys("git")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop
        .find("[data-testid=search]")
        .await?
        .send_keys("lab")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop
        .type_into("[data-testid=search]", "nothing like it")
        .await?;
    desktop.find("[data-testid=no-match]").await?;
    desktop
        .find("[data-testid=search]")
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;

    // HOTP: the next code.
    desktop.click("[data-testid=next-hotp]").await?;
    desktop
        .wait_for_text(
            ".account:has([data-testid=next-hotp]) [data-testid=code]",
            |c| c.replace(' ', "") != "316439",
        )
        .await?;
    assert_eq!(cli(folder.path(), &["code", "Bank"]).len(), 6);

    // Edit: move GitHub to a group; a heading appears; the note is searchable.
    desktop.click("[data-testid=more]").await?;
    desktop
        .type_into("[data-testid=edit-group]", "Work")
        .await?;
    desktop
        .type_into("[data-testid=edit-note]", "recovery codes in the safe")
        .await?;
    desktop.click("[data-testid=edit-qr]").await?;
    let loaded = desktop
        .client
        .execute(
            "const img = document.querySelector('[data-testid=qr] img');
             return new Promise(r => { const done = () => r(img.naturalWidth);
               if (img.complete) done(); else { img.onload = done; img.onerror = () => r(-1); } });",
            vec![],
        )
        .await?;
    assert!(
        loaded.as_i64().unwrap_or(-1) > 0,
        "the QR image loads: {loaded}"
    );
    let fetched = desktop
        .client
        .execute(
            "const img = document.querySelector('[data-testid=qr] img');
             return fetch(img.src).then(() => 'read', () => 'blocked');",
            vec![],
        )
        .await?;
    assert_eq!(fetched, "blocked", "scripts cannot read the QR's content");
    desktop.screenshot("edit").await?;
    desktop.click("[data-testid=edit-save]").await?;
    assert_eq!(desktop.text("[data-testid=group]").await?, "Work");
    desktop.screenshot("list").await?;
    desktop.type_into("[data-testid=search]", "safe").await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop
        .find("[data-testid=search]")
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;

    // Delete, then undo from the toast.
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    desktop.click("[data-testid=more]").await?;
    desktop.click("[data-testid=edit-delete]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    let toast = desktop.text("[data-testid=toast-message]").await?;
    assert!(toast.starts_with("Deleted "), "{toast}");
    desktop.click("[data-testid=toast-action]").await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    desktop.close().await?;

    let listed: serde_json::Value = serde_json::from_str(&cli(folder.path(), &["list", "--json"]))?;
    let github = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["issuer"] == "GitHub")
        .unwrap();
    assert_eq!(github["groups"], serde_json::json!(["Work"]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn lock_and_unlock_and_settings_persist() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), false, Some("pass phrase"), &[GITHUB]);
    let desktop = launch(folder.path()).await?;
    desktop
        .type_into("[data-testid=passphrase]", "pass phrase")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.find("[data-testid=account]").await?;

    // Lock now: back to the lock screen; a wrong passphrase is refused.
    desktop.click("[data-testid=lock]").await?;
    desktop
        .type_into("[data-testid=passphrase]", "not it")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    assert_eq!(
        desktop.text("[data-testid=passphrase-error]").await?,
        "Wrong passphrase."
    );
    desktop
        .type_into("[data-testid=passphrase]", "pass phrase")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.find("[data-testid=account]").await?;

    // Settings: hide codes and the dark theme, saved beside the vault.
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-hide]").await?;
    desktop.click("[data-testid=theme-dark]").await?;
    desktop.wait_for_count("html[data-theme=dark]", 1).await?;
    desktop.screenshot("settings-dark").await?;
    desktop.click("[data-testid=close]").await?;
    let masked = desktop.text("[data-testid=code]").await?;
    assert_eq!(masked, "••• •••");
    desktop.screenshot("list-dark").await?;
    // A click on the hidden code shows it without copying it (until the next
    // rollover hides it again, so look right after the click, and click again
    // if a rollover came between).
    let before = clipboard_text();
    let mut revealed = false;
    for _ in 0..3 {
        desktop.click("[data-testid=reveal]").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let code = desktop.text("[data-testid=code]").await?;
        if code.chars().all(|ch| ch.is_ascii_digit() || ch == ' ') {
            revealed = true;
            break;
        }
    }
    assert!(revealed, "clicking reveals a hidden code");
    assert_eq!(clipboard_text(), before, "revealing does not copy");
    assert_eq!(desktop.count("[data-testid=toast-message]").await?, 0);
    desktop.close().await?;

    let saved = std::fs::read_to_string(folder.path().join("settings.json"))?;
    let saved: serde_json::Value = serde_json::from_str(&saved)?;
    assert_eq!(
        (saved["hideCodes"].as_bool(), saved["theme"].as_str()),
        (Some(true), Some("dark"))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_opened_while_running_reaches_the_first_window() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=account]").await?;

    // What a browser does for an otpauth:// link: start the handler with it.
    let bin = std::env::var("WATCHWORD_DESKTOP_BIN")?;
    let second = tokio::process::Command::new(bin)
        .arg(GITLAB)
        .env("WATCHWORD_DIR", folder.path())
        .output();
    let second = tokio::time::timeout(Duration::from_secs(20), second).await??;
    assert!(
        second.status.success(),
        "the second launch hands over and exits"
    );
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(candidate.starts_with("GitLab"), "{candidate}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_comes_back_at_its_last_size() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=account]").await?;
    desktop.client.set_window_size(520, 700).await?;
    assert_eq!(desktop.client.get_window_rect().await?.2, 520);
    // Saved shortly after the window stops changing, so a crash loses nothing.
    let saved = folder.path().join("window-state.json");
    let width = || -> Option<serde_json::Value> {
        let state: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&saved).ok()?).ok()?;
        Some(state["main"]["width"].clone())
    };
    let start = std::time::Instant::now();
    while width() != Some(520.into()) && start.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(width(), Some(520.into()));
    drop(desktop);

    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=account]").await?;
    let (_, _, width, height) = desktop.client.get_window_rect().await?;
    assert_eq!((width, height), (520, 700));
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_on_the_screen_and_a_copied_picture_are_enrolled() -> anyhow::Result<()> {
    // Another window on the screen shows a QR code: a second Watchword, with
    // its own vault, showing GitLab's code to move it to a phone.
    let other = tempfile::tempdir()?;
    vault_in(other.path(), true, None, &[GITLAB]);
    let shower = launch(other.path()).await?;
    shower.click("[data-testid=more]").await?;
    shower.click("[data-testid=edit-qr]").await?;
    shower.find("[data-testid=qr] img").await?;
    shower.client.set_window_rect(700, 0, 420, 640).await?;
    // The picture must be decoded and the moved window painted before the
    // other window looks at the screen (a busy machine is slow to do both).
    let painted = "const img = document.querySelector('[data-testid=qr] img'); \
        return img.complete && img.naturalWidth > 0;";
    for _ in 0..50 {
        if shower.client.execute(painted, vec![]).await?.as_bool() == Some(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[]);
    let desktop = launch(folder.path()).await?;
    desktop.click("[data-testid=empty-scan]").await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(candidate.starts_with("GitLab"), "{candidate}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.find("[data-testid=account]").await?;
    assert_same_code_as_cli(&desktop, folder.path(), "GitLab").await?;

    // With that window gone there is nothing to find: a clear message.
    shower.close().await?;
    desktop.click("[data-testid=add]").await?;
    desktop.click("[data-testid=add-screen]").await?;
    let error = desktop.text("[data-testid=add-error]").await?;
    assert_eq!(error, "No QR code found in the screen.");
    desktop.click("[data-testid=close]").await?;

    // Ctrl+V anywhere with a picture on the clipboard.
    let picture = image::load_from_memory(&watchword_core::qr::to_png(GITHUB, 4)?)?.to_rgba8();
    let mut clipboard = arboard::Clipboard::new()?;
    clipboard.set_image(arboard::ImageData {
        width: picture.width() as usize,
        height: picture.height() as usize,
        bytes: picture.into_raw().into(),
    })?;
    desktop.press(&[Key::Control], &['v']).await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(candidate.starts_with("GitHub"), "{candidate}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    drop(clipboard);
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn minimising_locks_when_the_user_asked_for_it() -> anyhow::Result<()> {
    // Minimising needs a window manager: openbox, for this test only.
    let mut wm = tokio::process::Command::new("openbox")
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("openbox (make deps installs it)");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), false, Some("pw"), &[GITHUB]);
    std::fs::write(
        folder.path().join("settings.json"),
        r#"{"lockWhenHidden": true}"#,
    )?;
    let desktop = launch(folder.path()).await?;
    desktop.type_into("[data-testid=passphrase]", "pw").await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.find("[data-testid=account]").await?;
    desktop.client.minimize_window().await?;
    desktop.find("[data-testid=passphrase-form]").await?;
    let result = desktop.close().await;
    wm.kill().await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_at_launch_waits_for_the_unlock() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), false, Some("pw"), &[GITHUB]);
    let dir = folder.path().to_str().unwrap();
    let desktop = Desktop::launch_with_args(&[("WATCHWORD_DIR", dir)], &[GITLAB]).await?;
    desktop.type_into("[data-testid=passphrase]", "pw").await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    let candidate = desktop.text("[data-testid=candidate]").await?;
    assert!(candidate.starts_with("GitLab"), "{candidate}");
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_add_a_passphrase_and_require_it_at_start() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB]);
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=account]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop
        .type_into("[data-testid=settings-passphrase]", "new pass")
        .await?;
    desktop
        .type_into("[data-testid=settings-passphrase-repeat]", "new pass")
        .await?;
    desktop
        .click("[data-testid=settings-passphrase-save]")
        .await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| t == "Passphrase added.")
        .await?;
    desktop.click("[data-testid=settings-require]").await?;
    // Requiring it replaces the master key, so the passphrase is typed to confirm.
    desktop
        .type_into("[data-testid=settings-require-passphrase]", "new pass")
        .await?;
    desktop
        .click("[data-testid=settings-require-confirm]")
        .await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| {
            t == "The passphrase is now required at start."
        })
        .await?;
    desktop.click("[data-testid=close]").await?;
    desktop.close().await?;

    // The keyring no longer opens it: the next start asks for the passphrase.
    let status = Vault::status(&VaultDir::new(folder.path()))?;
    assert!(status.passphrase_slot && !status.keyring_slot);
    let desktop = launch(folder.path()).await?;
    desktop
        .type_into("[data-testid=passphrase]", "new pass")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.find("[data-testid=account]").await?;
    desktop.close().await
}
