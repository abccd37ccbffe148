//! This computer in the sync group: its settings (kept in the vault's
//! secrets), joining and leaving, and writing its own file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::folder::{self, Name};
use super::format::{self, FileError, Header};
use super::stamp::Tombstones;
use crate::account::Account;
use crate::vault::{KdfParams, Passphrase, Vault, VaultError, crypto};

/// The name of the vault secret holding [`SyncConfig`].
pub const SECRET: &str = "sync";

/// Argon2id costs for the sync key: 64 MiB, 3 passes (derived once per setup).
pub const SYNC_KDF: KdfParams = KdfParams {
    memory_kib: 64 * 1024,
    iterations: 3,
    parallelism: 1,
};

/// Why sync could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No `sync setup` on this vault.
    #[error("sync is not set up on this computer (watchword sync setup --folder DIR)")]
    NotSetUp,
    /// The vault refused the change.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// A file or the folder could not be read or written.
    #[error("cannot {action} {path}: {detail}")]
    Io {
        /// What was tried.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// The passphrase opens none of the sync files already in the folder.
    #[error("the sync passphrase does not open the sync files in {0} (another passphrase?)")]
    WrongPassphrase(PathBuf),
    /// An empty passphrase.
    #[error("the sync passphrase is empty")]
    EmptyPassphrase,
    /// The settings in the vault do not parse (should not happen).
    #[error("the sync settings in the vault are damaged: {0}")]
    Damaged(String),
    /// Deriving the key failed.
    #[error("cannot derive the sync key: {0}")]
    Kdf(String),
    /// A pairing code that cannot be used (the reason, never the code).
    #[error("{0}")]
    Pairing(String),
}

/// `Io` with a path, for `map_err`.
pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> SyncError {
    let path = path.to_owned();
    move |e| SyncError::Io {
        action,
        path,
        detail: e.to_string(),
    }
}

/// How this computer syncs: where, as whom, and the key (hex). Lives only in
/// the vault's secrets.
#[derive(Clone, Serialize, Deserialize)]
pub struct SyncConfig {
    /// The shared folder.
    pub folder: PathBuf,
    /// This computer's device id (32 hex digits).
    pub device: String,
    /// The group's id (hex salt).
    pub group: String,
    /// The costs the key was derived with.
    pub kdf: KdfParams,
    /// The derived key, hex.
    key: Zeroizing<String>,
}

impl std::fmt::Debug for SyncConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncConfig")
            .field("folder", &self.folder)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl SyncConfig {
    /// The settings kept in `secret` (the vault's `sync` secret).
    pub fn parse(secret: &str) -> Result<Self, SyncError> {
        serde_json::from_str(secret).map_err(|e| SyncError::Damaged(e.to_string()))
    }

    /// The settings of `vault`, if sync is set up.
    pub fn of(vault: &Vault) -> Result<Self, SyncError> {
        Self::parse(vault.secret(SECRET).ok_or(SyncError::NotSetUp)?)
    }

    /// The key, as bytes.
    pub(crate) fn key(&self) -> Result<Zeroizing<[u8; 32]>, SyncError> {
        let bytes = crate::hex::decode(&self.key)
            .filter(|b| b.len() == 32)
            .ok_or_else(|| SyncError::Damaged("key".into()))?;
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&bytes);
        Ok(key)
    }

    /// The key in hex, for the pairing code only.
    pub(crate) fn key_hex(&self) -> &Zeroizing<String> {
        &self.key
    }

    /// This computer's file in the folder.
    pub fn own_file(&self) -> PathBuf {
        self.folder.join(folder::file_name(&self.device))
    }

    /// The header this computer writes.
    pub fn header(&self) -> Header {
        Header {
            group: self.group.clone(),
            kdf: self.kdf,
            device: self.device.clone(),
        }
    }
}

/// Joins the sync group in `folder` (making one if the folder has no sync
/// file yet) with `passphrase`, keeping the key in the vault. The costs are
/// [`SYNC_KDF`] for a new group (tests pass lighter ones).
pub fn setup(
    vault: &mut Vault,
    folder: &Path,
    passphrase: &Passphrase,
    kdf: KdfParams,
) -> Result<SyncConfig, SyncError> {
    if passphrase.is_empty() {
        return Err(SyncError::EmptyPassphrase);
    }
    crate::files::create_private_dir(folder).map_err(io("create", folder))?;
    let device = device_of(vault);
    let (group, kdf, key) = join(folder, &device, passphrase, kdf)?;
    install(vault, folder, group, kdf, key)
}

/// This computer's device id: the one it had, or a new one.
fn device_of(vault: &Vault) -> String {
    match SyncConfig::of(vault) {
        Ok(old) => old.device,
        Err(_) => crate::hex::encode(&crypto::random::<16>()),
    }
}

