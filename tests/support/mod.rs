//! Drives the real `watchword-desktop` window through `tauri-driver` and
//! WebKitWebDriver, so end-to-end tests see exactly what a user sees.
//!
//! Needs: `WATCHWORD_DESKTOP_BIN` (the built app), `tauri-driver` on `PATH`,
//! a display (Xvfb) and a session bus (`dbus-run-session`); `make test-e2e`
//! provides all four. A missing piece fails the test with a message saying so.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use tokio::process::{Child, Command};
use watchword_core::{CreateOptions, KdfParams, OtpAccount, Passphrase, Vault, VaultDir};
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

/// Cheap key derivation for test vaults (the real default takes ~0.4 s).
const LIGHT: KdfParams = KdfParams {
    memory_kib: 8 * 1024,
    iterations: 1,
    parallelism: 1,
};

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// A vault in `dir` (keyring and/or passphrase) holding `uris`.
pub fn vault_in(dir: &Path, keyring: bool, passphrase: Option<&str>, uris: &[&str]) -> VaultDir {
    let dir = VaultDir::new(dir);
    let mut vault = Vault::create(
        &dir,
        &CreateOptions {
            keyring,
            passphrase: passphrase.map(Passphrase::new),
            kdf: LIGHT,
        },
    )
    .expect("test vault");
    for uri in uris {
        vault
            .add(OtpAccount::parse(uri).expect("test URI"))
            .expect("add");
    }
    dir
}

/// A running app window and the driver that controls it; both end on drop.
pub struct Desktop {
    /// The WebDriver session of the window.
    pub client: Client,
    driver: Child,
}

impl Desktop {
    /// Starts the driver, which starts the app, and waits until the window's
    /// document has loaded.
    pub async fn launch(env: &[(&str, &str)]) -> anyhow::Result<Self> {
        Self::launch_with_args(env, &[]).await
    }

