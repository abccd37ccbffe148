//! The ways in: adding, changing and removing the passphrase and the keyring slot.

use super::error::VaultError;
use super::slots::{Passphrase, Slot};
use super::{KdfParams, Vault};

impl Vault {
    /// Adds a passphrase, or replaces the existing one.
    pub fn set_passphrase(
        &mut self,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<(), VaultError> {
        if passphrase.is_empty() {
            return Err(VaultError::EmptyPassphrase);
        }
        let slot = Slot::new_passphrase(&self.header.vault_id, &self.master, passphrase, kdf)
            .ok_or(VaultError::EmptyPassphrase)?;
        self.change(|_, slots, _| {
            slots.retain(Slot::is_keyring);
            slots.push(slot);
            Ok(())
        })
    }

    /// Removes the passphrase; refused when it is the only way in.
    pub fn remove_passphrase(&mut self) -> Result<(), VaultError> {
        self.change(|_, slots, _| {
            if !slots.iter().any(|s| !s.is_keyring()) {
                return Err(VaultError::NoPassphrase);
            }
            if !slots.iter().any(Slot::is_keyring) {
                return Err(VaultError::LastSlot);
            }
            slots.retain(Slot::is_keyring);
            Ok(())
        })
    }

    /// Keeps a key in the OS keyring so the vault opens without typing.
    pub fn enable_keyring(&mut self) -> Result<(), VaultError> {
        if self.has_keyring_slot() {
            return Ok(());
        }
        let slot = Slot::new_keyring(&self.header.vault_id, &self.master)?;
        let result = self.change(|_, slots, _| {
            slots.push(slot.clone());
            Ok(())
        });
        if result.is_err() {
            let _ = slot.forget(&self.header.vault_id);
        }
        result
    }

    /// "Require the passphrase at start": drops the keyring slot and its item.
    pub fn disable_keyring(&mut self) -> Result<(), VaultError> {
        let removed = self.change(|_, slots, _| {
            if !slots.iter().any(|s| !s.is_keyring()) {
                return Err(VaultError::LastSlot);
            }
            let removed: Vec<Slot> = slots.iter().filter(|s| s.is_keyring()).cloned().collect();
            slots.retain(|s| !s.is_keyring());
            Ok(removed)
        })?;
        for slot in removed {
            slot.forget(&self.header.vault_id)?;
        }
        Ok(())
    }
}
