//! Where a vault lives: its file, writer lock, kept versions and throttle record.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use super::container::{self, Malformed};
use super::error::{VaultError, io};

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

    pub(super) fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// True when a vault file exists.
    pub fn exists(&self) -> bool {
        self.file().exists()
    }

    /// Takes the writer lock (blocking until other writers finish).
    pub(super) fn lock(&self) -> Result<File, VaultError> {
        crate::files::create_private_dir(&self.root).map_err(io("create", &self.root))?;
        let path = self.lock_file();
        let file = crate::files::open_private(&path).map_err(io("open", &path))?;
        file.lock().map_err(io("lock", &path))?;
        Ok(file)
    }

    /// Narrows the folder, its `backups/` and every file in them to owner-only
    /// (0700 / 0600) where an older version or the umask left them wider;
    /// returns what was narrowed, for the front end to say once.
    pub(super) fn narrow_permissions(&self) -> Vec<PathBuf> {
        let mut narrowed = Vec::new();
        for folder in [self.root.clone(), self.backups()] {
            if crate::files::narrow(&folder, crate::files::DIR_MODE) {
                narrowed.push(folder.clone());
            }
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                let is_file = entry.file_type().is_ok_and(|t| t.is_file());
                if is_file && crate::files::narrow(&path, crate::files::FILE_MODE) {
                    narrowed.push(path);
                }
            }
        }
        narrowed
    }

    /// The lock file, which also remembers the highest generation written
    /// here (no secret): one small file that every writer already opens, so a
    /// writer killed at any instant leaves no debris beside it.
    fn lock_file(&self) -> PathBuf {
        self.root.join("vault.lock")
    }

    /// The highest generation this folder's vault has had, as remembered.
    pub(super) fn highest_generation_seen(&self) -> u64 {
        fs::read_to_string(self.lock_file())
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Remembers `generation` (the caller holds the writer lock). Written in
    /// place as 20 fixed-width digits, so a torn write cannot shorten it; best
    /// effort: a read-only folder only loses the rollback check, not the vault.
    pub(super) fn remember_generation(&self, generation: u64) {
        if generation <= self.highest_generation_seen() {
            return;
        }
        if let Ok(file) = crate::files::open_private(&self.lock_file()) {
            let digits = format!("{generation:020}");
            #[cfg(unix)]
            let _ = std::os::unix::fs::FileExt::write_all_at(&file, digits.as_bytes(), 0);
            #[cfg(not(unix))]
            let _ = {
                use std::io::{Seek, Write};
                let mut file = file;
                file.seek(std::io::SeekFrom::Start(0))
                    .and_then(|_| file.write_all(digits.as_bytes()))
            };
        }
    }

    pub(super) fn read(&self) -> Result<container::Sealed, VaultError> {
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
