//! The tray icon: the most used accounts' codes one click away, plus show,
//! lock and quit. The menu follows the vault's committed changes and is
//! rebuilt when the vault opens or locks.

use std::sync::{Arc, Mutex};

use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use watchword_core::Account;
use watchword_core::vault::{Committed, VaultListener};

use crate::session::Session;

/// How many accounts the tray offers.
const TRAY_ACCOUNTS: usize = 5;
/// The tray icon's id (the settings ask whether it exists).
pub(crate) const TRAY_ID: &str = "main";

/// Account id and label, as a menu item shows it.
type Entry = (String, String);

/// What the menu offers: the accounts to copy from, or `None` while locked.
type Offer = Option<Vec<Entry>>;

/// The offer the tray menu shows now, to rebuild it only when it changes
/// (`None` before the first menu).
#[derive(Default)]
struct ShownOffer(Mutex<Option<Offer>>);

/// Rebuilds the menu after each committed change (a new ranking, a rename).
struct FollowVault<R: Runtime>(AppHandle<R>);

impl<R: Runtime> VaultListener for FollowVault<R> {
    /// Called while the session holds the vault: the menu is rebuilt on the
    /// main thread later, never waited for here (the main thread may itself be
    /// waiting for the vault, as the tray's own "Copy code" does).
    fn committed(&self, change: &Committed<'_>) {
        show_later(&self.0, Some(entries(change.accounts)));
    }
}

/// Creates the tray icon, which then follows the session's vault. A desktop
/// without a tray simply shows none.
pub(crate) fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.manage(ShownOffer::default());
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Watchword")
        .menu(&menu(app, None)?)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    app.state::<Session>()
        .follow(Arc::new(FollowVault(app.clone())));
    Ok(())
}

/// The most used accounts, as the menu lists them.
fn entries(accounts: &[Account]) -> Vec<Entry> {
    watchword_core::view::most_used(accounts, TRAY_ACCOUNTS)
        .into_iter()
        .map(|a| (a.id.clone(), a.label()))
        .collect()
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
pub(crate) fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let offer = app
        .state::<Session>()
        .vault()
        .as_ref()
        .map(|vault| entries(vault.accounts()));
    show_later(app, offer);
}

/// Shows `offer` from the main thread, without waiting for it: a command or
/// listener thread never waits on the main thread (which may be waiting on
/// the vault or on this menu).
fn show_later<R: Runtime>(app: &AppHandle<R>, offer: Offer) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || show(&handle, offer));
}

/// Shows `offer` in the menu unless it shows it already (main thread).
fn show<R: Runtime>(app: &AppHandle<R>, offer: Offer) {
    let Some(shown) = app.try_state::<ShownOffer>() else {
        return;
    };
    let mut shown = shown.0.lock().unwrap_or_else(|p| p.into_inner());
    if shown.as_ref() == Some(&offer) {
        return;
    }
    if let (Some(tray), Ok(menu)) = (app.tray_by_id(TRAY_ID), menu(app, offer.as_deref())) {
        let _ = tray.set_menu(Some(menu));
        *shown = Some(offer);
    }
}

/// Shows and focuses the main window (tray, second launch, deep link).
pub(crate) fn show_main<R: Runtime>(app: &AppHandle<R>) {
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
            let _ = app.state::<Session>().lock().emit(app);
            refresh(app);
        }
        "quit" => app.exit(0),
        _ => {
            if let Some(account) = id.strip_prefix("copy:")
                && let Err(error) = app.state::<Session>().copy(account)
            {
                eprintln!("watchword-desktop: {error}");
            }
        }
    }
}
