//! Getting into a vault: status without a key, creating, opening through the
//! keyring or a passphrase (throttled), and the desktop's launch attempt.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::container::Header;
use super::crypto::{self, Key};
use super::error::VaultError;
use super::history::Backup;
use super::slots::{Passphrase, Slot};
use super::throttle::Throttle;
use super::{KdfParams, Keep, KeyringError, Vault, VaultDir, decrypt_contents};
use crate::clock::{Clock, SystemClock};

/// How a vault may be opened.
#[derive(Debug, Clone, Default)]
pub struct Unlock {
    /// Try the keyring slots first.
    pub keyring: bool,
    /// Then try this passphrase.
    pub passphrase: Option<Passphrase>,
}

/// How a new vault is protected.
#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Add a keyring slot (skipped with a notice if the keyring is unavailable
    /// and a passphrase is given).
    pub keyring: bool,
    /// Add a passphrase slot.
    pub passphrase: Option<Passphrase>,
    /// Argon2id costs for the passphrase slot.
    pub kdf: KdfParams,
}

/// What `vault status` reports without unlocking anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VaultStatus {
    /// The vault file.
    pub path: PathBuf,
    /// Whether it exists.
    pub exists: bool,
    /// Whether a keyring slot exists.
    pub keyring_slot: bool,
    /// Whether a passphrase slot exists.
    pub passphrase_slot: bool,
    /// Writes so far.
    pub generation: u64,
    /// Backups kept, newest first.
    pub backups: Vec<Backup>,
}

/// Where a desktop session stands after trying to open the vault on its own.
#[derive(Debug)]
pub enum Start {
    /// The keyring opened it: no typing needed.
    Unlocked(Box<Vault>),
    /// It needs the passphrase; the keyring's problem, if it has a slot.
    NeedsPassphrase(Option<KeyringError>),
    /// First run: there is no vault yet.
    NoVault,
}

impl Vault {
    /// Reports what protects the vault, without unlocking it.
    pub fn status(dir: &VaultDir) -> Result<VaultStatus, VaultError> {
        let backups = Self::backups(dir)?;
        match dir.read() {
            Ok(sealed) => Ok(VaultStatus {
                path: dir.file(),
                exists: true,
                keyring_slot: sealed.header.slots.iter().any(Slot::is_keyring),
                passphrase_slot: sealed.header.slots.iter().any(|s| !s.is_keyring()),
                generation: sealed.header.generation,
                backups,
            }),
            Err(VaultError::NotFound(path)) => Ok(VaultStatus {
                path,
                exists: false,
                keyring_slot: false,
                passphrase_slot: false,
                generation: 0,
                backups,
            }),
            Err(other) => Err(other),
        }
    }

    /// Creates a new, empty vault. Refuses if one exists.
    pub fn create(dir: &VaultDir, options: &CreateOptions) -> Result<Self, VaultError> {
        let _lock = dir.lock()?;
        if dir.exists() {
            return Err(VaultError::AlreadyExists(dir.file()));
        }
        if options
            .passphrase
            .as_ref()
            .is_some_and(Passphrase::is_empty)
        {
            return Err(VaultError::EmptyPassphrase);
        }
        let vault_id = uuid::Uuid::new_v4().to_string();
        let master = crypto::random_key();
        let mut slots = Vec::new();
        let mut keyring_problem = None;
        if options.keyring {
            match Slot::new_keyring(&vault_id, &master) {
                Ok(slot) => slots.push(slot),
                Err(problem) if options.passphrase.is_some() => keyring_problem = Some(problem),
                Err(problem) => return Err(VaultError::NoSlotPossible(problem)),
            }
        }
        if let Some(passphrase) = &options.passphrase {
            slots.push(
                Slot::new_passphrase(&vault_id, &master, passphrase, options.kdf)
                    .ok_or(VaultError::EmptyPassphrase)?,
            );
        }
        if slots.is_empty() {
            return Err(VaultError::NoSlotPossible(KeyringError::Unavailable(
                "the keyring was not asked for".into(),
            )));
        }
        let mut vault = Self {
            dir: dir.clone(),
            header: Header {
                vault_id,
                generation: 0,
                slots,
            },
            master,
            accounts: Vec::new(),
            secrets: Default::default(),
            tombstones: Default::default(),
            keyring_problem,
            narrowed: Vec::new(),
            listeners: Vec::new(),
            clock: Arc::new(SystemClock),
        };
        vault.write(Keep::Backup)?;
        Ok(vault)
    }

