//! Watchword's desktop shell: builds the Tauri app and registers its commands.
//!
//! Commands stay thin (arguments in, one call into a crate, `{kind, message}`
//! out); behaviour lives in `watchword-core`.

pub mod commands;
pub mod error;
pub mod events;
pub mod links;
pub mod pin;
pub mod state;
pub mod tray;

use tauri::Manager;
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

/// Builds and runs the desktop app until its last window closes.
pub fn run() {
    let dir = watchword_core::VaultDir::from_env();
    let _ = std::fs::create_dir_all(dir.root());
    let window_state = dir.root().join("window-state.json");
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&dir))
        .callback(|app, argv, _cwd| {
            // A second launch: its links (if any) land here; bring the window forward.
            tray::show_main(app);
            links::receive(app, argv.into_iter().skip(1).collect());
        })
        .build();
    let app = tauri::Builder::default()
        // First: a second instance exits inside this plugin, before any window.
        .plugin(single_instance)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(events::REMEMBERED)
                .with_filename(window_state.to_string_lossy())
                .build(),
        )
        .manage(pin::PinState::new(dir.clone()))
        .manage(state::AppState::new(dir))
        .register_uri_scheme_protocol("wwqr", |ctx, request| {
            let state = ctx.app_handle().state::<state::AppState>();
            commands::qr::serve(&state, request.uri().path())
        })
        .setup(|app| {
            let state = app.state::<state::AppState>();
            state.trace("setup");
            // The keyring and the file are read while the page loads.
            state.begin_opening();
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
            // A link given at launch waits until the UI asks for it after unlocking.
            let at_launch: Vec<String> = std::env::args()
                .skip(1)
                .filter(|a| links::is_link(a))
                .collect();
            state.deferred().extend(at_launch);
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
        .invoke_handler(tauri::generate_handler![
            commands::about::about,
            commands::about::first_codes_shown,
            commands::vault::vault_start,
            commands::vault::vault_create,
            commands::vault::vault_unlock,
            commands::vault::vault_lock,
            commands::vault::vault_unlock_keyring,
            commands::vault::vault_security,
            commands::vault::set_passphrase,
            commands::vault::remove_passphrase,
            commands::vault::require_passphrase,
            commands::accounts::list_accounts,
            commands::accounts::copy_code,
            commands::accounts::next_hotp,
            commands::accounts::edit_account,
            commands::accounts::delete_account,
            commands::accounts::undo_delete,
            commands::accounts::reorder_accounts,
            commands::enroll::enroll_text,
            commands::enroll::enroll_manual,
            commands::enroll::enroll_screen,
            commands::enroll::enroll_clipboard,
            commands::enroll::enroll_image,
            commands::enroll::enroll_confirm,
            commands::enroll::enroll_cancel,
            commands::enroll::pending_arrival,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::transfer::import_formats,
            commands::transfer::import_pick,
            commands::transfer::import_read,
            commands::transfer::import_confirm,
            commands::transfer::import_cancel,
            commands::transfer::export_save,
            commands::transfer::auto_backup_status,
            commands::transfer::auto_backup_pick_folder,
            commands::transfer::auto_backup_enable,
            commands::transfer::auto_backup_disable,
            commands::pin::pin_console,
            commands::pin::pin_profile_save,
            commands::pin::pin_profile_remove,
            commands::pin::pin_send,
            commands::pin::pin_verify,
            commands::pin::pin_status,
            commands::pin::pin_infobip_catalog,
            commands::pin::pin_outbox,
            commands::pin::pin_exchanges,
            commands::pin::pin_clear_exchanges,
            commands::pin::pin_softtoken_enroll,
            commands::pin::pin_softtoken_list,
            commands::pin::pin_softtoken_validate,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(err) => {
            eprintln!("watchword-desktop: cannot start: {err}");
            std::process::exit(1);
        }
    }
}
