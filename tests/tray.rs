//! The tray icon through the protocol a desktop's tray uses: this test plays
//! the tray host (a StatusNotifierWatcher on the session bus), reads the
//! menu the app exports over D-Bus (com.canonical.dbusmenu), and clicks an
//! account's entry, which must put that account's code on the clipboard.

use std::time::Duration;

use watchword_core::OtpAccount;
use watchword_e2e::{Desktop, TrayHost, now, tray_menu, vault_in};
use zbus::zvariant::Value;

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";

#[tokio::test(flavor = "multi_thread")]
async fn the_tray_menu_copies_the_most_used_accounts_codes() -> anyhow::Result<()> {
    let (watcher, bus) = TrayHost::serve().await?;

    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB]);
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", folder.path().to_str().unwrap())]).await?;
    desktop.find("[data-testid=account]").await?;

    // The app registered its tray item with the host.
    let (name, path) = watcher.item().await?;

    // Unlocked: the accounts are offered (the menu follows the list).
    let start = std::time::Instant::now();
    let (menu_path, entries) = loop {
        let (menu_path, entries) = tray_menu(&bus, &name, &path).await?;
        if entries.iter().any(|(_, l)| l.contains("GitLab"))
            || start.elapsed() > Duration::from_secs(15)
        {
            break (menu_path, entries);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let labels: Vec<&str> = entries.iter().map(|(_, l)| l.as_str()).collect();
    assert!(labels.contains(&"Copy code: GitHub (alice)"), "{labels:?}");
    assert!(labels.contains(&"Copy code: GitLab (bob)"), "{labels:?}");
    assert!(
        labels.contains(&"Lock") && labels.contains(&"Quit"),
        "{labels:?}"
    );

    // Click GitLab's entry: its code lands on the clipboard.
    let (id, _) = entries.iter().find(|(_, l)| l.contains("GitLab")).unwrap();
    let menu = zbus::Proxy::new(&bus, name.clone(), menu_path, "com.canonical.dbusmenu").await?;
    let _: () = menu
        .call("Event", &(*id, "clicked", Value::from(0i32), 0u32))
        .await?;
    let token = OtpAccount::parse(GITLAB)?.token;
    let start = std::time::Instant::now();
    loop {
        let pasted = arboard::Clipboard::new()?.get_text().unwrap_or_default();
        let t = now();
        if [t - 1, t]
            .iter()
            .any(|t| token.code_at(*t).as_str() == pasted)
        {
            break;
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(10),
            "clipboard holds {pasted:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Lock from the tray: the window follows; this vault has no passphrase,
    // so its lock screen offers the keyring again.
    let (_, entries) = tray_menu(&bus, &name, &path).await?;
    let (lock, _) = entries.iter().find(|(_, l)| l == "Lock").unwrap();
    let _: () = menu
        .call("Event", &(*lock, "clicked", Value::from(0i32), 0u32))
        .await?;
    desktop.find("[data-testid=keyring-lock]").await?;
    let (_, entries) = tray_menu(&bus, &name, &path).await?;
    let labels: Vec<&str> = entries.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        labels.contains(&"Locked: open the window to unlock"),
        "{labels:?}"
    );
    assert!(
        !labels.iter().any(|l| l.starts_with("Copy code")),
        "{labels:?}"
    );
    desktop.close().await
}
