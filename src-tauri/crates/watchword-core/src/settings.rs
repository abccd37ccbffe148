//! The user's preferences: how the window locks, shows and copies codes. Not
//! secret, so kept in clear JSON beside the vault (`settings.json`), where the
//! CLI and the desktop both find it; unknown or missing fields take defaults
//! so older and newer versions share one file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::vault::VaultDir;

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but is not valid settings; defaults apply until saved.
    #[error("{path} is not valid settings ({detail}); defaults are used until you save")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// A value out of range.
    #[error("{0}")]
    OutOfRange(String),
    /// The disk refused (full, read-only, permissions).
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// Reading or writing.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Light, dark, or whatever the desktop uses.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the desktop.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The language of the window (the CLI stays English).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// The desktop's language when Watchword speaks it, else English.
    #[default]
    System,
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Accented and 40 % longer English, for testing layouts (not offered in the settings).
    Pseudo,
}

/// How the account list is ordered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SortOrder {
    /// The user's own order, arranged by dragging.
    #[default]
    Manual,
    /// By issuer, then name.
    Alphabetical,
    /// Most copied first.
    MostUsed,
}

/// Every preference, with the defaults a new user gets.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Seconds before a copied code is cleared from the clipboard (0: never).
    pub clipboard_clear_seconds: u32,
    /// Show `••• •••` until a code is clicked.
    pub hide_codes: bool,
    /// Lock after this many minutes without input (0: never).
    pub idle_lock_minutes: u32,
    /// Lock as soon as the window is minimised or hidden.
    pub lock_when_hidden: bool,
    /// Light, dark or system.
    pub theme: Theme,
    /// The window's language.
    pub language: Language,
    /// How the list is ordered.
    pub sort: SortOrder,
    /// Folder for automatic encrypted backups after each vault change
    /// (`None`: off, the default). See `backup::auto` for the passphrase.
    pub auto_backup_dir: Option<PathBuf>,
    /// How many automatic backups to keep (the oldest are deleted).
    pub auto_backup_keep: u32,
    /// When the user last set aside the "backups are off" reminder (Unix
    /// seconds); it returns once an account newer than that arrives.
    pub backup_reminder_dismissed: Option<u64>,
    /// Closing the window keeps Watchword running in the tray (`None`, the
    /// default: yes whenever the desktop shows a tray).
    pub close_to_tray: Option<bool>,
    /// The one-time notice about closing to the tray was answered; only the
    /// shell sets it (see [`Settings::keeping_shell_flags_of`]).
    pub tray_notice_shown: bool,
    /// The shortcut that opens the quick pick from anywhere, as
    /// `Ctrl+Alt+W` or `Super+W` (empty: none).
    pub global_shortcut: String,
    /// Show the PIN console's button ("Administrator tools"); it also shows once a
    /// provider profile exists. Off by default: most people never need it.
    pub admin_tools: bool,
    /// Group headings the user folded in the account list.
    pub collapsed_groups: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            clipboard_clear_seconds: 30,
            hide_codes: false,
            idle_lock_minutes: 0,
            lock_when_hidden: false,
            theme: Theme::System,
            language: Language::System,
            sort: SortOrder::Manual,
            auto_backup_dir: None,
            auto_backup_keep: 10,
            backup_reminder_dismissed: None,
            close_to_tray: None,
            tray_notice_shown: false,
            global_shortcut: DEFAULT_SHORTCUT.to_owned(),
            admin_tools: false,
            collapsed_groups: Vec::new(),
        }
    }
}

/// The quick pick's shortcut out of the box: free on the common desktops
/// (GNOME, KDE and Xfce bind Ctrl+Alt+T, L, D and the arrows, not W).
pub const DEFAULT_SHORTCUT: &str = "Ctrl+Alt+W";
/// Longest shortcut text accepted (`Ctrl+Shift+Alt+Super+MediaPlayPause` fits).
const MAX_SHORTCUT_CHARS: usize = 64;

/// Longest clipboard delay: a day is already "never" for a 2FA code.
const MAX_CLEAR_SECONDS: u32 = 86_400;
/// Longest idle delay: a day.
const MAX_IDLE_MINUTES: u32 = 1_440;
/// Most automatic backups kept.
const MAX_BACKUPS_KEPT: u32 = 1_000;

impl Settings {
    /// Where they live for the vault in `dir`.
    pub fn path(dir: &VaultDir) -> PathBuf {
        dir.root().join("settings.json")
    }

