//! Watchword's desktop shell: builds the Tauri app and registers its commands.
//!
//! Commands stay thin (arguments in, one call into the session, `{kind,
//! message}` out); behaviour lives in `watchword-core` and `watchword-pin`,
//! and what the shell keeps between commands lives in `session`.

mod commands;
mod dialogs;
mod error;
mod events;
mod hand;
mod ipc;
mod links;
mod pin;
mod quick;
mod rendering;
mod session;
mod shortcut;
mod tray;

use tauri::{Manager, WebviewWindowBuilder};
use tauri_plugin_deep_link::DeepLinkExt;

/// The D-Bus name that makes the app single-instance, one per vault folder,
/// so a second launch for the same vault focuses the first window while
/// separate vaults (and parallel tests) each get their own.
fn instance_id(dir: &watchword_core::VaultDir) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in dir.root().as_os_str().as_encoded_bytes() {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("app.watchword.desktop.v{hash:016x}")
}

/// Where the window-state plugin keeps the window's size and place, beside the vault.
const WINDOW_STATE_FILE: &str = "window-state.json";

/// Builds and runs the desktop app until its last window closes.
pub fn run() {
    let ipc = ipc::builder();
    let dir = watchword_core::VaultDir::from_env();
    let _ = watchword_core::files::create_private_dir(dir.root());
    let window_state = dir.root().join(WINDOW_STATE_FILE);
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&dir))
        .callback(|app, argv, _cwd| {
            // A second launch: its links (if any) land here. It brings the
            // window forward, or opens the quick pick (`--quick`, which a
            // desktop's own shortcut runs), or does nothing (`--hidden`: a
            // login autostart while the app already runs).
            let args: Vec<String> = argv.into_iter().skip(1).collect();
            let flags = hand::LaunchFlags::from_args(&args);
            if flags.quick {
                quick::open(app);
            } else if !flags.hidden {
                tray::show_main(app);
            }
            links::receive(app, args);
        })
        .build();
    let launch_args: Vec<String> = std::env::args().skip(1).collect();
    let flags = hand::LaunchFlags::from_args(&launch_args);
    let mut builder = tauri::Builder::default()
        // First: a second instance exits inside this plugin, before any window.
        .plugin(single_instance)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(events::REMEMBERED)
                .with_filename(window_state.to_string_lossy())
                // The quick pick opens at the pointer, never where it was.
                .with_denylist(&[quick::LABEL])
                .build(),
        );
    // Keys can be grabbed only on an X server; Wayland goes through the portal.
    if shortcut::grabs_keys() {
        builder = builder.plugin(shortcut::plugin());
    }
    let app = builder
        .manage(pin::PinState::new(dir.clone()))
        .manage(shortcut::Shortcuts::default())
        .manage(session::Session::new(dir))
        .register_uri_scheme_protocol("wwqr", |ctx, request| {
            let session = ctx.app_handle().state::<session::Session>();
            commands::qr::serve(&session, request.uri().path())
        })
        .register_uri_scheme_protocol("wwicon", |ctx, request| {
            let session = ctx.app_handle().state::<session::Session>();
            commands::icons::serve(&session, request.uri().path())
        })
        .invoke_handler(ipc.invoke_handler())
        .setup(move |app| {
            ipc.mount_events(app);
            let session = app.state::<session::Session>();
            session.trace("setup");
            // Created here rather than from the configuration alone: see rendering.rs.
            let main = app.config().app.windows.iter().find(|w| w.label == "main");
            if let Some(config) = main {
                let mut config = config.clone();
                config.url = rendering::blank();
                rendering::open(
                    WebviewWindowBuilder::from_config(app.handle(), &config)?,
                    "index.html",
                )?;
            }
            // The keyring and the file are read while the page loads.
            session.begin_opening();
            // The window starts hidden (tauri.conf.json) so that `--hidden`
            // and `--quick` launches keep it so.
            if flags.shows_window() {
                tray::show_main(app.handle());
            }
            if flags.quick {
                quick::open(app.handle());
            }
            // The shortcut waits on the X server or D-Bus: not on this thread.
            let handle = app.handle().clone();
            let chosen = session.settings().global_shortcut.clone();
            std::thread::spawn(move || shortcut::apply(&handle, &chosen));
            // The tray waits until the window is up: it is not needed sooner.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(1500));
                let app = handle.clone();
                let _ = handle.run_on_main_thread(move || {
                    if let Err(error) = tray::create(&app) {
                        eprintln!("watchword-desktop: no tray icon: {error}");
                    }
                    tray::refresh(&app);
                });
            });
            // Sync follows the shared folder while the vault is open (issue 19).
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                use tauri_specta::Event;
                let session = handle.state::<session::Session>();
                let changed = || {
                    let _ = session::VaultChanged.emit(&handle);
                };
                session.keep_in_sync(watchword_core::sync::watch::POLL, &|| false, &changed);
            });
            // Followed folders are read when a file arrives there (issue 19).
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                use tauri_specta::Event;
                let session = handle.state::<session::Session>();
                let changed = || {
                    let _ = session::VaultChanged.emit(&handle);
                };
                let waiting = |files: session::FollowWaiting| {
                    let _ = files.emit(&handle);
                };
                let poll = watchword_core::sync::watch::POLL;
                session.keep_following(poll, &|| false, &changed, &waiting);
            });
            // A link given at launch waits until the UI asks for it after unlocking.
            session.keep_launch_links(launch_args);
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                links::receive(
                    &handle,
                    event.urls().iter().map(ToString::to_string).collect(),
                );
            });
            Ok(())
        })
        .on_window_event(events::on_window_event)
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<session::Session>().take_back_clipboard();
            }
        }),
        Err(err) => {
            eprintln!("watchword-desktop: cannot start: {err}");
            std::process::exit(1);
        }
    }
}
