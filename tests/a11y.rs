//! Accessibility in the real window: axe-core (from npm) runs inside it on
//! every screen, in the light and the dark theme, and finds no WCAG 2.1 A/AA
//! violation; and the whole add, copy, edit, delete, undo round works from
//! the keyboard alone, with dialogs that trap and give back the focus.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use fantoccini::key::Key;
use watchword_e2e::{Desktop, now, shown_window, vault_in, xdotool};

const GITHUB: &str =
    "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const BANK: &str = "otpauth://hotp/Bank:carol?secret=BASE32SECRET3232&counter=1401&issuer=Bank";
const SLOW: &str =
    "otpauth://totp/Slow:dan?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Slow&period=60";

async fn launch(dir: &Path) -> anyhow::Result<Desktop> {
    Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await
}

/// Writes the theme into the settings beside the vault (read at start), with
/// the administrator tools on so the PIN console's button is there to check.
fn theme(dir: &Path, theme: &str) -> anyhow::Result<()> {
    std::fs::write(
        dir.join("settings.json"),
        format!(r#"{{"theme":"{theme}","adminTools":true}}"#),
    )?;
    Ok(())
}

async fn every_screen(theme_name: &str) -> anyhow::Result<()> {
    // First run: the welcome.
    let fresh = tempfile::tempdir()?;
    theme(fresh.path(), theme_name)?;
    let desktop = launch(fresh.path()).await?;
    desktop.find("[data-testid=welcome]").await?;
    desktop
        .wait_for_count(&format!("html[data-theme={theme_name}]"), 1)
        .await?;
    desktop.assert_accessible("first run").await?;
    desktop.close().await?;

    // A vault with a passphrase: the lock screen, then every screen over the list.
    let folder = tempfile::tempdir()?;
    vault_in(
        folder.path(),
        false,
        Some("pass phrase"),
        &[GITHUB, GITLAB, BANK, SLOW],
    );
    theme(folder.path(), theme_name)?;
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=passphrase]").await?;
    desktop.assert_accessible("lock").await?;
    desktop
        .type_into("[data-testid=passphrase]", "wrong")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.find("[data-testid=passphrase-error]").await?;
    desktop.assert_accessible("lock with an error").await?;
    desktop
        .type_into("[data-testid=passphrase]", "pass phrase")
        .await?;
    desktop.click("[data-testid=passphrase-submit]").await?;
    desktop.wait_for_count("[data-testid=account]", 4).await?;
    desktop.assert_accessible("list").await?;

    desktop.click("[data-testid=add]").await?;
    desktop.find("[data-testid=add-panel]").await?;
    desktop.assert_accessible("add").await?;
    desktop
        .type_into("[data-testid=add-link]", "https://example.com/x")
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    desktop.find("[data-testid=add-error]").await?;
    desktop.assert_accessible("add with an error").await?;
    desktop.click("[data-testid=add-manual]").await?;
    desktop
        .type_into("[data-testid=manual-secret]", "1")
        .await?;
    desktop.click("[data-testid=manual-submit]").await?;
    desktop.find("[data-testid=error-secret]").await?;
    desktop.assert_accessible("manual form with errors").await?;
    desktop.click("[data-testid=close]").await?;

    desktop.click("[data-testid=add]").await?;
    desktop
        .type_into(
            "[data-testid=add-link]",
            "otpauth://totp/Example:erin?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        )
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    desktop.find("[data-testid=preview]").await?;
    desktop.assert_accessible("preview").await?;
    desktop.click("[data-testid=preview-cancel]").await?;

    desktop.click("[data-testid=more]").await?;
    desktop.find("[data-testid=edit-form]").await?;
    desktop.click("[data-testid=edit-qr]").await?;
    desktop.find("[data-testid=qr]").await?;
    desktop.assert_accessible("edit").await?;
    desktop.click("[data-testid=close]").await?;

    desktop.click("[data-testid=open-settings]").await?;
    desktop.find("[data-testid=settings]").await?;
    desktop
        .find("[data-testid=at-hand] [data-testid=settings-start-at-login]")
        .await?;
    desktop.assert_accessible("settings").await?;
    desktop.click("[data-testid=settings-import]").await?;
    desktop.find("[data-testid=import-wizard]").await?;
    desktop.assert_accessible("import").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-export]").await?;
    desktop.find("[data-testid=export-dialog-form]").await?;
    desktop.assert_accessible("export").await?;
    desktop.click("[data-testid=close]").await?;

    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    desktop.assert_accessible("PIN console").await?;
    desktop.click("[data-testid=close]").await?;

    // Hidden codes: a code of its own to reveal.
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-hide]").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.find("[data-testid=reveal]").await?;
    desktop.assert_accessible("list with hidden codes").await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_light_theme() -> anyhow::Result<()> {
    every_screen("light").await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_dark_theme() -> anyhow::Result<()> {
    every_screen("dark").await
}

/// Presses one key (no modifiers).
async fn key(desktop: &Desktop, key: Key) -> anyhow::Result<()> {
    desktop.press(&[], &[key.into()]).await
}

/// Types text into whatever has the focus, as keys.
async fn typed(desktop: &Desktop, text: &str) -> anyhow::Result<()> {
    desktop.press(&[], &text.chars().collect::<Vec<_>>()).await
}

/// Presses Tab until the element with `testid` has the focus (at most 20 times).
async fn tab_to(desktop: &Desktop, testid: &str) -> anyhow::Result<()> {
    for _ in 0..20 {
        if desktop.focused().await? == testid {
            return Ok(());
        }
        key(desktop, Key::Tab).await?;
    }
    anyhow::bail!("Tab never reached {testid}")
}

#[tokio::test(flavor = "multi_thread")]
async fn add_copy_edit_delete_and_undo_with_the_keyboard_alone() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITLAB]);
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;

    // Every time-based code shows the seconds it has left, to the second.
    for _ in 0..3 {
        let before = now();
        let text = desktop
            .text("[data-testid=seconds-left] [data-testid=seconds]")
            .await?;
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        let shown: u64 = digits
            .parse()
            .map_err(|e| anyhow::anyhow!("{text:?}: {e}"))?;
        let after = now();
        let expected = [30 - before % 30, 30 - after % 30];
        assert!(
            expected.contains(&shown),
            "{shown} s left, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(700)).await;
    }

    // Add: Ctrl+N opens the dialog with the focus in its first field (not Close).
    desktop.press(&[Key::Control], &['n']).await?;
    desktop.find("[data-testid=add-panel]").await?;
    assert_eq!(desktop.focused().await?, "add-link");
    // Tab stays inside the dialog: from the last control back to the first.
    for _ in 0..12 {
        key(&desktop, Key::Tab).await?;
        let inside: bool = serde_json::from_value(
            desktop
                .client
                .execute(
                    "return !!document.activeElement.closest('[data-testid=add-dialog]');",
                    vec![],
                )
                .await?,
        )?;
        assert!(inside, "Tab left the dialog");
    }
    tab_to(&desktop, "add-link").await?;
    typed(&desktop, GITHUB).await?;
    key(&desktop, Key::Enter).await?;
    desktop.find("[data-testid=preview]").await?;
    assert_eq!(desktop.focused().await?, "preview-confirm");
    key(&desktop, Key::Enter).await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| t == "Added 1 account.")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;

    // Copy: ↓ reaches the first row, Enter copies it.
    desktop.press(&[Key::Control], &['f']).await?;
    key(&desktop, Key::Down).await?;
    assert_eq!(desktop.focused().await?, "account");
    key(&desktop, Key::Enter).await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| {
            t.starts_with("Copied the code for GitLab")
        })
        .await?;

    // Reorder: Alt+↓ moves it and says so.
    desktop.press(&[Key::Alt], &[Key::Down.into()]).await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| {
            t == "Moved GitLab (bob) down: 2 of 2."
        })
        .await?;
    assert_eq!(desktop.text("[data-testid=issuer]").await?, "GitHub");
    assert_eq!(desktop.focused().await?, "account");

    // Edit: Tab to the row's edit button; the dialog starts in its first field.
    tab_to(&desktop, "more").await?;
    key(&desktop, Key::Enter).await?;
    desktop.find("[data-testid=edit-form]").await?;
    assert_eq!(desktop.focused().await?, "edit-issuer");
    desktop.press(&[Key::Control], &['a']).await?;
    typed(&desktop, "GitLab Work").await?;
    key(&desktop, Key::Enter).await?;
    desktop.wait_for_count("[data-testid=edit-form]", 0).await?;
    desktop
        .wait_for_text("[data-testid=accounts]", |t| t.contains("GitLab Work"))
        .await?;
    // Focus went back to the button that opened the dialog.
    assert_eq!(desktop.focused().await?, "more");

    // Delete, then Ctrl+Z brings it back.
    key(&desktop, Key::Enter).await?;
    desktop.find("[data-testid=edit-form]").await?;
    tab_to(&desktop, "edit-delete").await?;
    key(&desktop, Key::Enter).await?;
    desktop
        .wait_for_text("[data-testid=toast-message]", |t| {
            t.starts_with("Deleted GitLab Work")
        })
        .await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.press(&[Key::Control], &['z']).await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    assert!(
        desktop
            .text("[data-testid=accounts]")
            .await?
            .contains("GitLab Work")
    );
    desktop.close().await
}