    /// Opens and decrypts the vault: keyring slots first (if allowed), then the passphrase.
    pub fn open(dir: &VaultDir, unlock: &Unlock) -> Result<Self, VaultError> {
        Self::open_with_clock(dir, unlock, Arc::new(SystemClock))
    }

    /// `open`, with `clock` for the throttle and everything the vault stamps.
    pub fn open_with_clock(
        dir: &VaultDir,
        unlock: &Unlock,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, VaultError> {
        Self::open_throttled_by(dir, unlock, clock, dir.root())
    }

    /// `open_with_clock`, with wrong passphrases counted in `throttle_dir`.
    pub(super) fn open_throttled_by(
        dir: &VaultDir,
        unlock: &Unlock,
        clock: Arc<dyn Clock>,
        throttle_dir: &Path,
    ) -> Result<Self, VaultError> {
        let sealed = dir.read()?;
        let seen = dir.highest_generation_seen();
        if sealed.header.generation < seen {
            return Err(VaultError::RolledBack {
                path: dir.file(),
                found: sealed.header.generation,
                seen,
            });
        }
        let header = sealed.header.clone();
        let mut keyring_problem = None;
        let mut master = None;
        if unlock.keyring {
            for slot in header.slots.iter().filter(|s| s.is_keyring()) {
                match slot.open_with_keyring(&header.vault_id) {
                    Ok(key) => {
                        master = Some(key);
                        break;
                    }
                    Err(problem) => keyring_problem = Some(problem),
                }
            }
        }
        let has_passphrase_slot = header.slots.iter().any(|s| !s.is_keyring());
        if master.is_none() {
            match &unlock.passphrase {
                Some(_) if !has_passphrase_slot => {
                    return Err(match keyring_problem {
                        Some(problem) => VaultError::KeyringOnly(problem),
                        None => VaultError::NoPassphrase,
                    });
                }
                Some(passphrase) => {
                    master = Some(Self::try_passphrase(
                        throttle_dir,
                        &header,
                        passphrase,
                        clock.now(),
                    )?)
                }
                None if has_passphrase_slot => {
                    return Err(VaultError::PassphraseRequired(keyring_problem));
                }
                None => {
                    return Err(VaultError::KeyringOnly(keyring_problem.unwrap_or(
                        KeyringError::Unavailable("the keyring was not asked".into()),
                    )));
                }
            }
        }
        let master = master.expect("set above or returned");
        let (accounts, secrets, tombstones) = decrypt_contents(&dir.file(), &sealed, &master)?;
        Ok(Self {
            dir: dir.clone(),
            header,
            master,
            accounts,
            secrets,
            tombstones,
            keyring_problem,
            narrowed: dir.narrow_permissions(),
            listeners: Vec::new(),
            clock,
        })
    }

    /// Tries `passphrase` on the passphrase slots, throttled by the record in
    /// `throttle_dir` (the vault's own folder, also when a backup is tried).
    fn try_passphrase(
        throttle_dir: &Path,
        header: &Header,
        passphrase: &Passphrase,
        now: u64,
    ) -> Result<Key, VaultError> {
        let throttle = Throttle::new(throttle_dir);
        let attempt = throttle.attempt();
        if let Some(wait) = attempt.must_wait(now) {
            return Err(VaultError::Throttled(wait));
        }
        let opened = header
            .slots
            .iter()
            .filter(|s| !s.is_keyring())
            .find_map(|slot| slot.open_with_passphrase(&header.vault_id, passphrase));
        match opened {
            Some(key) => {
                attempt.succeeded();
                Ok(key)
            }
            None => {
                attempt.failed(now);
                Err(VaultError::WrongPassphrase)
            }
        }
    }

    /// What a desktop session does at launch: open through the keyring when it
    /// can, otherwise say whether a passphrase or a first-run setup is needed.
    pub fn start(dir: &VaultDir) -> Result<Start, VaultError> {
        match Self::open(
            dir,
            &Unlock {
                keyring: true,
                passphrase: None,
            },
        ) {
            Ok(vault) => Ok(Start::Unlocked(Box::new(vault))),
            Err(VaultError::PassphraseRequired(problem)) => Ok(Start::NeedsPassphrase(problem)),
            Err(VaultError::NotFound(_)) => Ok(Start::NoVault),
            Err(other) => Err(other),
        }
    }
}
