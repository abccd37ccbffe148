//! The one error shape the webview sees: `{kind, message}`.

use serde::Serialize;
use watchword_core::VaultError;

/// An error as the UI receives it: a stable `kind` to branch on and a readable
/// `message` to show. Never carries a secret.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// Machine-readable category, e.g. `wrong_passphrase`.
    pub kind: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl CommandError {
    /// An error of `kind` with `message`.
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The vault is not unlocked in this window.
    pub fn locked() -> Self {
        Self::new("locked", "The vault is locked.")
    }
}

impl From<VaultError> for CommandError {
    fn from(error: VaultError) -> Self {
        let kind = match &error {
            VaultError::WrongPassphrase => "wrong_passphrase",
            VaultError::Throttled(_) => "throttled",
            VaultError::EmptyPassphrase => "empty_passphrase",
            VaultError::PassphraseRequired(_) => "passphrase_required",
            VaultError::KeyringOnly(_) | VaultError::NoSlotPossible(_) | VaultError::Keyring(_) => {
                "keyring_unavailable"
            }
            VaultError::Foreign(_)
            | VaultError::Truncated(_)
            | VaultError::Corrupt { .. }
            | VaultError::Tampered(_)
            | VaultError::BadAccount { .. }
            | VaultError::NewerFormat { .. } => "vault_damaged",
            VaultError::Find(_) => "not_found",
            VaultError::Io { .. } => "io",
            _ => "vault",
        };
        let message = match &error {
            // The CLI's wording names its flags; the window offers its own form.
            VaultError::NoSlotPossible(problem) => problem.to_string(),
            _ => error.to_string(),
        };
        Self::new(kind, message)
    }
}

impl From<watchword_core::enroll::EnrollError> for CommandError {
    fn from(error: watchword_core::enroll::EnrollError) -> Self {
        use watchword_core::enroll::EnrollError;
        let kind = match &error {
            EnrollError::NoQrCode(_) => "nothing_found",
            EnrollError::NothingUsable(_) => "not_authenticator",
            _ => "unreadable",
        };
        Self::new(kind, error.to_string())
    }
}

impl From<watchword_core::settings::SettingsError> for CommandError {
    fn from(error: watchword_core::settings::SettingsError) -> Self {
        Self::new("settings", error.to_string())
    }
}

impl From<watchword_core::clipboard::ClipboardError> for CommandError {
    fn from(error: watchword_core::clipboard::ClipboardError) -> Self {
        Self::new("clipboard", error.to_string())
    }
}

impl From<watchword_core::qr::QrError> for CommandError {
    fn from(error: watchword_core::qr::QrError) -> Self {
        Self::new("unreadable", error.to_string())
    }
}

#[cfg(target_os = "linux")]
impl From<watchword_core::screen::ScreenError> for CommandError {
    fn from(error: watchword_core::screen::ScreenError) -> Self {
        Self::new("screen", error.to_string())
    }
}

impl From<watchword_core::import::ImportError> for CommandError {
    fn from(error: watchword_core::import::ImportError) -> Self {
        use watchword_core::import::ImportError;
        let kind = match &error {
            ImportError::PasswordRequired(_) => "import_password_required",
            ImportError::WrongPassword(_) => "import_wrong_password",
            ImportError::Unrecognised => "import_unrecognised",
            ImportError::Malformed { .. } => "import_malformed",
            ImportError::Unsupported { .. } => "import_unsupported",
            ImportError::TooLarge => "import_too_large",
        };
        let message = match &error {
            // The CLI's wording names its flag; the wizard offers a format list.
            ImportError::Unrecognised => {
                "Watchword does not recognise this file. Choose its format below.".to_owned()
            }
            other => other.to_string(),
        };
        Self::new(kind, message)
    }
}

impl From<watchword_core::vault::KeyringError> for CommandError {
    fn from(error: watchword_core::vault::KeyringError) -> Self {
        Self::new("keyring_unavailable", error.to_string())
    }
}