    /// `launch`, with command-line arguments for the app (a link, as a
    /// browser passes it).
    pub async fn launch_with_args(env: &[(&str, &str)], args: &[&str]) -> anyhow::Result<Self> {
        let app = app_binary()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            // Its own process group, so the driver, WebKitWebDriver and the app
            // can be ended together (killing tauri-driver alone orphans them).
            .process_group(0)
            .kill_on_drop(true);
        for (key, value) in env {
            command.env(key, value);
        }
        let driver = command
            .spawn()
            .context("cannot start tauri-driver (is it on PATH? `make deps` installs it)")?;
        wait_for_port(port, Duration::from_secs(20))?;

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_string_lossy(), "args": args }),
        );
        let client = ClientBuilder::rustls()
            .context("TLS setup for the WebDriver client")?
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match client {
            Ok(client) => Ok(Self { client, driver }),
            Err(error) => {
                // No session: WebKitWebDriver (and any app) must not outlive the test.
                end_process_group(&driver);
                Err(error).context("WebDriver session with the app")
            }
        }
    }

    /// Waits (up to 15 s) for the element matching a CSS selector to appear.
    pub async fn find(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))
    }

    /// The text content (trimmed) of the first element matching `css`, once
    /// it exists. Unlike WebDriver's visible text, an ellipsis box reads whole.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let element = self.find(css).await?;
        Ok(element
            .prop("textContent")
            .await?
            .unwrap_or_default()
            .trim()
            .to_owned())
    }

    /// Clicks the element matching `css` once it exists, scrolled into view
    /// first as a user would (WebKitWebDriver scrolls the page, not a
    /// dialog's own scrolling body, and then finds the element out of view).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let element = self.find(css).await?;
        self.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' });",
                vec![serde_json::json!(css)],
            )
            .await
            .map_err(|e| anyhow::anyhow!("scrolling {css} into view: {e:?}"))?;
        element
            .click()
            .await
            .map_err(|e| anyhow::anyhow!("clicking {css}: {e:?}"))?;
        Ok(())
    }

    /// Types into the field matching `css` (after clearing it).
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.find(css).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Presses keys as the keyboard would, into whatever has the focus:
    /// `modifiers` are held (e.g. `Key::Control`) while each of `keys` is
    /// pressed and released.
    pub async fn press(&self, modifiers: &[Key], keys: &[char]) -> anyhow::Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for modifier in modifiers {
            actions = actions.then(KeyAction::Down {
                value: (*modifier).into(),
            });
        }
        for key in keys {
            actions = actions
                .then(KeyAction::Down { value: *key })
                .then(KeyAction::Up { value: *key });
        }
        for modifier in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up {
                value: (*modifier).into(),
            });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> anyhow::Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// Polls (up to 15 s) until `check` holds for the text of `css`; returns it.
    pub async fn wait_for_text(
        &self,
        css: &str,
        check: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < Duration::from_secs(15) {
            // The element may be drawn again between finding and reading it
            // (a stale handle): read again on the next round.
            if self.count(css).await? > 0
                && let Ok(text) = self.text(css).await
            {
                last = text;
                if check(&last) {
                    return Ok(last);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css} never showed the expected text; last: {last:?}")
    }

    /// Polls (up to 15 s) until exactly `n` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, n: usize) -> anyhow::Result<()> {
        let start = Instant::now();
        let mut last = 0;
        while start.elapsed() < Duration::from_secs(15) {
            last = self.count(css).await?;
            if last == n {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css}: {last} elements, expected {n}")
    }

    /// Saves a PNG of the window when `WATCHWORD_SCREENSHOTS` names a folder.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<()> {
        let Some(folder) = std::env::var_os("WATCHWORD_SCREENSHOTS") else {
            return Ok(());
        };
        let png = self.client.screenshot().await?;
        std::fs::create_dir_all(&folder)?;
        std::fs::write(PathBuf::from(folder).join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Runs axe-core (the copy `npm ci` put in ui/node_modules) inside the
    /// window on the document as it is now and returns each WCAG 2.0/2.1 A
    /// and AA violation as "rule: target (summary)". Best-practice rules are
    /// not asked for: the issue's bar is WCAG A/AA.
    pub async fn axe_violations(&self) -> anyhow::Result<Vec<String>> {
        let source = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../ui/node_modules/axe-core/axe.min.js"),
        )
        .context("axe-core is missing: `cd ui && npm ci` (make deps) installs it")?;
        let loaded = self
            .client
            .execute(
                &format!("if (!window.axe) {{ {source}\n }} return typeof window.axe;"),
                vec![],
            )
            .await?;
        anyhow::ensure!(
            loaded == "object",
            "axe-core did not load in the window: {loaded}"
        );
        // First proof that axe sees this window: a nameless button it must flag.
        let canary = self
            .client
            .execute_async(
                r##"const done = arguments[arguments.length - 1];
                const probe = document.createElement("div");
                probe.id = "axe-canary";
                probe.innerHTML = "<button></button>";
                document.body.append(probe);
                window.axe
                  .run("#axe-canary", { runOnly: ["button-name"] })
                  .then((r) => done(r.violations.length))
                  .catch((e) => done(String(e)))
                  .finally(() => probe.remove());"##,
                vec![],
            )
            .await?;
        anyhow::ensure!(canary == 1, "axe-core missed a nameless button: {canary}");
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                window.axe
                  .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
                  .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${n.failureSummary.replace(/\s+/g, " ")})`))))
                  .catch((e) => done([`axe failed: ${e}`]));"#,
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Fails with every violation listed when axe-core finds any on `screen`.
    pub async fn assert_accessible(&self, screen: &str) -> anyhow::Result<()> {
        let found = self.axe_violations().await?;
        anyhow::ensure!(
            found.is_empty(),
            "{screen}: {} WCAG A/AA violation(s):\n{}",
            found.len(),
            found.join("\n")
        );
        Ok(())
    }

    /// The data-testid of the element that has the keyboard focus ("" for none).
    pub async fn focused(&self) -> anyhow::Result<String> {
        let value = self
            .client
            .execute(
                "const e = document.activeElement; return (e && e.dataset && e.dataset.testid) || '';",
                vec![],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Ends the WebDriver session (closing the app) and stops the driver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        self.end_process_group();
        self.driver.wait().await?;
        Ok(())
    }

    /// See [`end_process_group`].
    fn end_process_group(&self) {
        end_process_group(&self.driver);
    }
}

/// Kills the driver, WebKitWebDriver and the app, then gives the session
/// bus a moment to drop the app's single-instance name: a launch before
/// that would hand its window over to the dying app and wait for it forever.
fn end_process_group(driver: &Child) {
    if let Some(pid) = driver.id().and_then(|id| i32::try_from(id).ok()) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
        std::thread::sleep(Duration::from_secs(1));
    }
}

impl Drop for Desktop {
    /// A failing test still ends the driver, WebKitWebDriver and the app.
    fn drop(&mut self) {
        self.end_process_group();
    }
}

/// The app under test (`WATCHWORD_DESKTOP_BIN`), as an absolute path.
pub fn app_binary() -> anyhow::Result<PathBuf> {
    let path = std::env::var_os("WATCHWORD_DESKTOP_BIN")
        .map(PathBuf::from)
        .context("WATCHWORD_DESKTOP_BIN is not set: run these tests through `make test-e2e`")?;
    // Relative paths are taken from the workspace root, where make runs.
    let path = if path.is_relative() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(path)
    } else {
        path
    };
    if !path.is_file() {
        bail!("WATCHWORD_DESKTOP_BIN={} does not exist", path.display());
    }
    Ok(std::fs::canonicalize(path)?)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Polls instead of sleeping: the driver is ready when its port accepts.
fn wait_for_port(port: u16, limit: Duration) -> anyhow::Result<()> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("tauri-driver did not listen on port {port} within {limit:?}")
}

/// Types a path into the GTK file dialog (open or save) whose title contains `title` (`/` opens its
/// location field), as a user would, through the X server. The dialog loads
/// asynchronously, so a path typed too early is lost: type again while the
/// dialog is still open.
pub fn pick_in_file_dialog(title: &str, path: &Path) {
    let xdotool = |args: &[&str]| {
        let out = std::process::Command::new("xdotool")
            .args(args)
            .output()
            .expect("xdotool (make deps installs it)");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        )
    };
    let dialog = |sync: bool| {
        let mut args = vec!["search"];
        if sync {
            args.push("--sync");
        }
        args.extend(["--onlyvisible", "--name", title]);
        let (found, windows) = xdotool(&args);
        found.then(|| windows.lines().next().unwrap_or_default().to_owned())
    };
    let window = dialog(true).expect("the file dialog opens");
    for _ in 0..4 {
        std::thread::sleep(Duration::from_millis(800));
        xdotool(&["mousemove", "--window", &window, "40", "40"]);
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "ctrl+a"]);
        xdotool(&["type", "--delay", "15", path.to_str().unwrap()]);
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["key", "Return"]);
        std::thread::sleep(Duration::from_millis(1200));
        if dialog(false).is_none() {
            return;
        }
    }
    panic!("the file dialog did not take the path");
}

/// Runs xdotool against the test's X server: (whether it succeeded, its output).
pub fn xdotool(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool (make deps installs it)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
    )
}

/// Every mapped X window as "id name (pid)", for a failure to say what
/// was on the screen.
pub fn visible_windows() -> String {
    let (_, ids) = xdotool(&["search", "--onlyvisible", "--name", ""]);
    ids.lines()
        .map(|id| {
            let (_, name) = xdotool(&["getwindowname", id]);
            let (_, pid) = xdotool(&["getwindowpid", id]);
            format!("{id} {name:?} ({pid})")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The first mapped (shown) X window whose name matches the regular
/// expression `name`, if any.
pub fn shown_window(name: &str) -> Option<String> {
    let (found, windows) = xdotool(&["search", "--onlyvisible", "--name", name]);
    found
        .then(|| windows.lines().next().map(str::to_owned))
        .flatten()
}

/// Polls (up to `limit`) until `check` holds.
pub async fn eventually(
    limit: Duration,
    what: &str,
    mut check: impl FnMut() -> bool,
) -> anyhow::Result<()> {
    let start = Instant::now();
    while !check() {
        if start.elapsed() > limit {
            bail!("{what} did not happen within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// The tray host a desktop runs (KDE's, GNOME's AppIndicator extension, a
/// panel): a StatusNotifierWatcher on the session bus, which records the
/// items that register. Tests play it to see and click the app's tray menu.
#[derive(Default, Clone)]
pub struct TrayHost {
    /// Items that registered: bus name and object path.
    pub items: Arc<Mutex<Vec<(String, String)>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl TrayHost {
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

impl TrayHost {
    /// Takes the watcher's name on the session bus; the host lives as long
    /// as the returned connection.
    pub async fn serve() -> anyhow::Result<(Self, zbus::Connection)> {
        let host = Self::default();
        let bus = zbus::connection::Builder::session()?
            .name("org.kde.StatusNotifierWatcher")?
            .serve_at("/StatusNotifierWatcher", host.clone())?
            .build()
            .await?;
        Ok((host, bus))
    }

    /// The first item that registered, waiting up to 15 s for one.
    pub async fn item(&self) -> anyhow::Result<(String, String)> {
        let start = Instant::now();
        loop {
            if let Some(item) = self.items.lock().unwrap().last().cloned() {
                return Ok(item);
            }
            if start.elapsed() > Duration::from_secs(15) {
                bail!("no tray item registered");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One menu entry: its dbusmenu id and label.
pub type Entry = (i32, String);
/// A dbusmenu layout node: id, properties, children.
type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// The tray menu's path and entries, read the way a tray host reads them.
pub async fn tray_menu(
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

/// Clicks the tray menu's entry labelled `label`, as a tray host does.
pub async fn tray_click(
    bus: &zbus::Connection,
    name: &str,
    item_path: &str,
    label: &str,
) -> anyhow::Result<()> {
    let (menu_path, entries) = tray_menu(bus, name, item_path).await?;
    let Some((id, _)) = entries.iter().find(|(_, l)| l == label) else {
        bail!("no tray entry {label:?} in {entries:?}");
    };
    let menu = zbus::Proxy::new(bus, name.to_owned(), menu_path, "com.canonical.dbusmenu").await?;
    let _: () = menu
        .call(
            "Event",
            &(*id, "clicked", zbus::zvariant::Value::from(0i32), 0u32),
        )
        .await?;
    Ok(())
}
