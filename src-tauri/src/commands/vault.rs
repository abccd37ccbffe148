//! Unlocking: start, first-run creation, passphrase unlock, lock.

use serde::Serialize;
use tauri::State;
use watchword_core::{AccountView, CreateOptions, KdfParams, Passphrase, Start, Unlock, Vault};

use crate::error::CommandError;
use crate::state::AppState;

/// Where the window stands, for the UI to pick a screen.
#[derive(Debug, Clone, Serialize)]
pub struct VaultState {
    /// `unlocked`, `locked` (needs the passphrase) or `missing` (first run).
    pub state: &'static str,
    /// Why the keyring did not open the vault, if that is why it is locked.
    pub keyring_problem: Option<String>,
    /// Once unlocked, the list itself: the window draws its first codes
    /// without asking again.
    pub accounts: Option<Vec<AccountView>>,
}

impl VaultState {
    fn closed(state: &'static str, keyring_problem: Option<String>) -> Self {
        Self {
            state,
            keyring_problem,
            accounts: None,
        }
    }
}

fn unlocked(state: &AppState, vault: Vault) -> Result<VaultState, CommandError> {
    let keyring_problem = vault.keyring_problem().map(ToString::to_string);
    let accounts = crate::commands::accounts::views(&vault)?;
    *state.vault() = Some(vault);
    Ok(VaultState {
        state: "unlocked",
        keyring_problem,
        accounts: Some(accounts),
    })
}

/// Opens through the keyring if it can; otherwise says what is needed.
#[tauri::command(async)]
pub fn vault_start(state: State<'_, AppState>) -> Result<VaultState, CommandError> {
    state.trace("vault_start");
    if state.vault().is_some() {
        return Ok(VaultState::closed("unlocked", None));
    }
    match state.start_vault()? {
        Start::Unlocked(vault) => unlocked(&state, vault),
        Start::NeedsPassphrase(problem) => {
            Ok(VaultState::closed("locked", problem.map(|p| p.to_string())))
        }
        Start::NoVault => Ok(VaultState::closed("missing", None)),
    }
}

/// First run: a vault kept by the keyring, plus a passphrase if one is given
/// (the UI asks for one when the keyring is unavailable).
#[tauri::command(async)]
pub fn vault_create(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> Result<VaultState, CommandError> {
    let options = CreateOptions {
        keyring: true,
        passphrase: passphrase.map(Passphrase::new),
        kdf: KdfParams::default(),
    };
    unlocked(&state, Vault::create(&state.dir, &options)?)
}

/// Unlocks with the passphrase the user typed.
#[tauri::command(async)]
pub fn vault_unlock(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<VaultState, CommandError> {
    let unlock = Unlock {
        keyring: false,
        passphrase: Some(Passphrase::new(passphrase)),
    };
    unlocked(&state, Vault::open(&state.dir, &unlock)?)
}

/// How the lock screen unlocks.
#[derive(Debug, Clone, Serialize)]
pub struct Locked {
    /// The vault has a passphrase: the lock screen asks for it. Without one,
    /// the keyring opens it again (locking then only hides the codes).
    pub passphrase: bool,
}

/// Locks and says how to unlock; shared by the button, the tray and the
/// window-hidden rule.
pub fn lock(state: &AppState) -> Locked {
    state.lock();
    Locked {
        passphrase: Vault::status(&state.dir).is_ok_and(|s| s.passphrase_slot),
    }
}

/// Lock now: the vault and everything taken from it leave memory.
#[tauri::command(async)]
pub fn vault_lock(app: tauri::AppHandle, state: State<'_, AppState>) -> Locked {
    let locked = lock(&state);
    crate::tray::refresh(&app);
    locked
}

/// Unlocks a vault without a passphrase through the keyring again.
#[tauri::command(async)]
pub fn vault_unlock_keyring(state: State<'_, AppState>) -> Result<VaultState, CommandError> {
    let unlock = Unlock {
        keyring: true,
        passphrase: None,
    };
    unlocked(&state, Vault::open(&state.dir, &unlock)?)
}

/// How the vault opens, for the security settings.
#[derive(Debug, Clone, Serialize)]
pub struct Security {
    /// A passphrase opens it.
    pub passphrase: bool,
    /// The OS keyring opens it without typing.
    pub keyring: bool,
}

fn security(vault: &Vault) -> Security {
    Security {
        passphrase: vault.has_passphrase_slot(),
        keyring: vault.has_keyring_slot(),
    }
}

/// The ways in.
#[tauri::command(async)]
pub fn vault_security(state: State<'_, AppState>) -> Result<Security, CommandError> {
    state.with_vault(|vault| Ok(security(vault)))
}

/// Adds or changes the passphrase.
#[tauri::command(async)]
pub fn set_passphrase(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Security, CommandError> {
    state.with_vault(|vault| {
        vault.set_passphrase(&Passphrase::new(passphrase), KdfParams::default())?;
        Ok(security(vault))
    })
}

/// Removes the passphrase (the keyring must remain as a way in).
#[tauri::command(async)]
pub fn remove_passphrase(state: State<'_, AppState>) -> Result<Security, CommandError> {
    state.with_vault(|vault| {
        vault.remove_passphrase()?;
        Ok(security(vault))
    })
}

/// "Require the passphrase at start": drops the keyring's key, or brings it back.
#[tauri::command(async)]
pub fn require_passphrase(
    state: State<'_, AppState>,
    required: bool,
) -> Result<Security, CommandError> {
    state.with_vault(|vault| {
        if required {
            vault.disable_keyring()?;
        } else {
            vault.enable_keyring()?;
        }
        Ok(security(vault))
    })
}
