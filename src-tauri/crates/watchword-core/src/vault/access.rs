//! The ways in: adding, changing and removing the passphrase and the keyring
//! slot. Taking a way away (changing or removing the passphrase, dropping the
//! keyring slot) also replaces the master key and re-encrypts the kept
//! versions, so the old way opens nothing in the data folder afterwards.

use super::crypto;
use super::error::VaultError;
use super::slots::{Passphrase, Slot};
use super::{KdfParams, Vault};

impl Vault {
    /// Adds a passphrase, or replaces the existing one, under a new master
    /// key (a keyring slot, if any, gets a new keyring item for it).
    pub fn set_passphrase(
        &mut self,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<(), VaultError> {
        if passphrase.is_empty() {
            return Err(VaultError::EmptyPassphrase);
        }
        let master = crypto::random_key();
        let id = self.header.vault_id.clone();
        let slot = Slot::new_passphrase(&id, &master, passphrase, kdf)
            .ok_or(VaultError::EmptyPassphrase)?;
        let keyring = self.new_keyring_slot_if_kept(&master)?;
        self.replace_slots(master, keyring.clone(), |slots| {
            slots.clear();
            slots.extend(keyring);
            slots.push(slot);
            Ok(())
        })
    }

    /// Removes the passphrase under a new master key; refused when it is the
    /// only way in.
    pub fn remove_passphrase(&mut self) -> Result<(), VaultError> {
        if !self.has_passphrase_slot() {
            return Err(VaultError::NoPassphrase);
        }
        if !self.has_keyring_slot() {
            return Err(VaultError::LastSlot);
        }
        let master = crypto::random_key();
        let keyring = self.new_keyring_slot_if_kept(&master)?;
        self.replace_slots(master, keyring.clone(), |slots| {
            if !slots.iter().any(|s| !s.is_keyring()) {
                return Err(VaultError::NoPassphrase);
            }
            slots.clear();
            slots.extend(keyring);
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

    /// "Require the passphrase at start": drops the keyring slot and its item
    /// under a new master key. The passphrase is asked for again, because the
    /// passphrase slot must wrap the new key.
    pub fn disable_keyring(
        &mut self,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<(), VaultError> {
        if !self.has_passphrase_slot() {
            return Err(VaultError::LastSlot);
        }
        let id = self.header.vault_id.clone();
        let opens = self
            .header
            .slots
            .iter()
            .filter(|s| !s.is_keyring())
            .any(|slot| slot.open_with_passphrase(&id, passphrase).is_some());
        if !opens {
            return Err(VaultError::WrongPassphrase);
        }
        let master = crypto::random_key();
        let slot = Slot::new_passphrase(&id, &master, passphrase, kdf)
            .ok_or(VaultError::EmptyPassphrase)?;
        self.replace_slots(master, None, |slots| {
            slots.clear();
            slots.push(slot);
            Ok(())
        })
    }

    /// A keyring slot for `master` when the vault keeps one now.
    fn new_keyring_slot_if_kept(&self, master: &crypto::Key) -> Result<Option<Slot>, VaultError> {
        if !self.has_keyring_slot() {
            return Ok(None);
        }
        Ok(Some(Slot::new_keyring(&self.header.vault_id, master)?))
    }

    /// Writes the new master key and slots, then forgets the keyring items of
    /// the slots that were replaced (or, if the write failed, the new one).
    fn replace_slots(
        &mut self,
        master: crypto::Key,
        new_keyring: Option<Slot>,
        edit: impl FnOnce(&mut Vec<Slot>) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let id = self.header.vault_id.clone();
        let before: Vec<Slot> = self.header.slots.clone();
        if let Err(error) = self.change_key(master, edit) {
            if let Some(slot) = new_keyring {
                let _ = slot.forget(&id);
            }
            return Err(error);
        }
        let kept: Vec<&Slot> = self.header.slots.iter().collect();
        for old in before.iter().filter(|old| !kept.contains(old)) {
            old.forget(&id)?;
        }
        Ok(())
    }
}
