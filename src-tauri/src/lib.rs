//! Watchword's desktop shell: builds the Tauri app and registers its commands.
//!
//! Commands stay thin (arguments in, one call into a crate, `{kind, message}`
//! out); behaviour lives in `watchword-core`.

pub mod commands;
pub mod error;
pub mod state;

/// Builds and runs the desktop app until its last window closes.
pub fn run() {
    let app = tauri::Builder::default()
        .manage(state::AppState::new(watchword_core::VaultDir::from_env()))
        .invoke_handler(tauri::generate_handler![
            commands::about::about,
            commands::vault::vault_start,
            commands::vault::vault_create,
            commands::vault::vault_unlock,
            commands::accounts::list_accounts,
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