/// Whether the element with `testid` lies wholly inside the window, and the
/// dialog body has no sideways scroll (nothing cut off on the right).
async fn wholly_in_view(desktop: &Desktop, testid: &str) -> anyhow::Result<()> {
    let found = desktop
        .client
        .execute(
            r#"const e = document.querySelector(`[data-testid="${arguments[0]}"]`);
            if (!e) return "missing";
            const r = e.getBoundingClientRect();
            const body = e.closest(".dialog-body");
            if (body && body.scrollWidth > body.clientWidth + 1) return `the dialog scrolls sideways (${body.scrollWidth} > ${body.clientWidth})`;
            if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)
              return `at ${r.left},${r.top}–${r.right},${r.bottom} in ${innerWidth}×${innerHeight}`;
            return "ok";"#,
            vec![serde_json::json!(testid)],
        )
        .await?;
    anyhow::ensure!(found == "ok", "{testid}: {found}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn dialogs_keep_their_actions_in_view_in_the_smallest_window() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB, BANK]);
    theme(folder.path(), "system")?;
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    // The window's smallest size (tauri.conf.json minWidth × minHeight), set
    // through the X server as a user's drag would (WebDriver's setWindowRect
    // refuses a size at the minimum).
    let window = shown_window("Watchword").context("no Watchword window on the screen")?;
    let mut size = (0, 0);
    for _ in 0..50 {
        xdotool(&["windowsize", &window, "340", "420"]);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let inner = desktop
            .client
            .execute("return [innerWidth, innerHeight];", vec![])
            .await?;
        size = serde_json::from_value(inner)?;
        if size.0 <= 340 && size.1 <= 420 {
            break;
        }
    }
    anyhow::ensure!(size.0 <= 340 && size.1 <= 420, "the window is {size:?}");

    // The edit dialog with its QR code and warning: Save and Delete in view.
    desktop.click("[data-testid=more]").await?;
    desktop.click("[data-testid=edit-qr]").await?;
    desktop.find("[data-testid=qr]").await?;
    wholly_in_view(&desktop, "edit-save").await?;
    wholly_in_view(&desktop, "edit-delete").await?;
    desktop.screenshot("small-edit").await?;
    desktop.click("[data-testid=close]").await?;

    // The manual form, its type in full.
    desktop.click("[data-testid=add]").await?;
    desktop.click("[data-testid=add-manual]").await?;
    wholly_in_view(&desktop, "manual-submit").await?;
    wholly_in_view(&desktop, "manual-type").await?;
    desktop.screenshot("small-manual").await?;
    desktop.click("[data-testid=close]").await?;

    desktop.click("[data-testid=add]").await?;
    desktop
        .type_into(
            "[data-testid=add-link]",
            "otpauth://totp/Example:erin?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        )
        .await?;
    desktop.click("[data-testid=add-link-submit]").await?;
    // The preview opens once the shell has read the link (waited for).
    desktop.find("[data-testid=preview-confirm]").await?;
    wholly_in_view(&desktop, "preview-confirm").await?;
    desktop.click("[data-testid=preview-cancel]").await?;

    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-export]").await?;
    wholly_in_view(&desktop, "export-save").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=settings-import]").await?;
    wholly_in_view(&desktop, "import-pick").await?;
    desktop.click("[data-testid=close]").await?;
    desktop.click("[data-testid=open-pins]").await?;
    desktop.find("[data-testid=pin-console]").await?;
    wholly_in_view(&desktop, "close").await?;
    desktop.close().await
}
