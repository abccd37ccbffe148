//! The one way Watchword writes a file: atomically (a crash leaves the old file
//! or the new one, never a mix), fsynced, and readable by the owner only
//! whatever the umask, because nearly everything it writes reveals which
//! services a person uses or holds a secret outright.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Mode of every file Watchword creates.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every folder Watchword creates.
pub const DIR_MODE: u32 = 0o700;

/// Replaces `path` with `bytes` (see [`write_keeping`]), without keeping the old version.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_keeping(path, bytes, None)
}

/// Replaces `path` with `bytes` so that a crash at any instant leaves either
/// the old file or the new one: a temp file beside it (mode 0600), fsync,
/// the old version hard-linked to `backup_of_old` if given, rename, fsync of
/// the folder. A missing parent folder is created owner-only. On failure the
/// temp file is removed and `path` is as it was.
pub fn write_keeping(
    path: &Path,
    bytes: &[u8],
    backup_of_old: Option<&Path>,
) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    create_private_dir(folder)?;
    let temp = temp_name(folder, path);
    let result = (|| {
        let mut file = create_new_private(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if let Some(backup) = backup_of_old
            && path.exists()
        {
            keep_old_version(path, backup)?;
        }
        fs::rename(&temp, path)?;
        File::open(folder)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates `path` and any missing parents with mode 0700; an existing folder is left as it is.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(path)
}

/// Opens `path` for writing without truncating, creating it with mode 0600
/// (lock files, which only need to exist).
pub fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options.open(path)
}

/// Takes from `path`'s mode whatever `mode` does not grant (a file another
/// program or an older version made readable by others); true when it did.
/// Links are left alone.
#[cfg(unix)]
pub fn narrow(path: &Path, mode: u32) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    let current = meta.permissions().mode() & 0o777;
    if current & !mode == 0 || meta.file_type().is_symlink() {
        return false;
    }
    fs::set_permissions(path, fs::Permissions::from_mode(current & mode)).is_ok()
}

/// Modes are Unix's: elsewhere there is nothing to narrow.
#[cfg(not(unix))]
pub fn narrow(_path: &Path, _mode: u32) -> bool {
    false
}

fn create_new_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path)?;
    // The mode given at creation is masked by the umask; set it outright.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(FILE_MODE))?;
    }
    Ok(file)
}

/// Links (or, where links are impossible, copies) the current `path` to `backup`.
fn keep_old_version(path: &Path, backup: &Path) -> std::io::Result<()> {
    if let Some(parent) = backup.parent() {
        create_private_dir(parent)?;
    }
    match fs::hard_link(path, backup) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // A folder that cannot hard-link (some network drives): copy.
        Err(_) => fs::copy(path, backup).map(drop),
    }
}

/// `.NAME.tmp-PID-RANDOM` beside the target: hidden, and unique per writer.
fn temp_name(folder: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let mut random = [0u8; 4];
    getrandom::fill(&mut random).expect("the OS random source works");
    folder.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        crate::hex::encode(&random)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn atomic_write_replaces_and_links_the_old_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        write_private(&path, b"one").unwrap();
        let backup = dir.path().join("backups").join("one");
        write_keeping(&path, b"two", Some(&backup)).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(&backup).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        write_private(&path, b"one").unwrap();
        // A backup destination under a file cannot be created: the write fails
        // after the temp file was written, and must clean up.
        fs::write(dir.path().join("blocker"), b"").unwrap();
        let blocked = dir.path().join("blocker").join("b");
        assert!(write_keeping(&path, b"two", Some(&blocked)).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn files_and_new_folders_are_owner_only_and_a_loose_file_is_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("deeper").join("file");
        write_private(&path, b"secret").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        // A file the user made world-readable is replaced by an owner-only one.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, b"again").unwrap();
        assert_eq!(mode(&path), 0o600);
        let lock = dir.path().join("lock");
        open_private(&lock).unwrap();
        assert_eq!(mode(&lock), 0o600);
    }
}
