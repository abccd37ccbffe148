//! Always at hand, in the real window under Xvfb: the global shortcut
//! (pressed through the X server with xdotool) opens the quick pick, where
//! typing and Enter put the right code on the X clipboard; a locked vault is
//! unlocked there first; closing the window keeps the app in the tray (after
//! a one-time notice) until that is turned off; "Start at login" writes and
//! removes the autostart entry, which starts the app hidden.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use watchword_core::OtpAccount;
use watchword_e2e::{
    Desktop, TrayHost, app_binary, eventually, now, shown_window, tray_click, vault_in,
    visible_windows, xdotool,
};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
/// The main window's title, as an xdotool name pattern.
const MAIN: &str = "^Watchword$";
/// The quick pick's title.
const QUICK: &str = "^Watchword quick pick$";

/// Launches the app on `vault` with its own configuration folder.
async fn launch(vault: &Path, config: &Path, args: &[&str]) -> anyhow::Result<Desktop> {
    Desktop::launch_with_args(
        &[
            ("WATCHWORD_DIR", vault.to_str().unwrap()),
            ("XDG_CONFIG_HOME", config.to_str().unwrap()),
        ],
        args,
    )
    .await
}

/// Presses the shortcut through the X server until the quick pick shows
/// (the app grabs it a moment after it starts); returns its X window.
async fn open_quick_pick() -> anyhow::Result<String> {
    for _ in 0..20 {
        xdotool(&["key", "--clearmodifiers", "ctrl+alt+w"]);
        for _ in 0..10 {
            if let Some(window) = shown_window(QUICK) {
                return Ok(window);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    anyhow::bail!("Ctrl+Alt+W never opened the quick pick")
}

/// Points WebDriver at the quick pick's page (`#quick`), or at the main
/// window's (both pages are titled Watchword).
async fn switch_to(desktop: &Desktop, quick: bool) -> anyhow::Result<()> {
    let start = std::time::Instant::now();
    loop {
        let mut seen = Vec::new();
        for handle in desktop.client.windows().await? {
            desktop.client.switch_to_window(handle).await?;
            let url = desktop.client.current_url().await?;
            if (url.fragment() == Some("quick")) == quick {
                return Ok(());
            }
            seen.push(url.to_string());
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(15),
            "WebDriver sees no {} page, only {seen:?}",
            if quick { "quick pick" } else { "main" }
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the X clipboard holds `uri`'s code of this period or the last.
async fn clipboard_gets_code_of(uri: &str) -> anyhow::Result<()> {
    let token = OtpAccount::parse(uri)?.token;
    let mut pasted = String::new();
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        pasted = arboard::Clipboard::new()?.get_text().unwrap_or_default();
        let t = now();
        if [t, t - 30]
            .iter()
            .any(|t| token.code_at(*t).as_str() == pasted)
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the clipboard holds {pasted:?}, not the code of {uri}")
}

/// Types into whatever window has the X keyboard focus, as a user would.
fn type_keys(text: &str) {
    xdotool(&["type", "--delay", "40", text]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shortcut_opens_the_quick_pick_and_enter_copies_the_code() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let config = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB]);
    let desktop = launch(folder.path(), config.path(), &[]).await?;
    desktop.find("[data-testid=account]").await?;

    open_quick_pick().await?;
    switch_to(&desktop, true).await?;
    desktop
        .wait_for_count("[data-testid=quick-item]", 2)
        .await?;
    // The search field has the keyboard: type part of a name, then Enter.
    type_keys("lab");
    desktop
        .wait_for_count("[data-testid=quick-item]", 1)
        .await?;
    let only = desktop.text("[data-testid=quick-item]").await?;
    assert!(only.starts_with("GitLab"), "{only}");
    desktop.screenshot("quick-pick").await?;
    xdotool(&["key", "Return"]);
    clipboard_gets_code_of(GITLAB).await?;
    eventually(Duration::from_secs(5), "the quick pick hides", || {
        shown_window(QUICK).is_none()
    })
    .await?;

    // Opened again, it starts afresh; Esc hides it without copying.
    open_quick_pick().await?;
    desktop
        .wait_for_count("[data-testid=quick-item]", 2)
        .await?;
    let search = desktop.find("[data-testid=quick-search]").await?;
    assert_eq!(search.prop("value").await?.unwrap_or_default(), "");
    xdotool(&["key", "Escape"]);
    eventually(Duration::from_secs(5), "Esc hides the quick pick", || {
        shown_window(QUICK).is_none()
    })
    .await?;
    assert!(shown_window(MAIN).is_some(), "the main window stays");
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_vault_is_unlocked_in_the_quick_pick_first() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let config = tempfile::tempdir()?;
    vault_in(folder.path(), false, Some("pw"), &[GITHUB, GITLAB]);
    let desktop = launch(folder.path(), config.path(), &[]).await?;
    desktop.find("[data-testid=passphrase-form]").await?;

    open_quick_pick().await?;
    switch_to(&desktop, true).await?;
    desktop.find("[data-testid=quick-locked]").await?;
    assert_eq!(desktop.count("[data-testid=quick-item]").await?, 0);
    type_keys("pw");
    xdotool(&["key", "Return"]);
    desktop
        .wait_for_count("[data-testid=quick-item]", 2)
        .await?;
    type_keys("hub");
    desktop
        .wait_for_count("[data-testid=quick-item]", 1)
        .await?;
    xdotool(&["key", "Return"]);
    clipboard_gets_code_of(GITHUB).await?;

    // The main window left its lock screen too.
    switch_to(&desktop, false).await?;
    desktop.wait_for_count("[data-testid=account]", 2).await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_keeps_the_app_in_the_tray_until_that_is_turned_off() -> anyhow::Result<()> {
    // The tray host, and a window manager to deliver Alt+F4 as a close request.
    let (host, bus) = TrayHost::serve().await?;
    let mut wm = tokio::process::Command::new("openbox")
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("openbox (make deps installs it)");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let folder = tempfile::tempdir()?;
    let config = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB]);
    let desktop = launch(folder.path(), config.path(), &[]).await?;
    desktop.find("[data-testid=account]").await?;
    let (name, path) = host.item().await?;
    let close = || -> anyhow::Result<()> {
        let window = shown_window(MAIN).ok_or_else(|| anyhow::anyhow!("no main window"))?;
        xdotool(&["windowactivate", "--sync", &window]);
        xdotool(&["key", "--clearmodifiers", "alt+F4"]);
        Ok(())
    };

    // The first close says where the app goes, once.
    close()?;
    // Pressed with Enter, not clicked. Right after the window manager handled
    // Alt+F4, WebDriver's synthetic click came apart now and then: its press
    // reached the button and its release the dialog behind it (the page's
    // own event log said so), which is no click. WebKit seems to take the
    // release where the real X pointer is once the window manager's focus
    // change reports it; a person's pointer is where they click.
    desktop
        .find("[data-testid=tray-notice-keep]")
        .await?
        .send_keys("\u{E007}")
        .await?;
    if let Err(error) = eventually(Duration::from_secs(5), "the window hides", || {
        shown_window(MAIN).is_none()
    })
    .await
    {
        let notice = desktop.count("[data-testid=tray-notice]").await?;
        let said = desktop.text("body").await.unwrap_or_default();
        anyhow::bail!(
            "{error}; tray notices open: {notice}; on the screen: {}; the page says: {said}",
            visible_windows()
        );
    }
    // Still running: the page answers, and a second launch shows it again.
    desktop.find("[data-testid=account]").await?;
    let second = tokio::process::Command::new(app_binary()?)
        .env("WATCHWORD_DIR", folder.path())
        .output();
    let second = tokio::time::timeout(Duration::from_secs(20), second).await??;
    assert!(second.status.success(), "the second launch hands over");
    eventually(Duration::from_secs(5), "a second launch shows it", || {
        shown_window(MAIN).is_some()
    })
    .await?;

    // The next close hides at once; the tray's "Show Watchword" brings it back.
    close()?;
    eventually(Duration::from_secs(5), "the window hides again", || {
        shown_window(MAIN).is_none()
    })
    .await?;
    assert_eq!(desktop.count("[data-testid=tray-notice]").await?, 0);
    tray_click(&bus, &name, &path, "Show Watchword").await?;
    eventually(Duration::from_secs(5), "the tray shows it", || {
        shown_window(MAIN).is_some()
    })
    .await?;

    // Turned off in the settings: closing quits.
    desktop.click("[data-testid=open-settings]").await?;
    let keep = desktop.find("[data-testid=settings-close-to-tray]").await?;
    assert_eq!(keep.prop("checked").await?.as_deref(), Some("true"));
    keep.click().await?;
    desktop
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(
            "[data-testid=settings-close-to-tray]:not(:checked)",
        ))
        .await?;
    desktop.click("[data-testid=close]").await?;
    assert!(!app_gone(folder.path()), "the app runs until then");
    close()?;
    eventually(Duration::from_secs(10), "the app quits", || {
        app_gone(folder.path())
    })
    .await?;
    // The WebDriver session went with the app; the driver ends on drop.
    drop(desktop);
    wm.kill().await?;
    Ok(())
}

/// Whether no `watchword-desktop` process runs on the vault in `folder`
/// (read from each process's environment in /proc).
fn app_gone(folder: &Path) -> bool {
    let wanted = format!("WATCHWORD_DIR={}", folder.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    !entries.flatten().any(|entry| {
        let dir = entry.path();
        let exe = std::fs::read_link(dir.join("exe")).unwrap_or_default();
        let state = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
        let zombie = state
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z'));
        exe.file_name().is_some_and(|n| n == "watchword-desktop")
            && !zombie
            && std::fs::read(dir.join("environ"))
                .unwrap_or_default()
                .split(|b| *b == 0)
                .any(|var| var == wanted.as_bytes())
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn start_at_login_writes_its_entry_and_starts_hidden() -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir()?;
    let config = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB]);
    let entry = config
        .path()
        .join("autostart/app.watchword.desktop.desktop");
    let desktop = launch(folder.path(), config.path(), &[]).await?;
    desktop.find("[data-testid=account]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop
        .click("[data-testid=settings-start-at-login]")
        .await?;
    eventually(Duration::from_secs(5), "the entry is written", || {
        entry.exists()
    })
    .await?;
    let text = std::fs::read_to_string(&entry)?;
    let exec = format!("\nExec={} --hidden\n", app_binary()?.display());
    assert!(text.contains(&exec), "{text}");
    assert!(
        text.contains("\nX-GNOME-Autostart-enabled=true\n"),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&entry)?.permissions().mode() & 0o777,
        0o600
    );
    desktop.screenshot("settings-at-hand").await?;
    desktop
        .click("[data-testid=settings-start-at-login]")
        .await?;
    eventually(Duration::from_secs(5), "the entry is removed", || {
        !entry.exists()
    })
    .await?;
    desktop.close().await?;

    // What the entry runs: the app, without its window.
    let desktop = launch(folder.path(), config.path(), &["--hidden"]).await?;
    desktop.find("[data-testid=account]").await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(shown_window(MAIN).is_none(), "--hidden shows no window");
    // It runs: the shortcut reaches it.
    open_quick_pick().await?;
    desktop.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shortcut_another_app_holds_is_reported_in_the_settings() -> anyhow::Result<()> {
    // Two vaults, two apps: the first grabs Ctrl+Alt+W, the second cannot.
    let (first, second) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let config = tempfile::tempdir()?;
    vault_in(first.path(), true, None, &[GITHUB]);
    vault_in(second.path(), true, None, &[GITLAB]);
    let holder = launch(first.path(), config.path(), &[]).await?;
    holder.find("[data-testid=account]").await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let desktop = launch(second.path(), config.path(), &[]).await?;
    desktop.find("[data-testid=account]").await?;
    desktop.click("[data-testid=open-settings]").await?;
    let problem = desktop
        .wait_for_text("[data-testid=shortcut-problem]", |t| !t.is_empty())
        .await?;
    assert_eq!(
        problem,
        "Ctrl+Alt+W is taken by another application: choose another shortcut."
    );
    // A shortcut the plugin cannot read is refused by name; another works.
    desktop
        .type_into("[data-testid=settings-shortcut]", "Ctrl+Banana")
        .await?;
    desktop.click("[data-testid=settings-shortcut-set]").await?;
    let refused = desktop.text("[data-testid=shortcut-error]").await?;
    assert!(
        refused.starts_with("\u{201c}Ctrl+Banana\u{201d} is not a shortcut"),
        "{refused}"
    );
    desktop
        .type_into("[data-testid=settings-shortcut]", "Ctrl+Alt+K")
        .await?;
    desktop.click("[data-testid=settings-shortcut-set]").await?;
    let active = desktop
        .wait_for_text("[data-testid=shortcut-active]", |t| !t.is_empty())
        .await?;
    assert_eq!(active, "Ctrl+Alt+K opens the quick pick from anywhere.");
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        second.path().join("settings.json"),
    )?)?;
    assert_eq!(saved["globalShortcut"], "Ctrl+Alt+K");
    desktop.close().await?;
    holder.close().await
}
