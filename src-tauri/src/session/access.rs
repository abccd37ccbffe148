//! Getting in and out: start, first-run creation, unlocking, locking, and the
//! ways in (passphrase, keyring).

use serde::Serialize;
use watchword_core::{AccountView, CreateOptions, KdfParams, Passphrase, Start, Unlock, Vault};

use super::Session;
use crate::error::CommandError;

/// Where the window stands, for the UI to pick a screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VaultState {
    /// Which screen: the list, the lock screen, or the first run.
    pub state: VaultScreen,
    /// Why the keyring did not open the vault, if that is why it is locked.
    pub keyring_problem: Option<String>,
    /// Once unlocked, the list itself: the window draws its first codes
    /// without asking again.
    pub accounts: Option<Vec<AccountView>>,
    /// Something to say once after unlocking (files narrowed to owner-only).
    pub notice: Option<String>,
}

/// The screen the vault's state calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub(crate) enum VaultScreen {
    /// Open: the list.
    Unlocked,
    /// Needs the passphrase.
    Locked,
    /// First run: no vault yet.
    Missing,
}

impl VaultState {
    fn closed(state: VaultScreen, keyring_problem: Option<String>) -> Self {
        Self {
            state,
            keyring_problem,
            accounts: None,
            notice: None,
        }
    }
}

/// How the lock screen unlocks.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct Locked {
    /// The vault has a passphrase: the lock screen asks for it. Without one,
    /// the keyring opens it again (locking then only hides the codes).
    pub passphrase: bool,
}

/// How the vault opens, for the security settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub(crate) struct Security {
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

impl Session {
    /// Keeps `vault` open and answers with the list.
    fn unlocked(&self, vault: Vault) -> Result<VaultState, CommandError> {
        let keyring_problem = vault.keyring_problem().map(ToString::to_string);
        let accounts = Self::views(&vault)?;
        let narrowed = vault.narrowed_permissions().len();
        let notice = (narrowed > 0).then(|| {
            format!(
                "Watchword made {narrowed} of its files and folders in {} readable by you only; other users of this computer could read them.",
                self.dir.root().display()
            )
        });
        self.install(vault);
        Ok(VaultState {
            state: VaultScreen::Unlocked,
            keyring_problem,
            accounts: Some(accounts),
            notice,
        })
    }

    /// Opens through the keyring if it can; otherwise says what is needed.
    pub(crate) fn start(&self) -> Result<VaultState, CommandError> {
        self.trace("vault_start");
        if self.is_unlocked() {
            return Ok(VaultState::closed(VaultScreen::Unlocked, None));
        }
        match self.start_vault()? {
            Start::Unlocked(vault) => self.unlocked(*vault),
            Start::NeedsPassphrase(problem) => Ok(VaultState::closed(
                VaultScreen::Locked,
                problem.map(|p| p.to_string()),
            )),
            Start::NoVault => Ok(VaultState::closed(VaultScreen::Missing, None)),
        }
    }

    /// First run: a vault kept by the keyring, plus a passphrase if one is given
    /// (the UI asks for one when the keyring is unavailable).
    pub(crate) fn create(&self, passphrase: Option<String>) -> Result<VaultState, CommandError> {
        let options = CreateOptions {
            keyring: true,
            passphrase: passphrase.map(Passphrase::new),
            kdf: KdfParams::default(),
        };
        self.unlocked(Vault::create(&self.dir, &options)?)
    }

    /// Unlocks with the passphrase the user typed (`None`: through the keyring again).
    pub(crate) fn unlock(&self, passphrase: Option<String>) -> Result<VaultState, CommandError> {
        let unlock = Unlock {
            keyring: passphrase.is_none(),
            passphrase: passphrase.map(Passphrase::new),
        };
        self.unlocked(Vault::open(&self.dir, &unlock)?)
    }

    /// Forgets the vault and everything taken from it (what is left in memory
    /// is metadata the UI already had), and says how to unlock.
    pub(crate) fn lock(&self) -> Locked {
        self.take_back_clipboard();
        *self.vault() = None;
        self.bells.ring();
        *super::guard(&self.staged) = None;
        *super::guard(&self.deleted) = None;
        // An import preview holds decrypted secrets: it goes with the lock.
        self.forget_import();
        self.lock_screen()
    }

    /// How the lock screen unlocks this vault (the quick pick asks when it
    /// finds the vault locked): by the passphrase, or by the keyring.
    pub(crate) fn lock_screen(&self) -> Locked {
        Locked {
            passphrase: Vault::status(&self.dir).is_ok_and(|s| s.passphrase_slot),
        }
    }

    /// The ways in.
    pub(crate) fn security(&self) -> Result<Security, CommandError> {
        self.with_vault(|vault| Ok(security(vault)))
    }

    /// Adds or changes the passphrase.
    pub(crate) fn set_passphrase(&self, passphrase: String) -> Result<Security, CommandError> {
        self.with_vault(|vault| {
            vault.set_passphrase(&Passphrase::new(passphrase), KdfParams::default())?;
            Ok(security(vault))
        })
    }

    /// Removes the passphrase (the keyring must remain as a way in).
    pub(crate) fn remove_passphrase(&self) -> Result<Security, CommandError> {
        self.with_vault(|vault| {
            vault.remove_passphrase()?;
            Ok(security(vault))
        })
    }

    /// "Require the passphrase at start" (confirmed by typing it): drops the
    /// keyring's key, or brings it back.
    pub(crate) fn require_passphrase(
        &self,
        required: bool,
        passphrase: Option<String>,
    ) -> Result<Security, CommandError> {
        self.with_vault(|vault| {
            if required {
                let passphrase = Passphrase::new(passphrase.unwrap_or_default());
                vault.disable_keyring(&passphrase, KdfParams::default())?;
            } else {
                vault.enable_keyring()?;
            }
            Ok(security(vault))
        })
    }
}
