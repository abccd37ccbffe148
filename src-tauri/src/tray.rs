//! The tray icon: the most used accounts' codes one click away, plus show,
//! lock and quit. The menu is rebuilt when the vault opens, locks or the
//! ranking changes.

use std::sync::Mutex;

use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

/// How many accounts the tray offers.
const TRAY_ACCOUNTS: usize = 5;
const TRAY_ID: &str = "main";

/// Account id and label, as a menu item shows it.
type Entry = (String, String);

/// The accounts the tray menu shows now (`Some(None)`: the locked menu), to
/// rebuild it only when they change.
#[derive(Default)]
pub struct TrayAccounts(Mutex<Option<Option<Vec<Entry>>>>);

/// Creates the tray icon. A desktop without a tray simply shows none.
pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.manage(TrayAccounts::default());
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Watchword")
        .menu(&menu(app, None)?)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// The menu for the accounts shown (`None` while locked).
fn menu<R: Runtime>(app: &AppHandle<R>, accounts: Option<&[Entry]>) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(
        app,
        "show",
        "Show Watchword",
        true,
        None::<&str>,
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    let note = match accounts {
        None => Some("Locked: open the window to unlock"),
        Some([]) => Some("No accounts yet"),
        Some(_) => None,
    };
    if let Some(note) = note {
        menu.append(&MenuItem::with_id(app, "none", note, false, None::<&str>)?)?;
    }
    for (id, label) in accounts.unwrap_or_default() {
        let text = format!("Copy code: {label}");
        menu.append(&MenuItem::with_id(
            app,
            format!("copy:{id}"),
            text,
            true,
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(app, "lock", "Lock", true, None::<&str>)?)?;
    menu.append(&MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?)?;
    Ok(menu)
}

/// Brings the tray menu in line with the vault (empty when locked).
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let accounts: Option<Vec<Entry>> = state.vault().as_ref().map(|vault| {
        watchword_core::view::most_used(vault.accounts(), TRAY_ACCOUNTS)
            .into_iter()
            .map(|a| (a.id.clone(), a.label()))
            .collect()
    });
    let Some(current) = app.try_state::<TrayAccounts>() else {
        return;
    };
    let mut shown = current.0.lock().unwrap_or_else(|p| p.into_inner());
    if shown.as_ref() == Some(&accounts) {
        return;
    }
    if let (Some(tray), Ok(menu)) = (app.tray_by_id(TRAY_ID), menu(app, accounts.as_deref())) {
        let _ = tray.set_menu(Some(menu));
        *shown = Some(accounts);
    }
}

/// Shows and focuses the main window (tray, second launch, deep link).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    match id {
        "show" => show_main(app),
        "lock" => {
            let locked = crate::commands::vault::lock(&app.state::<AppState>());
            let _ = app.emit("vault-locked", locked);
            refresh(app);
        }
        "quit" => app.exit(0),
        _ => {
            if let Some(account) = id.strip_prefix("copy:") {
                let state = app.state::<AppState>();
                if let Err(error) = crate::commands::accounts::copy_account(&state, account) {
                    eprintln!("watchword-desktop: {error}");
                }
            }
        }
    }
}