/// Keeps the group's key in the vault (by passphrase or pairing code alike)
/// and writes this computer's first file in `folder`.
pub(crate) fn install(
    vault: &mut Vault,
    folder: &Path,
    group: String,
    kdf: KdfParams,
    key: Zeroizing<[u8; 32]>,
) -> Result<SyncConfig, SyncError> {
    let folder = folder.canonicalize().map_err(io("open", folder))?;
    let config = SyncConfig {
        folder,
        device: device_of(vault),
        group,
        kdf,
        key: Zeroizing::new(crate::hex::encode(key.as_slice())),
    };
    let json = Zeroizing::new(serde_json::to_string(&config).expect("settings serialize"));
    vault.set_secret(SECRET, Some(json))?;
    let now = crate::clock::unix_now().unwrap_or(0);
    write_own(&config, vault.accounts(), vault.tombstones(), now)?;
    Ok(config)
}

/// Whether `key` opens the files of `group` in `folder` (true when there are
/// none yet: the first computer to arrive).
pub(crate) fn opens_group(folder: &Path, group: &str, key: &[u8; 32]) -> Result<bool, SyncError> {
    let mut found = false;
    for (path, _, name) in folder::entries(folder).map_err(io("read", folder))? {
        let Name::Sync(_) = name else { continue };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok((header, _)) = format::read_header(&bytes) else {
            continue;
        };
        if header.group != group {
            continue;
        }
        if format::open(&bytes, key).is_ok() {
            return Ok(true);
        }
        found = true;
    }
    Ok(!found)
}

type Joined = (String, KdfParams, Zeroizing<[u8; 32]>);

/// The group whose files `passphrase` opens, or a new one when the folder
/// has none.
fn join(
    folder: &Path,
    device: &str,
    passphrase: &Passphrase,
    kdf: KdfParams,
) -> Result<Joined, SyncError> {
    let mut tried: Vec<(String, KdfParams)> = Vec::new();
    for (path, _, name) in folder::entries(folder).map_err(io("read", folder))? {
        let Name::Sync(owner) = name else { continue };
        if owner == device {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok((header, _)) = format::read_header(&bytes) else {
            continue;
        };
        let group = (header.group.clone(), header.kdf);
        if tried.contains(&group) {
            continue;
        }
        tried.push(group);
        let key = derive(passphrase, &header.group, header.kdf)?;
        if format::open(&bytes, &key).is_ok() {
            return Ok((header.group, header.kdf, key));
        }
    }
    if !tried.is_empty() {
        return Err(SyncError::WrongPassphrase(folder.to_owned()));
    }
    let group = crate::hex::encode(&crypto::random::<16>());
    let key = derive(passphrase, &group, kdf)?;
    Ok((group, kdf, key))
}

fn derive(
    passphrase: &Passphrase,
    group: &str,
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, SyncError> {
    let salt = crate::hex::decode(group).ok_or_else(|| SyncError::Kdf("group id".into()))?;
    kdf.derive(passphrase.bytes(), &salt)
        .map_err(|e| SyncError::Kdf(e.to_string()))
}

/// Leaves the group: removes this computer's file and the settings (with
/// the key) from the vault. Accounts stay as they are.
pub fn leave(vault: &mut Vault) -> Result<SyncConfig, SyncError> {
    let config = SyncConfig::of(vault)?;
    match std::fs::remove_file(config.own_file()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io("remove", &config.own_file())(e)),
    }
    vault.set_secret(SECRET, None)?;
    Ok(config)
}

/// Writes this computer's file unless it already holds exactly these
/// accounts and tombstones; true when it wrote.
pub fn write_own(
    config: &SyncConfig,
    accounts: &[Account],
    tombstones: &Tombstones,
    now: u64,
) -> Result<bool, SyncError> {
    let key = config.key()?;
    let path = config.own_file();
    let bytes = format::seal(&key, &config.header(), now, accounts, tombstones);
    if let Ok(old) = std::fs::read(&path)
        && same_content(&old, &bytes, &key)
    {
        return Ok(false);
    }
    crate::files::write_private(&path, &bytes).map_err(io("write", &path))?;
    Ok(true)
}

/// Whether two sync files hold the same accounts and tombstones (the time
/// of writing aside).
fn same_content(old: &[u8], new: &[u8], key: &[u8; 32]) -> bool {
    let content = |bytes: &[u8]| -> Result<Zeroizing<Vec<u8>>, FileError> {
        let (header, payload) = format::open(bytes, key)?;
        let value = (header, &payload.accounts, &payload.tombstones);
        Ok(Zeroizing::new(
            serde_json::to_vec(&value).map_err(|e| FileError::Damaged(e.to_string()))?,
        ))
    };
    matches!((content(old), content(new)), (Ok(a), Ok(b)) if a == b)
}
