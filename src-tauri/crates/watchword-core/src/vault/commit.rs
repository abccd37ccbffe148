//! How every change is written: under the writer lock, on top of the latest
//! version on disk, through the one file writer; then announced to listeners
//! once the lock is released.

use zeroize::Zeroizing;

use super::container::{self, Header};
use super::error::{VaultError, io};
use super::listen::{ChangeKind, Committed};
use super::slots::Slot;
use super::{BACKUPS_KEPT, Contents, Keep, Secrets, Vault, crypto};
use crate::account::{Account, StoredAccount};
use crate::sync::stamp::Tombstones;

impl Vault {
    /// Applies a change under the writer lock, on top of the latest version on
    /// disk, and writes it through. Nothing changes in memory if it fails.
    pub(super) fn change<T>(
        &mut self,
        edit: impl FnOnce(&mut Vec<Account>, &mut Vec<Slot>, &mut Secrets) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        self.change_with(Keep::Backup, edit)
    }

    /// `change`, choosing whether the version it replaces goes to the backups.
    pub(super) fn change_with<T>(
        &mut self,
        keep: Keep,
        edit: impl FnOnce(&mut Vec<Account>, &mut Vec<Slot>, &mut Secrets) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        self.commit(keep, |accounts, slots, secrets, _| {
            edit(accounts, slots, secrets).map(|result| (result, true))
        })
    }

    /// Sync's merge: the accounts and tombstones changed in one write under
    /// the lock, on top of the latest version on disk; nothing is written
    /// when `merge` says nothing changed (so two computers never ping-pong).
    pub(crate) fn merge_sync<T>(
        &mut self,
        merge: impl FnOnce(&mut Vec<Account>, &mut Tombstones, &Secrets) -> (T, bool),
    ) -> Result<T, VaultError> {
        self.commit(Keep::Backup, |accounts, _, secrets, tombstones| {
            Ok(merge(accounts, tombstones, secrets))
        })
    }

    /// A change other modules of the core make to the accounts and the
    /// secrets together, in one write (following another app's backups).
    pub(crate) fn update<T>(
        &mut self,
        edit: impl FnOnce(&mut Vec<Account>, &mut Secrets) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        self.commit(Keep::Backup, |accounts, _, secrets, _| {
            edit(accounts, secrets).map(|result| (result, true))
        })
    }

    /// The one change path: `edit` works on copies and says whether it changed
    /// anything; changed fields are stamped for sync (`sync::stamping`), the
    /// result written, then announced. Nothing changes in memory if it fails.
    fn commit<T>(
        &mut self,
        keep: Keep,
        edit: impl FnOnce(
            &mut Vec<Account>,
            &mut Vec<Slot>,
            &mut Secrets,
            &mut Tombstones,
        ) -> Result<(T, bool), VaultError>,
    ) -> Result<T, VaultError> {
        let lock = self.dir.lock()?;
        self.reload_if_changed()?;
        let mut accounts = self.accounts.clone();
        let mut slots = self.header.slots.clone();
        let mut secrets = self.secrets.clone();
        let mut tombstones = self.tombstones.clone();
        let (result, changed) = edit(&mut accounts, &mut slots, &mut secrets, &mut tombstones)?;
        if !changed {
            return Ok(result);
        }
        crate::sync::stamping::stamp_changes(
            &self.accounts,
            &mut accounts,
            &mut tombstones,
            &self.header.vault_id,
            self.clock.now(),
        );
        let previous = (
            std::mem::replace(&mut self.accounts, accounts),
            std::mem::replace(&mut self.header.slots, slots),
            std::mem::replace(&mut self.secrets, secrets),
            std::mem::replace(&mut self.tombstones, tombstones),
        );
        if let Err(error) = self.write(keep) {
            (
                self.accounts,
                self.header.slots,
                self.secrets,
                self.tombstones,
            ) = previous;
            return Err(error);
        }
        drop(lock);
        self.announce(match keep {
            Keep::Backup => ChangeKind::Content,
            Keep::NoBackup => ChangeKind::Usage,
        });
        Ok(result)
    }

    /// Replaces the master key with `master` and the slots as `edit` says, in
    /// one write under the lock; then re-encrypts every kept version in
    /// `backups/` under the new key, so no old way in opens anything in the
    /// data folder. Nothing changes in memory if the write fails.
    pub(super) fn change_key<T>(
        &mut self,
        master: super::crypto::Key,
        edit: impl FnOnce(&mut Vec<Slot>) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let lock = self.dir.lock()?;
        self.reload_if_changed()?;
        let mut slots = self.header.slots.clone();
        let result = edit(&mut slots)?;
        let old_master = std::mem::replace(&mut self.master, master);
        let old_slots = std::mem::replace(&mut self.header.slots, slots);
        if let Err(error) = self.write(Keep::Backup) {
            self.master = old_master;
            self.header.slots = old_slots;
            return Err(error);
        }
        self.rekey_kept_versions(&old_master)?;
        drop(lock);
        self.announce(ChangeKind::Content);
        Ok(result)
    }

    /// Tells every listener what the vault holds after a committed change.
    fn announce(&self, kind: ChangeKind) {
        let change = Committed {
            kind,
            vault_id: &self.header.vault_id,
            generation: self.header.generation,
            accounts: &self.accounts,
            secrets: &self.secrets,
            tombstones: &self.tombstones,
            at: self.clock.now(),
        };
        for listener in &self.listeners {
            listener.committed(&change);
        }
    }

    /// Seals the current state as the next generation (caller holds the lock).
    pub(super) fn write(&mut self, keep: Keep) -> Result<(), VaultError> {
        let path = self.dir.file();
        let old_generation = self.header.generation;
        let header = Header {
            generation: old_generation + 1,
            ..self.header.clone()
        };
        let bytes = self.sealed(&header, &self.accounts, &self.secrets, &self.tombstones);
        let backup = self
            .dir
            .backups()
            .join(format!("vault-{old_generation:08}.wwv"));
        let backup = (old_generation > 0 && keep == Keep::Backup).then_some(backup);
        crate::files::write_keeping(&path, &bytes, backup.as_deref())
            .map_err(io("write", &path))?;
        self.header = header;
        self.dir.remember_generation(self.header.generation);
        self.prune_backups();
        Ok(())
    }

    /// The file bytes for `header` and these contents under the current master key.
    pub(super) fn sealed(
        &self,
        header: &Header,
        accounts: &[Account],
        secrets: &Secrets,
        tombstones: &Tombstones,
    ) -> Vec<u8> {
        let contents = Contents {
            accounts: accounts.iter().map(StoredAccount::from).collect(),
            secrets: secrets.clone(),
            tombstones: tombstones.clone(),
        };
        let plaintext = Zeroizing::new(serde_json::to_vec(&contents).expect("accounts serialize"));
        drop(contents);
        let mut bytes = container::header_bytes(header);
        let sealed = crypto::seal(&self.master, &plaintext, &bytes);
        bytes.extend_from_slice(&sealed);
        bytes
    }

    fn prune_backups(&self) {
        if let Ok(backups) = Self::backups(&self.dir) {
            // Only the rotation is pruned; files set aside by `restore` stay.
            let rotation = backups.iter().filter(|b| b.name.starts_with("vault-"));
            for old in rotation.skip(BACKUPS_KEPT) {
                let _ = std::fs::remove_file(self.dir.backups().join(&old.name));
            }
        }
    }
}
