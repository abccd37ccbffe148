//! The tray icon through the protocol a desktop's tray uses: this test plays
//! the tray host (a StatusNotifierWatcher on the session bus), reads the
//! menu the app exports over D-Bus (com.canonical.dbusmenu), and clicks an
//! account's entry, which must put that account's code on the clipboard.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use watchword_core::OtpAccount;
use watchword_e2e::{Desktop, now, vault_in};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";

/// The tray host's registry: which items registered, by bus name and path.
#[derive(Default, Clone)]
struct Watcher {
    items: Arc<Mutex<Vec<(String, String)>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(
        &self,
        service: &str,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // Items pass either their bus name or their object path.
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_owned())
        } else {
            (service.to_owned(), "/StatusNotifierItem".to_owned())
        };
        self.items.lock().unwrap().push((name, path));
    }

    async fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    async fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items
            .lock()
            .unwrap()
            .iter()
            .map(|(n, p)| format!("{n}{p}"))
            .collect()
    }

    #[zbus(property)]
    async fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    async fn protocol_version(&self) -> i32 {
        0
    }
}

/// One menu entry: its dbusmenu id and label.
type Entry = (i32, String);
/// A dbusmenu layout node: id, properties, children.
type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// The menu's entries, read the way a tray host reads them.
async fn menu_entries(
    bus: &zbus::Connection,
    name: &str,
    item_path: &str,
) -> anyhow::Result<(OwnedObjectPath, Vec<Entry>)> {
    let item = zbus::Proxy::new(
        bus,
        name.to_owned(),
        item_path.to_owned(),
        "org.kde.StatusNotifierItem",
    )
    .await?;
    let menu_path: OwnedObjectPath = item.get_property("Menu").await?;
    let menu = zbus::Proxy::new(
        bus,
        name.to_owned(),
        menu_path.clone(),
        "com.canonical.dbusmenu",
    )
    .await?;
    let (_revision, (_id, _props, children)): (u32, Node) = menu
        .call("GetLayout", &(0i32, -1i32, Vec::<String>::new()))
        .await?;
    let mut entries = Vec::new();
    for child in children {
        let (id, props, _): Node = child.try_into()?;
        if let Some(label) = props.get("label") {
            let label: String = label.try_clone()?.try_into()?;
            entries.push((id, label.replace('_', "")));
        }
    }
    Ok((menu_path, entries))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tray_menu_copies_the_most_used_accounts_codes() -> anyhow::Result<()> {
    let watcher = Watcher::default();
    let bus = zbus::connection::Builder::session()?
        .name("org.kde.StatusNotifierWatcher")?
        .serve_at("/StatusNotifierWatcher", watcher.clone())?
        .build()
        .await?;

    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB]);
    let desktop = Desktop::launch(&[("WATCHWORD_DIR", folder.path().to_str().unwrap())]).await?;
    desktop.find("[data-testid=account]").await?;

    // The app registered its tray item with the host.
    let start = std::time::Instant::now();
    let (name, path) = loop {
        if let Some(item) = watcher.items.lock().unwrap().last().cloned() {
            break item;
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(15),
            "no tray item registered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // Unlocked: the accounts are offered (the menu follows the list).
    let start = std::time::Instant::now();
    let (menu_path, entries) = loop {
        let (menu_path, entries) = menu_entries(&bus, &name, &path).await?;
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
    let (_, entries) = menu_entries(&bus, &name, &path).await?;
    let (lock, _) = entries.iter().find(|(_, l)| l == "Lock").unwrap();
    let _: () = menu
        .call("Event", &(*lock, "clicked", Value::from(0i32), 0u32))
        .await?;
    desktop.find("[data-testid=keyring-lock]").await?;
    let (_, entries) = menu_entries(&bus, &name, &path).await?;
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
