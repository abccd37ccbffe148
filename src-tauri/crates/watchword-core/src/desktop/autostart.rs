//! "Start at login": the XDG autostart entry (`$XDG_CONFIG_HOME/autostart/`,
//! read by GNOME, KDE, Xfce, LXQt and the others at login). Its presence is
//! the setting, so there is nothing to keep in step: turning it on writes the
//! entry (owner-only, like every file Watchword writes), turning it off
//! removes it, and the desktop's own "startup applications" editor sees the same file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Why the entry could not be written or removed.
#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    /// Neither `XDG_CONFIG_HOME` nor `HOME` names a folder.
    #[error("no configuration folder: neither XDG_CONFIG_HOME nor HOME is set")]
    NoConfigHome,
    /// The disk refused (permissions, read-only, full).
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// Writing or removing.
        action: &'static str,
        /// The entry.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// The entry's file name: the app's identifier, as desktop files are named.
pub const FILE_NAME: &str = "app.watchword.desktop.desktop";

/// The argument that starts the app without its window, in the tray.
pub const HIDDEN_FLAG: &str = "--hidden";

/// Folders where an installed `watchword-desktop` is found by name in any
/// session's `PATH` (a login session's `PATH` may lack the user's own folders).
const SYSTEM_BIN: [&str; 3] = ["/usr/bin", "/usr/local/bin", "/bin"];

/// The autostart entry of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autostart {
    path: PathBuf,
}

impl Autostart {
    /// The entry under this process's configuration folder (`XDG_CONFIG_HOME`,
    /// else `~/.config`).
    pub fn from_env() -> Result<Self, AutostartError> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        config_home(std::env::var_os("XDG_CONFIG_HOME"), home)
            .map(|config| Self::in_config_home(&config))
            .ok_or(AutostartError::NoConfigHome)
    }

    /// The entry under the configuration folder `config`.
    pub fn in_config_home(config: &Path) -> Self {
        Self {
            path: config.join("autostart").join(FILE_NAME),
        }
    }

    /// Where the entry lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the app starts at login: the entry exists and neither hides
    /// itself nor was switched off by GNOME's editor.
    pub fn is_enabled(&self) -> bool {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return false;
        };
        !text.lines().map(str::trim).any(|line| {
            line.eq_ignore_ascii_case("Hidden=true")
                || line.eq_ignore_ascii_case("X-GNOME-Autostart-enabled=false")
        })
    }

    /// Writes the entry starting the program `exe` hidden in the tray (by
    /// name or path, see [`program_for`]). The autostart folder, shared with
    /// other programs, is created owner-only only when missing.
    pub fn enable(&self, exe: &Path) -> Result<(), AutostartError> {
        let text = entry(&program_for(exe));
        crate::files::write_private(&self.path, text.as_bytes()).map_err(|source| {
            AutostartError::Io {
                action: "write",
                path: self.path.clone(),
                source,
            }
        })
    }

    /// Removes the entry; one already gone is fine.
    pub fn disable(&self) -> Result<(), AutostartError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(AutostartError::Io {
                action: "remove",
                path: self.path.clone(),
                source: e,
            }),
            _ => Ok(()),
        }
    }
}

/// `XDG_CONFIG_HOME` when it is an absolute path (the XDG spec ignores a
/// relative one), else `HOME/.config`.
pub fn config_home(xdg_config_home: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    xdg_config_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.filter(|h| !h.as_os_str().is_empty())
                .map(|h| h.join(".config"))
        })
}

/// The program an entry or a desktop shortcut should run to reach this app:
/// its bare name when installed in a system folder (so the entry survives
/// upgrades), else its absolute path, quoted as desktop entries quote.
pub fn program_for(exe: &Path) -> String {
    let name = exe.file_name().and_then(|n| n.to_str());
    let folder = exe.parent().and_then(|p| p.to_str());
    match (name, folder) {
        (Some(name), Some(folder)) if SYSTEM_BIN.contains(&folder) => quote(name),
        _ => quote(&exe.to_string_lossy()),
    }
}

/// The running binary (`watchword-desktop`, by name, if even its own path
/// is unknown).
pub fn current_exe() -> PathBuf {
    std::env::current_exe().unwrap_or_else(|_| PathBuf::from("watchword-desktop"))
}

/// The running binary as [`program_for`] names it.
pub fn current_program() -> String {
    program_for(&current_exe())
}

