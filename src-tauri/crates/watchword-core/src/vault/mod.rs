//! The encrypted vault: one file holding every account, sealed with a random
//! master key that key slots (OS keyring, passphrase) wrap.
//!
//! Guarantees: nothing in plaintext on disk; a write is atomic (old or new
//! version, never neither); the last versions are kept in `backups/`; a file
//! that fails to parse or authenticate is reported and never overwritten; one
//! writer at a time (a lock file), and writers merge with changes other
//! processes made since they loaded.

mod container;
pub(crate) mod crypto;
pub mod keyring;
pub(crate) mod slots;
mod throttle;

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::{self, Account, FindError, NewAccount, StoredAccount};
use crate::token::{Code, Kind};
use crate::uri::OtpAccount;
use container::{Header, Malformed};
pub use crypto::KdfParams;
use crypto::Key;
pub use keyring::KeyringError;
pub use slots::Passphrase;
use slots::Slot;
use throttle::Throttle;

/// Versions kept in `backups/`.
pub const BACKUPS_KEPT: usize = 10;

/// What went wrong with the vault. Messages name the file and never a secret.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// No vault file yet.
    #[error("no vault at {0}; create one with `watchword vault init`")]
    NotFound(PathBuf),
    /// `init` on a folder that has a vault.
    #[error("a vault already exists at {0}; it was left untouched")]
    AlreadyExists(PathBuf),
    /// Some other kind of file sits where the vault should be.
    #[error("{0} is not a Watchword vault; it was left untouched")]
    Foreign(PathBuf),
    /// The file ends early.
    #[error("{0} is truncated; it was left untouched (`watchword vault restore` lists backups)")]
    Truncated(PathBuf),
    /// Written by a newer Watchword.
    #[error("{path} uses vault format {format}, newer than this Watchword understands")]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Its format number.
        format: u8,
    },
    /// The clear header cannot be read.
    #[error(
        "{path} is damaged ({detail}); it was left untouched (`watchword vault restore` lists backups)"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// The encrypted part does not authenticate: altered, or damaged on disk.
    #[error(
        "{0} failed its integrity check (altered or damaged); it was left untouched (`watchword vault restore` lists backups)"
    )]
    Tampered(PathBuf),
    /// No slot opens with the passphrase given.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// Too many wrong passphrases lately.
    #[error("too many wrong passphrases; try again in {0} s")]
    Throttled(u64),
    /// The keyring did not open it and it needs a passphrase.
    #[error("the vault needs its passphrase{}", keyring_note(.0))]
    PassphraseRequired(Option<KeyringError>),
    /// The keyring did not open it and it has no passphrase slot.
    #[error("{0}; this vault has no passphrase, so it opens only through the keyring")]
    KeyringOnly(KeyringError),
    /// Creating a vault needs at least one working slot.
    #[error(
        "{0}; give a passphrase (--passphrase-file or WATCHWORD_PASSPHRASE) to protect the vault instead"
    )]
    NoSlotPossible(KeyringError),
    /// The keyring refused an operation the user asked for explicitly.
    #[error("{0}")]
    Keyring(#[from] KeyringError),
    /// Removing the last way in would lock the user out.
    #[error("cannot remove the only way to unlock the vault; add another first")]
    LastSlot,
    /// The vault has no passphrase to remove or change.
    #[error("the vault has no passphrase")]
    NoPassphrase,
    /// An empty passphrase was given.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    /// A name or id did not pick one account.
    #[error(transparent)]
    Find(#[from] FindError),
    /// `next` on an account that is not HOTP.
    #[error("{0} is not a counter-based (HOTP) account")]
    NotHotp(String),
    /// Another vault replaced this one on disk while it was open.
    #[error("{0} was replaced by a different vault; reopen it")]
    Replaced(PathBuf),
    /// The decrypted content does not make sense.
    #[error("{path}: account {index} is invalid ({detail})")]
    BadAccount {
        /// The file.
        path: PathBuf,
        /// Position in the list.
        index: usize,
        /// Which field.
        detail: String,
    },
    /// No such backup.
    #[error("no backup {0}; `watchword vault restore` lists them")]
    NoBackup(String),
    /// A file-system operation failed (disk full, permissions, …).
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

fn keyring_note(problem: &Option<KeyringError>) -> String {
    problem
        .as_ref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default()
}

/// Replaces a small file beside the vault (settings) with the same crash
/// safety as the vault itself.
pub(crate) fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    container::write_atomic(path, bytes, None)
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> VaultError + 'a {
    move |source| VaultError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Where a vault lives: the file, its lock, its backups, its throttle record.
#[derive(Debug, Clone)]
pub struct VaultDir {
    root: PathBuf,
}

impl VaultDir {
    /// A vault in `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `WATCHWORD_DIR`, else the platform data folder (`~/.local/share/watchword`).
    pub fn from_env() -> Self {
        match std::env::var_os("WATCHWORD_DIR") {
            Some(dir) if !dir.is_empty() => Self::new(dir),
            _ => Self::new(
                dirs::data_dir()
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("watchword"),
            ),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The vault file.
    pub fn file(&self) -> PathBuf {
        self.root.join("vault.wwv")
    }

    fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// True when a vault file exists.
    pub fn exists(&self) -> bool {
        self.file().exists()
    }

    /// Takes the writer lock (blocking until other writers finish).
    fn lock(&self) -> Result<File, VaultError> {
        fs::create_dir_all(&self.root).map_err(io("create", &self.root))?;
        let path = self.root.join("vault.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io("open", &path))?;
        file.lock().map_err(io("lock", &path))?;
        Ok(file)
    }

    fn read(&self) -> Result<container::Sealed, VaultError> {
        let path = self.file();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(VaultError::NotFound(path));
            }
            Err(e) => return Err(io("read", &path)(e)),
        };
        parse_file(&path, &bytes)
    }
}

fn parse_file(path: &Path, bytes: &[u8]) -> Result<container::Sealed, VaultError> {
    container::parse(bytes).map_err(|m| match m {
        Malformed::Foreign => VaultError::Foreign(path.to_owned()),
        Malformed::Truncated => VaultError::Truncated(path.to_owned()),
        Malformed::Version(format) => VaultError::NewerFormat {
            path: path.to_owned(),
            format,
        },
        Malformed::Header(detail) => VaultError::Corrupt {
            path: path.to_owned(),
            detail,
        },
    })
}

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

/// One kept version of the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// Its name, as `vault restore NAME` takes it.
    pub name: String,
    /// The generation it holds (0 when unreadable).
    pub generation: u64,
    /// Size in bytes.
    pub size: u64,
    /// Last modification, Unix seconds.
    pub modified: u64,
}

/// Where a desktop session stands after trying to open the vault on its own.
#[derive(Debug)]
pub enum Start {
    /// The keyring opened it: no typing needed.
    Unlocked(Vault),
    /// It needs the passphrase; the keyring's problem, if it has a slot.
    NeedsPassphrase(Option<KeyringError>),
    /// First run: there is no vault yet.
    NoVault,
}

/// The decrypted payload.
#[derive(Serialize, Deserialize)]
struct Contents {
    accounts: Vec<StoredAccount>,
}

/// An unlocked vault. Secrets stay in zeroizing memory; every change is
/// written through before the method returns.
pub struct Vault {
    dir: VaultDir,
    header: Header,
    master: Key,
    accounts: Vec<Account>,
    keyring_problem: Option<KeyringError>,
    /// The outcome of the last automatic backup this handle wrote (or failed to).
    last_auto_backup: Option<Result<PathBuf, String>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("file", &self.dir.file())
            .field("generation", &self.header.generation)
            .field("accounts", &self.accounts.len())
            .finish_non_exhaustive()
    }
}

/// Whether a write sets the previous version aside in `backups/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Backup,
    NoBackup,
}

