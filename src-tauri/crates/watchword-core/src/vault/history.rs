//! Kept versions of the vault (`backups/`) and restoring one.

use std::fs;

use serde::{Deserialize, Serialize};

use super::container;
use super::crypto::Key;
use super::error::{VaultError, io};
use super::{Keep, Unlock, Vault, VaultDir, decrypt_contents};

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

impl Vault {
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
        crate::files::write_private(&staged.file(), &bytes).map_err(io("write", &staged.file()))?;
        // Wrong passphrases count against the vault, as when opening it.
        let clock = std::sync::Arc::new(crate::clock::SystemClock);
        let mut restored = Self::open_throttled_by(&staged, unlock, clock, dir.root())?;

        let _lock = dir.lock()?;
        let current = dir.file();
        // The next generation is above every one seen: the restored vault is
        // the newest, and a later rollback check does not refuse it.
        let mut generation = restored
            .header
            .generation
            .max(dir.highest_generation_seen());
        if let Ok(bytes) = fs::read(&current) {
            if let Ok(sealed) = container::parse(&bytes) {
                generation = generation.max(sealed.header.generation);
            }
            let keep = dir
                .backups()
                .join(format!("replaced-{}.wwv", restored.clock.now()));
            crate::files::write_private(&keep, &bytes).map_err(io("write", &keep))?;
        }
        restored.dir = dir.clone();
        restored.header.generation = generation;
        restored.write(Keep::Backup)?;
        Ok(restored)
    }

    /// Re-encrypts every kept version `old` opens under the current master
    /// key and slots, keeping its generation; a kept version `old` cannot
    /// open (another key's) is removed, so no earlier way in opens anything
    /// in `backups/` after the key changed.
    pub(super) fn rekey_kept_versions(&self, old: &Key) -> Result<(), VaultError> {
        let folder = self.dir.backups();
        for backup in Self::backups(&self.dir)? {
            let path = folder.join(&backup.name);
            let bytes = fs::read(&path).map_err(io("read", &path))?;
            let opened = container::parse(&bytes)
                .ok()
                .and_then(|sealed| Some((decrypt_contents(&path, &sealed, old).ok()?, sealed)));
            match opened {
                Some(((accounts, secrets, tombstones), sealed)) => {
                    let header = container::Header {
                        slots: self.header.slots.clone(),
                        ..sealed.header
                    };
                    let bytes = self.sealed(&header, &accounts, &secrets, &tombstones);
                    crate::files::write_private(&path, &bytes).map_err(io("rewrite", &path))?;
                }
                None => fs::remove_file(&path).map_err(io("remove", &path))?,
            }
        }
        Ok(())
    }
}
