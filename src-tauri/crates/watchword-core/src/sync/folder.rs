//! The sync folder as sync engines leave it: which names are sync files,
//! which are conflict copies of one, which are their temporary files.

use std::path::{Path, PathBuf};

/// Every sync file's name starts so.
pub const PREFIX: &str = "watchword-sync-";
/// And ends so.
pub const SUFFIX: &str = ".wwsync";

/// The file name of `device`'s sync file.
pub fn file_name(device: &str) -> String {
    format!("{PREFIX}{device}{SUFFIX}")
}

/// What a name in the sync folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A device's sync file.
    Sync(String),
    /// A sync engine's conflict copy of a device's sync file (merged like it).
    Conflict(String),
    /// A sync engine's (or our writer's) temporary file: never read.
    Temporary,
    /// Looks like ours but is none of the above.
    Unknown,
    /// Not Watchword's.
    Other,
}

/// Classifies a file name.
pub fn classify(name: &str) -> Name {
    let Some(at) = name.find(PREFIX) else {
        return Name::Other;
    };
    let temporary = name.starts_with(".syncthing.")
        || name.starts_with("~$")
        || name.starts_with(".~lock")
        || name.starts_with('.')
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.ends_with('~');
    if temporary {
        return Name::Temporary;
    }
    let rest = &name[at + PREFIX.len()..];
    let device: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    if device.len() != 32 {
        return Name::Unknown;
    }
    let after = &rest[device.len()..];
    let lower = name.to_lowercase();
    if at == 0 && after == SUFFIX {
        Name::Sync(device)
    } else if lower.contains(".sync-conflict-")
        || lower.contains("conflicted copy")
        || lower.contains("conflict")
    {
        Name::Conflict(device)
    } else {
        Name::Unknown
    }
}

/// Every entry of the folder whose name mentions Watchword sync, with what it is.
pub fn entries(folder: &Path) -> std::io::Result<Vec<(PathBuf, String, Name)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = classify(&name);
        if kind != Name::Other && entry.file_type()?.is_file() {
            found.push((entry.path(), name, kind));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEV: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn names_sync_engines_leave_are_told_apart() {
        assert_eq!(classify(&file_name(DEV)), Name::Sync(DEV.into()));
        for temporary in [
            format!(".syncthing.{}.tmp", file_name(DEV)),
            format!("~${}", file_name(DEV)),
            format!(".~lock.{}#", file_name(DEV)),
            format!(".{}.tmp-123-abcd", file_name(DEV)),
            format!("{}.part", file_name(DEV)),
        ] {
            assert_eq!(classify(&temporary), Name::Temporary, "{temporary}");
        }
        for conflict in [
            format!("{PREFIX}{DEV}.sync-conflict-20261202-061500-ABCDEFG{SUFFIX}"),
            format!("{PREFIX}{DEV} (Bob's conflicted copy 2026-12-02){SUFFIX}"),
            format!("{PREFIX}{DEV} (conflicted copy 2026-12-02 061500){SUFFIX}"),
        ] {
            assert_eq!(
                classify(&conflict),
                Name::Conflict(DEV.into()),
                "{conflict}"
            );
        }
        assert_eq!(classify(&format!("{PREFIX}abc{SUFFIX}")), Name::Unknown);
        assert_eq!(
            classify(&format!("{PREFIX}{DEV}.wwsync.bak")),
            Name::Unknown
        );
        assert_eq!(classify("notes.txt"), Name::Other);
        assert_eq!(classify(".stignore"), Name::Other);
    }
}