/// What the edit dialog changes: names and organisation, never the token.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AccountEdit {
    /// The service ("" for none).
    pub issuer: String,
    /// The account at that service.
    pub name: String,
    /// The group (`None` or "" for none).
    pub group: Option<String>,
    /// Free text.
    pub note: String,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
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
            keyring_problem,
            last_auto_backup: None,
        };
        vault.write(Keep::Backup)?;
        Ok(vault)
    }

    /// Opens and decrypts the vault: keyring slots first (if allowed), then the passphrase.
    pub fn open(dir: &VaultDir, unlock: &Unlock) -> Result<Self, VaultError> {
        let sealed = dir.read()?;
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
                Some(passphrase) => master = Some(Self::try_passphrase(dir, &header, passphrase)?),
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
        let accounts = decrypt_accounts(&dir.file(), &sealed, &master)?;
        Ok(Self {
            dir: dir.clone(),
            header,
            master,
            accounts,
            keyring_problem,
            last_auto_backup: None,
        })
    }

    fn try_passphrase(
        dir: &VaultDir,
        header: &Header,
        passphrase: &Passphrase,
    ) -> Result<Key, VaultError> {
        let throttle = Throttle::new(dir.root());
        if let Some(wait) = throttle.must_wait(now()) {
            return Err(VaultError::Throttled(wait));
        }
        let opened = header
            .slots
            .iter()
            .filter(|s| !s.is_keyring())
            .find_map(|slot| slot.open_with_passphrase(&header.vault_id, passphrase));
        match opened {
            Some(key) => {
                throttle.reset();
                Ok(key)
            }
            None => {
                throttle.record_failure(now());
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
            Ok(vault) => Ok(Start::Unlocked(vault)),
            Err(VaultError::PassphraseRequired(problem)) => Ok(Start::NeedsPassphrase(problem)),
            Err(VaultError::NotFound(_)) => Ok(Start::NoVault),
            Err(other) => Err(other),
        }
    }

    /// Why the keyring did not open the vault, when something else did.
    pub fn keyring_problem(&self) -> Option<&KeyringError> {
        self.keyring_problem.as_ref()
    }

    /// The folder it lives in.
    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    /// Every account, in manual sort order.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Writes so far (changes when another process writes too).
    pub fn generation(&self) -> u64 {
        self.header.generation
    }

    /// Whether a keyring slot exists.
    pub fn has_keyring_slot(&self) -> bool {
        self.header.slots.iter().any(Slot::is_keyring)
    }

    /// Whether a passphrase slot exists.
    pub fn has_passphrase_slot(&self) -> bool {
        self.header.slots.iter().any(|s| !s.is_keyring())
    }

    /// One account by id or unique name.
    pub fn find(&self, query: &str) -> Result<&Account, VaultError> {
        Ok(account::find(&self.accounts, query)?)
    }

    /// Re-reads the file if another process changed it; true when it did.
    pub fn reload_if_changed(&mut self) -> Result<bool, VaultError> {
        let sealed = self.dir.read()?;
        if sealed.header == self.header {
            return Ok(false);
        }
        if sealed.header.vault_id != self.header.vault_id {
            return Err(VaultError::Replaced(self.dir.file()));
        }
        self.accounts = decrypt_accounts(&self.dir.file(), &sealed, &self.master)?;
        self.header = sealed.header;
        Ok(true)
    }

    /// Applies a change under the writer lock, on top of the latest version on
    /// disk, and writes it through. Nothing changes in memory if it fails.
    fn change<T>(
        &mut self,
        edit: impl FnOnce(&mut Vec<Account>, &mut Vec<Slot>, &str) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        self.change_with(Keep::Backup, edit)
    }

    /// `change`, choosing whether the version it replaces goes to the backups.
    fn change_with<T>(
        &mut self,
        keep: Keep,
        edit: impl FnOnce(&mut Vec<Account>, &mut Vec<Slot>, &str) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let _lock = self.dir.lock()?;
        self.reload_if_changed()?;
        let mut accounts = self.accounts.clone();
        let mut slots = self.header.slots.clone();
        let result = edit(&mut accounts, &mut slots, &self.header.vault_id)?;
        let previous = (
            std::mem::replace(&mut self.accounts, accounts),
            std::mem::replace(&mut self.header.slots, slots),
        );
        if let Err(error) = self.write(keep) {
            (self.accounts, self.header.slots) = previous;
            return Err(error);
        }
        if keep == Keep::Backup {
            self.auto_backup();
        }
        Ok(result)
    }

    /// After a real change (not a usage count), writes an automatic backup when the
    /// settings beside the vault turn them on, whichever front end made the change.
    /// A failed backup never undoes the change; it is kept for the front end to show.
    fn auto_backup(&mut self) {
        let Ok(settings) = crate::settings::Settings::load(&self.dir) else {
            return;
        };
        if let Some(outcome) = crate::backup::auto::after_change(&settings, self, now()) {
            self.last_auto_backup = Some(outcome.map_err(|error| error.to_string()));
        }
    }

    /// The last automatic backup written through this handle: its file, or why it failed.
    pub fn last_auto_backup(&self) -> Option<&Result<PathBuf, String>> {
        self.last_auto_backup.as_ref()
    }

    /// Seals the current state as the next generation (caller holds the lock).
    fn write(&mut self, keep: Keep) -> Result<(), VaultError> {
        let path = self.dir.file();
        let contents = Contents {
            accounts: self.accounts.iter().map(StoredAccount::from).collect(),
        };
        let plaintext = Zeroizing::new(serde_json::to_vec(&contents).expect("accounts serialize"));
        drop(contents);
        let old_generation = self.header.generation;
        let header = Header {
            generation: old_generation + 1,
            ..self.header.clone()
        };
        let mut bytes = container::header_bytes(&header);
        let sealed = crypto::seal(&self.master, &plaintext, &bytes);
        bytes.extend_from_slice(&sealed);
        let backup = self
            .dir
            .backups()
            .join(format!("vault-{old_generation:08}.wwv"));
        fs::create_dir_all(self.dir.root()).map_err(io("create", self.dir.root()))?;
        let backup = (old_generation > 0 && keep == Keep::Backup).then_some(backup);
        container::write_atomic(&path, &bytes, backup).map_err(io("write", &path))?;
        self.header = header;
        self.prune_backups();
        Ok(())
    }

    fn prune_backups(&self) {
        if let Ok(backups) = Self::backups(&self.dir) {
            // Only the rotation is pruned; files set aside by `restore` stay.
            let rotation = backups.iter().filter(|b| b.name.starts_with("vault-"));
            for old in rotation.skip(BACKUPS_KEPT) {
                let _ = fs::remove_file(self.dir.backups().join(&old.name));
            }
        }
    }

    /// Adds an account and returns its id.
    pub fn add(&mut self, otp: OtpAccount) -> Result<String, VaultError> {
        self.change(|accounts, _, _| {
            let sort = accounts.iter().map(|a| a.sort + 1).max().unwrap_or(0);
            let account = Account::new(otp, sort, now());
            let id = account.id.clone();
            accounts.push(account);
            Ok(id)
        })
    }

    /// Adds many accounts in one write (imports, benchmarks).
    pub fn add_many(&mut self, otps: Vec<OtpAccount>) -> Result<Vec<String>, VaultError> {
        self.add_new(otps.into_iter().map(NewAccount::from).collect())
    }

    /// Adds many accounts with their groups and notes in one write (imports).
    pub fn add_new(&mut self, news: Vec<NewAccount>) -> Result<Vec<String>, VaultError> {
        self.change(|accounts, _, _| {
            let first = accounts.iter().map(|a| a.sort + 1).max().unwrap_or(0);
            let mut ids = Vec::with_capacity(news.len());
            for (sort, new) in (first..).zip(news) {
                let mut account = Account::new(new.otp, sort, now());
                account.group = new.group;
                account.note = new.note;
                ids.push(account.id.clone());
                accounts.push(account);
            }
            Ok(ids)
        })
    }

    /// The vault's random id: binds keyring items (slot keys, the automatic
    /// backup key) to this vault.
    pub fn id(&self) -> &str {
        &self.header.vault_id
    }

    /// Removes an account; returns it (for undo).
    pub fn remove(&mut self, query: &str) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            Ok(accounts.remove(index))
        })
    }

    /// Renames an account (`issuer: None` keeps the current issuer).
    pub fn rename(
        &mut self,
        query: &str,
        issuer: Option<String>,
        name: String,
    ) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            if let Some(issuer) = issuer {
                account.otp.issuer = Some(issuer).filter(|i| !i.trim().is_empty());
            }
            account.otp.name = name;
            Ok(account.clone())
        })
    }

    /// Changes what the user organises an account by; the token stays as it is.
    pub fn edit(&mut self, query: &str, edit: AccountEdit) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            account.otp.issuer = Some(edit.issuer.trim().to_owned()).filter(|i| !i.is_empty());
            account.otp.name = edit.name.trim().to_owned();
            account.group = edit
                .group
                .map(|g| g.trim().to_owned())
                .filter(|g| !g.is_empty());
            account.note = edit.note;
            Ok(account.clone())
        })
    }

    /// Puts a removed account back as it was (undo), unless it is back already.
    pub fn restore_account(&mut self, removed: Account) -> Result<(), VaultError> {
        self.change(|accounts, _, _| {
            if !accounts.iter().any(|a| a.id == removed.id) {
                let at = accounts
                    .iter()
                    .position(|a| a.sort > removed.sort)
                    .unwrap_or(accounts.len());
                accounts.insert(at, removed);
            }
            Ok(())
        })
    }

    /// The manual order: `ids` first, in that order; any others keep theirs after.
    pub fn reorder(&mut self, ids: &[String]) -> Result<(), VaultError> {
        self.change(|accounts, _, _| {
            let rank = |a: &Account| ids.iter().position(|id| *id == a.id).unwrap_or(usize::MAX);
            accounts.sort_by_key(|a| (rank(a), a.sort));
            for (sort, account) in (0..).zip(accounts.iter_mut()) {
                account.sort = sort;
            }
            Ok(())
        })
    }

    /// Counts a copy for "most used". Not worth a backup: usage is no content.
    pub fn record_use(&mut self, query: &str) -> Result<(), VaultError> {
        self.change_with(Keep::NoBackup, |accounts, _, _| {
            let index = account::position(accounts, query)?;
            accounts[index].use_count += 1;
            accounts[index].last_used = Some(now());
            Ok(())
        })
    }

    /// HOTP: advances the counter and returns the code at the new counter.
    pub fn next_hotp(&mut self, query: &str) -> Result<Code, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            let Kind::Hotp { counter } = account.otp.token.kind() else {
                return Err(VaultError::NotHotp(account.label()));
            };
            account.otp.token.set_counter(counter.wrapping_add(1));
            account.use_count += 1;
            account.last_used = Some(now());
            Ok(account.otp.token.code_at(0))
        })
    }

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

    /// Kept versions, newest first.
    pub fn backups(dir: &VaultDir) -> Result<Vec<Backup>, VaultError> {
        let folder = dir.backups();
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io("list", &folder)(e)),
        };
        let mut backups: Vec<Backup> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".wwv"))
            .map(|entry| {
                let path = entry.path();
                let meta = entry.metadata().ok();
                let generation = fs::read(&path)
                    .ok()
                    .and_then(|bytes| container::parse(&bytes).ok())
                    .map_or(0, |sealed| sealed.header.generation);
                Backup {
                    name: entry.file_name().to_string_lossy().into_owned(),
                    generation,
                    size: meta.as_ref().map_or(0, |m| m.len()),
                    modified: meta
                        .and_then(|m| m.modified().ok())
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_secs()),
                }
            })
            .collect();
        backups.sort_by(|a, b| b.generation.cmp(&a.generation).then(b.name.cmp(&a.name)));
        Ok(backups)
    }

    /// Makes a backup the current vault, after checking it opens with
    /// `unlock`. The file it replaces is kept in `backups/` as well.
    pub fn restore(dir: &VaultDir, name: &str, unlock: &Unlock) -> Result<Self, VaultError> {
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(VaultError::NoBackup(name.to_owned()));
        }
        let source = dir.backups().join(name);
        let bytes = fs::read(&source).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => VaultError::NoBackup(name.to_owned()),
            _ => io("read", &source)(e),
        })?;
        // Prove it opens before touching anything.
        let staging = tempfile::Builder::new()
            .prefix(".restore-")
            .tempdir_in(dir.root())
            .map_err(io("create a staging folder in", dir.root()))?;
        let staged = VaultDir::new(staging.path());
        fs::write(staged.file(), &bytes).map_err(io("write", &staged.file()))?;
        let mut restored = Self::open(&staged, unlock)?;

        let _lock = dir.lock()?;
        let current = dir.file();
        let mut generation = restored.header.generation;
        if let Ok(bytes) = fs::read(&current) {
            if let Ok(sealed) = container::parse(&bytes) {
                generation = generation.max(sealed.header.generation);
            }
            let keep = dir.backups().join(format!("replaced-{}.wwv", now()));
            fs::create_dir_all(dir.backups()).map_err(io("create", &dir.backups()))?;
            fs::write(&keep, &bytes).map_err(io("write", &keep))?;
        }
        restored.dir = dir.clone();
        restored.header.generation = generation;
        restored.write(Keep::Backup)?;
        Ok(restored)
    }
}

fn decrypt_accounts(
    path: &Path,
    sealed: &container::Sealed,
    master: &Key,
) -> Result<Vec<Account>, VaultError> {
    let plaintext = crypto::open(master, &sealed.payload, &sealed.aad)
        .ok_or_else(|| VaultError::Tampered(path.to_owned()))?;
    let contents: Contents =
        serde_json::from_slice(&plaintext).map_err(|e| VaultError::Corrupt {
            path: path.to_owned(),
            detail: format!("content: {e}"),
        })?;
    contents
        .accounts
        .into_iter()
        .enumerate()
        .map(|(index, stored)| {
            stored
                .into_account()
                .map_err(|detail| VaultError::BadAccount {
                    path: path.to_owned(),
                    index,
                    detail,
                })
        })
        .collect()
}