/// One argument of an `Exec` line: double-quoted with `"`, `` ` ``, `$` and
/// `\` escaped when it holds a reserved character (Desktop Entry
/// Specification, "The Exec key"); `%` doubled as field codes require.
fn quote(argument: &str) -> String {
    const RESERVED: &str = " \t\n\"'\\><~|&;$*?#()`";
    let argument = argument.replace('%', "%%");
    if !argument.chars().any(|c| RESERVED.contains(c)) {
        return argument;
    }
    let mut quoted = String::from("\"");
    for c in argument.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// The entry's text; backslashes are doubled once more because the value of
/// a desktop entry key is itself an escaped string.
fn entry(program: &str) -> String {
    let exec = format!("{program} {HIDDEN_FLAG}").replace('\\', "\\\\");
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=Watchword\n\
         Comment=Two-factor codes, waiting in the tray\n\
         Exec={exec}\n\
         Icon=watchword-desktop\n\
         Terminal=false\n\
         X-GNOME-Autostart-enabled=true\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_config_home_wins_when_absolute() {
        let home = || Some(PathBuf::from("/home/ann"));
        assert_eq!(
            config_home(Some("/tmp/cfg".into()), home()),
            Some(PathBuf::from("/tmp/cfg"))
        );
        assert_eq!(
            config_home(Some("relative/cfg".into()), home()),
            Some(PathBuf::from("/home/ann/.config"))
        );
        assert_eq!(
            config_home(None, home()),
            Some(PathBuf::from("/home/ann/.config"))
        );
        assert_eq!(config_home(None, Some(PathBuf::new())), None);
        assert_eq!(config_home(None, None), None);
    }

    #[test]
    fn the_entry_runs_an_installed_app_by_name() {
        let temp = tempfile::tempdir().unwrap();
        let autostart = Autostart::in_config_home(temp.path());
        autostart
            .enable(Path::new("/usr/bin/watchword-desktop"))
            .unwrap();
        let text = std::fs::read_to_string(autostart.path()).unwrap();
        assert!(
            text.contains("\nExec=watchword-desktop --hidden\n"),
            "{text}"
        );
    }

    #[test]
    fn installed_programs_go_by_name_others_by_quoted_path() {
        assert_eq!(
            program_for(Path::new("/usr/bin/watchword-desktop")),
            "watchword-desktop"
        );
        assert_eq!(
            program_for(Path::new("/opt/ww/watchword-desktop")),
            "/opt/ww/watchword-desktop"
        );
        assert_eq!(
            program_for(Path::new("/home/a b/100%/$x\"y")),
            r#""/home/a b/100%%/\$x\"y""#
        );
    }

    #[cfg(unix)]
    #[test]
    fn enabling_writes_an_owner_only_entry_and_disabling_removes_it() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let autostart = Autostart::in_config_home(temp.path());
        assert!(!autostart.is_enabled());
        autostart
            .enable(Path::new("/opt/my apps/watchword-desktop"))
            .unwrap();
        assert!(autostart.is_enabled());
        let text = std::fs::read_to_string(autostart.path()).unwrap();
        assert!(
            text.contains("\nExec=\"/opt/my apps/watchword-desktop\" --hidden\n"),
            "{text}"
        );
        assert!(
            text.contains("\nX-GNOME-Autostart-enabled=true\n"),
            "{text}"
        );
        assert!(text.starts_with("[Desktop Entry]\n"), "{text}");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(autostart.path()), 0o600);
        assert_eq!(mode(&temp.path().join("autostart")), 0o700, "created by us");
        autostart.disable().unwrap();
        assert!(!autostart.path().exists());
        assert!(!autostart.is_enabled());
        autostart.disable().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_autostart_folder_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("autostart");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        Autostart::in_config_home(temp.path())
            .enable(Path::new("/usr/bin/watchword-desktop"))
            .unwrap();
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o755,
            "a shared folder is left as the desktop made it"
        );
    }

    #[test]
    fn an_entry_switched_off_elsewhere_reads_as_off() {
        let temp = tempfile::tempdir().unwrap();
        let autostart = Autostart::in_config_home(temp.path());
        autostart
            .enable(Path::new("/usr/bin/watchword-desktop"))
            .unwrap();
        let text = std::fs::read_to_string(autostart.path()).unwrap();
        std::fs::write(
            autostart.path(),
            text.replace(
                "X-GNOME-Autostart-enabled=true",
                "X-GNOME-Autostart-enabled=false",
            ),
        )
        .unwrap();
        assert!(!autostart.is_enabled());
        std::fs::write(autostart.path(), format!("{text}Hidden=true\n")).unwrap();
        assert!(!autostart.is_enabled());
    }
}