    /// The saved settings, or defaults when none were saved yet.
    pub fn load(dir: &VaultDir) -> Result<Self, SettingsError> {
        let path = Self::path(dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(SettingsError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        let settings: Self = serde_json::from_str(&text).map_err(|e| SettingsError::Invalid {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        settings.check().map_err(|e| SettingsError::Invalid {
            path,
            detail: e.to_string(),
        })?;
        Ok(settings)
    }

    /// Checks the ranges, then replaces the file atomically.
    pub fn save(&self, dir: &VaultDir) -> Result<(), SettingsError> {
        self.check()?;
        let path = Self::path(dir);
        let io = |action| {
            let path = path.clone();
            move |source| SettingsError::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(dir.root()).map_err(io("create the folder of"))?;
        let mut text = serde_json::to_string_pretty(self).expect("settings serialize");
        text.push('\n');
        crate::files::write_private(&path, text.as_bytes()).map_err(io("write"))
    }

    /// Whether every value is in range, so a bad file or a bad request is refused whole.
    pub fn check(&self) -> Result<(), SettingsError> {
        if let Some(dir) = &self.auto_backup_dir
            && !dir.is_absolute()
        {
            return Err(SettingsError::OutOfRange(
                "the automatic backup folder must be an absolute path".into(),
            ));
        }
        if self.clipboard_clear_seconds > MAX_CLEAR_SECONDS {
            return Err(SettingsError::OutOfRange(format!(
                "the clipboard delay must be at most {MAX_CLEAR_SECONDS} seconds (0 means never)"
            )));
        }
        if self.idle_lock_minutes > MAX_IDLE_MINUTES {
            return Err(SettingsError::OutOfRange(format!(
                "the idle lock must be at most {MAX_IDLE_MINUTES} minutes (0 means never)"
            )));
        }
        if self.global_shortcut.chars().count() > MAX_SHORTCUT_CHARS
            || self.global_shortcut.chars().any(char::is_control)
        {
            return Err(SettingsError::OutOfRange(format!(
                "the shortcut must be at most {MAX_SHORTCUT_CHARS} printable characters"
            )));
        }
        if !(1..=MAX_BACKUPS_KEPT).contains(&self.auto_backup_keep) {
            return Err(SettingsError::OutOfRange(format!(
                "automatic backups must keep between 1 and {MAX_BACKUPS_KEPT} files"
            )));
        }
        Ok(())
    }

    /// These settings with `current`'s automatic-backup folder, count and
    /// reminder: a front end saving its preferences must not switch backups on
    /// or off, or bring back a dismissed reminder, by accident.
    pub fn keeping_auto_backup_of(mut self, current: &Settings) -> Settings {
        self.auto_backup_dir = current.auto_backup_dir.clone();
        self.auto_backup_keep = current.auto_backup_keep;
        self.backup_reminder_dismissed = current.backup_reminder_dismissed;
        self
    }

    /// These settings with `current`'s flags that only the shell sets (the
    /// tray notice was answered): a page holding older settings must not
    /// bring a one-time notice back.
    pub fn keeping_shell_flags_of(mut self, current: &Settings) -> Settings {
        self.tray_notice_shown = current.tray_notice_shown;
        self
    }

    /// `current`'s preferences with these settings' automatic-backup folder and count:
    /// turning backups on must not undo a preference changed meanwhile.
    pub fn keeping_preferences_of(self, current: &Settings) -> Settings {
        current.clone().keeping_auto_backup_of(&self)
    }

    /// Where and how many automatic backups go, when they are on.
    pub fn auto_backup(&self) -> Option<(&std::path::Path, usize)> {
        self.auto_backup_dir
            .as_deref()
            .filter(|dir| !dir.as_os_str().is_empty())
            .map(|dir| (dir, self.auto_backup_keep as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_preferences_keeps_the_stored_backup_folder() {
        let stored = Settings {
            auto_backup_dir: Some(PathBuf::from("/sync/watchword")),
            auto_backup_keep: 4,
            ..Settings::default()
        };
        let from_page = Settings {
            hide_codes: true,
            ..Settings::default()
        };
        let saved = from_page.keeping_auto_backup_of(&stored);
        assert!(saved.hide_codes);
        assert_eq!(
            saved.auto_backup(),
            Some((std::path::Path::new("/sync/watchword"), 4))
        );
    }

    #[test]
    fn missing_file_gives_defaults_and_saved_values_come_back() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(temp.path().join("w"));
        assert_eq!(Settings::load(&dir).unwrap(), Settings::default());
        let chosen = Settings {
            clipboard_clear_seconds: 10,
            hide_codes: true,
            idle_lock_minutes: 5,
            lock_when_hidden: true,
            theme: Theme::Dark,
            language: Language::De,
            sort: SortOrder::MostUsed,
            auto_backup_dir: Some(PathBuf::from("/backups")),
            auto_backup_keep: 3,
            backup_reminder_dismissed: Some(1_700_000_000),
            close_to_tray: Some(false),
            tray_notice_shown: true,
            global_shortcut: "Super+W".into(),
            admin_tools: true,
            collapsed_groups: vec!["Work".into()],
        };
        chosen.save(&dir).unwrap();
        assert_eq!(Settings::load(&dir).unwrap(), chosen);
        let text = std::fs::read_to_string(Settings::path(&dir)).unwrap();
        assert!(text.contains("\"sort\": \"most-used\""), "{text}");
        assert!(text.contains("\"language\": \"de\""), "{text}");
        assert!(text.contains("\"autoBackupDir\": \"/backups\""), "{text}");
        assert!(text.contains("\"adminTools\": true"), "{text}");
        assert!(
            text.contains("\"collapsedGroups\": [\n    \"Work\"\n  ]"),
            "{text}"
        );
        assert!(
            !Settings::default().admin_tools,
            "the PIN console is hidden by default"
        );
        assert_eq!(
            chosen.auto_backup(),
            Some((std::path::Path::new("/backups"), 3))
        );
        assert_eq!(Settings::default().auto_backup(), None, "off by default");
    }

    #[test]
    fn older_files_get_the_tray_and_shortcut_defaults() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(temp.path());
        std::fs::write(Settings::path(&dir), r#"{"hideCodes": true}"#).unwrap();
        let loaded = Settings::load(&dir).unwrap();
        assert_eq!(loaded.close_to_tray, None, "decided by the tray's presence");
        assert!(!loaded.tray_notice_shown);
        assert_eq!(loaded.global_shortcut, "Ctrl+Alt+W");
        let text = serde_json::to_string(&loaded).unwrap();
        assert!(text.contains(r#""closeToTray":null"#), "{text}");
        assert!(text.contains(r#""globalShortcut":"Ctrl+Alt+W""#), "{text}");
    }

    #[test]
    fn a_page_cannot_bring_the_tray_notice_back() {
        let current = Settings {
            tray_notice_shown: true,
            ..Settings::default()
        };
        let from_page = Settings {
            close_to_tray: Some(true),
            ..Settings::default()
        };
        let saved = from_page.keeping_shell_flags_of(&current);
        assert!(saved.tray_notice_shown);
        assert_eq!(saved.close_to_tray, Some(true));
    }

    #[test]
    fn a_runaway_shortcut_is_refused() {
        let long = Settings {
            global_shortcut: "Ctrl+".repeat(20),
            ..Settings::default()
        };
        assert!(long.check().unwrap_err().to_string().contains("shortcut"));
        let control = Settings {
            global_shortcut: "Ctrl+\u{7}W".into(),
            ..Settings::default()
        };
        assert!(control.check().is_err());
        let off = Settings {
            global_shortcut: String::new(),
            ..Settings::default()
        };
        assert!(off.check().is_ok());
    }

    #[test]
    fn unknown_and_missing_fields_are_tolerated() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(temp.path());
        std::fs::write(
            Settings::path(&dir),
            r#"{"hideCodes": true, "fromTheFuture": 1}"#,
        )
        .unwrap();
        let loaded = Settings::load(&dir).unwrap();
        assert!(loaded.hide_codes);
        assert_eq!(loaded.clipboard_clear_seconds, 30);
    }

    #[test]
    fn a_damaged_file_is_named_and_out_of_range_values_refused() {
        let temp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(temp.path());
        std::fs::write(Settings::path(&dir), "{not json").unwrap();
        let error = Settings::load(&dir).unwrap_err().to_string();
        assert!(
            error.contains("settings.json is not valid settings"),
            "{error}"
        );
        let wrong = Settings {
            idle_lock_minutes: 100_000,
            ..Settings::default()
        };
        assert!(
            wrong
                .save(&dir)
                .unwrap_err()
                .to_string()
                .contains("idle lock")
        );
        assert_eq!(
            std::fs::read_to_string(Settings::path(&dir)).unwrap(),
            "{not json"
        );
    }
}
