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
        let path = self.root.join("vault.lock");
        let file = crate::files::open_private(&path).map_err(io("open", &path))?;
        file.lock().map_err(io("lock", &path))?;
        Ok(file)
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
