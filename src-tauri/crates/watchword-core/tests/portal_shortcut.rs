//! The GlobalShortcuts portal path, against a stand-in for the desktop's
//! portal on a private session bus: the probe sees the interface, `bind`
//! creates a session and binds the shortcut with the preferred trigger, the
//! desktop's description of the trigger comes back, an `Activated` signal
//! reaches the callback, and dropping the binding closes the session.
//! (No portal on this machine implements GlobalShortcuts: GNOME 48+, KDE and
//! Hyprland do; the wlroots portal does not, see `wayland_desktop.rs`.)
//!
//! The test runs itself again inside `dbus-run-session`, so the stand-in
//! owns `org.freedesktop.portal.Desktop` on a bus of its own.

#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::process::Command;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use watchword_core::desktop::shortcut::{PORTAL_ID, PortalShortcut, portal_available};
use zbus::object_server::ObjectServer;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

/// Set on the inner run, on the private bus.
const INNER: &str = "WATCHWORD_PORTAL_INNER";
const DESKTOP: &str = "/org/freedesktop/portal/desktop";

/// What the stand-in saw: the client, its session, the shortcuts asked for, closes.
#[derive(Default)]
struct Seen {
    client: String,
    session: String,
    asked: Vec<(String, Option<String>)>,
    closed: u32,
}

/// `org.freedesktop.portal.GlobalShortcuts`, as xdg-desktop-portal serves it.
struct FakeShortcuts(Arc<Mutex<Seen>>);

/// A string option of a portal call.
fn text(options: &HashMap<String, OwnedValue>, key: &str) -> Option<String> {
    options
        .get(key)
        .and_then(|v| v.downcast_ref::<&str>().ok().map(str::to_owned))
}

/// Answers the request `token` of `client` (portal Request/Response).
async fn respond(
    conn: &zbus::Connection,
    client: &str,
    token: &str,
    results: HashMap<&str, Value<'_>>,
) -> OwnedObjectPath {
    let id = client.trim_start_matches(':').replace('.', "_");
    let path = format!("{DESKTOP}/request/{id}/{token}");
    conn.emit_signal(
        Some(client),
        path.as_str(),
        "org.freedesktop.portal.Request",
        "Response",
        &(0u32, results),
    )
    .await
    .unwrap();
    OwnedObjectPath::try_from(path).unwrap()
}

#[zbus::interface(name = "org.freedesktop.portal.GlobalShortcuts")]
impl FakeShortcuts {
    async fn create_session(
        &self,
        options: HashMap<String, OwnedValue>,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
        #[zbus(object_server)] server: &ObjectServer,
    ) -> OwnedObjectPath {
        let client = header.sender().unwrap().to_string();
        let id = client.trim_start_matches(':').replace('.', "_");
        let token = text(&options, "session_handle_token").unwrap();
        let session = format!("{DESKTOP}/session/{id}/{token}");
        server
            .at(session.as_str(), FakeSession(self.0.clone()))
            .await
            .unwrap();
        {
            let mut seen = self.0.lock().unwrap();
            seen.client = client.clone();
            seen.session = session.clone();
        }
        let handle = text(&options, "handle_token").unwrap();
        let results = HashMap::from([("session_handle", Value::from(session.as_str()))]);
        respond(conn, &client, &handle, results).await
    }

    async fn bind_shortcuts(
        &self,
        _session: OwnedObjectPath,
        shortcuts: Vec<(String, HashMap<String, OwnedValue>)>,
        _parent_window: String,
        options: HashMap<String, OwnedValue>,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> OwnedObjectPath {
        let client = header.sender().unwrap().to_string();
        let mut bound = Vec::new();
        for (id, info) in &shortcuts {
            self.0
                .lock()
                .unwrap()
                .asked
                .push((id.clone(), text(info, "preferred_trigger")));
            let described = HashMap::from([
                (
                    "description",
                    Value::from(text(info, "description").unwrap()),
                ),
                ("trigger_description", Value::from("Press Ctrl+Alt+W")),
            ]);
            bound.push((id.clone(), described));
        }
        let handle = text(&options, "handle_token").unwrap();
        let results = HashMap::from([("shortcuts", Value::new(bound))]);
        respond(conn, &client, &handle, results).await
    }

    #[zbus(property, name = "version")]
    async fn version(&self) -> u32 {
        1
    }
}

/// `org.freedesktop.portal.Session`: counts closes.
struct FakeSession(Arc<Mutex<Seen>>);

#[zbus::interface(name = "org.freedesktop.portal.Session")]
impl FakeSession {
    async fn close(&self) {
        self.0.lock().unwrap().closed += 1;
    }

    #[zbus(property, name = "version")]
    async fn version(&self) -> u32 {
        1
    }
}

/// The next message on `events`, waiting up to 10 s.
fn next<T>(events: &Receiver<T>, what: &str) -> T {
    events
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("{what} never came"))
}

fn inside_the_bus() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let conn = runtime.block_on(async {
        zbus::connection::Builder::session()
            .unwrap()
            .name("org.freedesktop.portal.Desktop")
            .unwrap()
            .serve_at(DESKTOP, FakeShortcuts(seen.clone()))
            .unwrap()
            .build()
            .await
            .unwrap()
    });
    assert!(portal_available(), "the probe sees the interface");

    let (bound, bound_events) = channel();
    let (pressed, presses) = channel();
    let binding = PortalShortcut::bind(
        PORTAL_ID,
        "Open Watchword's quick pick",
        Some("CTRL+ALT+w".into()),
        move |outcome| bound.send(outcome.map_err(|e| e.to_string())).unwrap(),
        move || pressed.send(()).unwrap(),
    );
    assert_eq!(
        next(&bound_events, "the binding").unwrap(),
        "Press Ctrl+Alt+W"
    );
    assert_eq!(
        seen.lock().unwrap().asked,
        [(PORTAL_ID.to_owned(), Some("CTRL+ALT+w".to_owned()))]
    );

    // The desktop reports a press: the callback runs (once per press; another id is ignored).
    let (client, session) = {
        let seen = seen.lock().unwrap();
        (seen.client.clone(), seen.session.clone())
    };
    let activate = |id: &str| {
        runtime.block_on(async {
            let session = zbus::zvariant::ObjectPath::try_from(session.as_str()).unwrap();
            conn.emit_signal(
                Some(client.as_str()),
                DESKTOP,
                "org.freedesktop.portal.GlobalShortcuts",
                "Activated",
                &(session, id, 0u64, HashMap::<&str, Value<'_>>::new()),
            )
            .await
            .unwrap();
        })
    };
    // The binding subscribes before it reports; give the match rule a moment anyway.
    std::thread::sleep(Duration::from_millis(200));
    activate("something-else");
    activate(PORTAL_ID);
    next(&presses, "the press");
    assert!(presses.recv_timeout(Duration::from_millis(300)).is_err());

    drop(binding);
    let start = std::time::Instant::now();
    while seen.lock().unwrap().closed == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the session closes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_portal_binds_the_shortcut_and_relays_its_presses() {
    if std::env::var_os(INNER).is_some() {
        inside_the_bus();
        return;
    }
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "the_portal_binds_the_shortcut_and_relays_its_presses",
            "--nocapture",
        ])
        .env(INNER, "1")
        .output()
        .expect("dbus-run-session (dbus-x11 or dbus-daemon)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the run on a private bus failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
