//! Getting in and out of the vault, and the ways in.

use tauri::{AppHandle, State, WebviewWindow};

use crate::error::CommandError;
use crate::session::{Locked, Security, Session, VaultState};

/// Opens through the keyring if it can; otherwise says which screen to show.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_start(session: State<'_, Session>) -> Result<VaultState, CommandError> {
    session.start()
}

/// First run: a vault kept by the keyring, plus a passphrase if one is given.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_create(
    session: State<'_, Session>,
    passphrase: Option<String>,
) -> Result<VaultState, CommandError> {
    session.create(passphrase)
}

/// Unlocks with the passphrase the user typed (in either window).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_unlock(
    window: WebviewWindow,
    session: State<'_, Session>,
    passphrase: String,
) -> Result<VaultState, CommandError> {
    let state = session.unlock(Some(passphrase))?;
    crate::hand::unlocked_in(&window);
    Ok(state)
}

/// Unlocks a vault without a passphrase through the keyring again.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_unlock_keyring(
    window: WebviewWindow,
    session: State<'_, Session>,
) -> Result<VaultState, CommandError> {
    let state = session.unlock(None)?;
    crate::hand::unlocked_in(&window);
    Ok(state)
}

/// Lock now: the vault and everything taken from it leave memory.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_lock(app: AppHandle, session: State<'_, Session>) -> Locked {
    let locked = session.lock();
    crate::tray::refresh(&app);
    locked
}

/// How the lock screen unlocks: the quick pick asks when it finds the vault locked.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_lock_screen(session: State<'_, Session>) -> Locked {
    session.lock_screen()
}

/// The ways in.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn vault_security(session: State<'_, Session>) -> Result<Security, CommandError> {
    session.security()
}

/// Adds or changes the passphrase.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn set_passphrase(
    session: State<'_, Session>,
    passphrase: String,
) -> Result<Security, CommandError> {
    session.set_passphrase(passphrase)
}

/// Removes the passphrase (the keyring must remain as a way in).
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn remove_passphrase(session: State<'_, Session>) -> Result<Security, CommandError> {
    session.remove_passphrase()
}

/// "Require the passphrase at start" (with the passphrase, to confirm it), or not.
#[tauri::command(async)]
#[specta::specta]
pub(crate) fn require_passphrase(
    session: State<'_, Session>,
    required: bool,
    passphrase: Option<String>,
) -> Result<Security, CommandError> {
    session.require_passphrase(required, passphrase)
}
