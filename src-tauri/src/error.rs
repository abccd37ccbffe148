//! The one error shape the webview sees: a typed `kind` (with the values the
//! interface needs to put it into words) and a readable `message`. The kinds
//! are a TypeScript union in the generated bindings, so the UI branches on
//! names the compiler checks. Never carries a secret.

use serde::{Deserialize, Serialize};
use watchword_core::VaultError;
use watchword_core::enroll::EnrollError;
use watchword_core::import::ImportError;
use watchword_pin::admin::AdminError;
use watchword_pin::{PinError, Provider};

/// What went wrong, as the UI tells cases apart. A kind exists where the
/// interface reacts differently (asks for a password, offers a format list,
/// waits) or needs a value to say it in words; everything else is grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The vault is not unlocked in this window.
    Locked,
    /// The passphrase typed does not open the vault.
    WrongPassphrase,
    /// Too many wrong passphrases: the lock screen waits.
    Throttled {
        /// Seconds until the next try.
        seconds: u64,
    },
    /// A passphrase was asked for and left empty.
    EmptyPassphrase,
    /// The keyring did not open the vault; the passphrase is needed.
    PassphraseRequired,
    /// The OS keyring cannot be used.
    KeyringUnavailable,
    /// The vault file is damaged, foreign or from a newer Watchword.
    VaultDamaged,
    /// No account (or backup) by that name or id.
    NotFound,
    /// Any other refusal of the vault (last way in, not HOTP, …).
    Vault,
    /// No QR code in the picture, clipboard or screen.
    NothingFound,
    /// QR codes or text were found, but none is an authenticator code.
    NotAuthenticator,
    /// A file or text could not be read as what it claims to be.
    Unreadable,
    /// Nothing is waiting to be confirmed (or it changed meanwhile).
    NothingPending,
    /// Undo has nothing to bring back.
    NothingToUndo,
    /// The import file is encrypted and needs its password.
    ImportPasswordRequired {
        /// The format's name.
        format: String,
    },
    /// The import password is wrong.
    ImportWrongPassword {
        /// The format's name.
        format: String,
    },
    /// The file's format was not recognised: the wizard offers a list.
    ImportUnrecognised,
    /// The import file is recognised but cannot be read.
    Import,
    /// Writing an export failed.
    Export,
    /// Automatic backups cannot be set up or written.
    Backup,
    /// The sync passphrase opens none of the sync files in the folder.
    SyncWrongPassphrase,
    /// Sync is not set up, or its settings cannot be used.
    Sync,
    /// The settings cannot be read or saved.
    Settings,
    /// The quick pick's shortcut is not one the shortcut plugin can read.
    ShortcutInvalid {
        /// The shortcut as typed.
        shortcut: String,
    },
    /// The clipboard cannot be used.
    Clipboard,
    /// The screen cannot be captured.
    Screen,
    /// The system clock is before 1970.
    Clock,
    /// The disk refused (full, read-only, permissions).
    Io,
    /// A PIN provider answered with an error. The window says what it means
    /// from these (watchword_pin::words by provider, status and code).
    PinProvider {
        /// The HTTP status, when one came.
        status: Option<u16>,
        /// Which API answered.
        provider: Provider,
        /// The provider's error code (`40303`, `TOO_MANY_REQUESTS`), if it gave one.
        code: Option<String>,
        /// The provider's own message, as it wrote it.
        detail: String,
    },
    /// A PIN provider could not be reached or did not answer in time.
    PinUnreachable {
        /// Which API was called.
        provider: Provider,
        /// The address tried (no credentials in it).
        url: String,
        /// What the transport said, when the connection failed.
        reason: Option<String>,
        /// The time that ran out, when the answer was too slow.
        seconds: Option<u64>,
    },
    /// A PIN provider's answer makes no sense.
    PinGarbage,
    /// A PIN request was refused before sending (a field is missing or wrong).
    PinInvalid,
    /// A PIN provider profile cannot be read, saved or used.
    PinProfile,
    /// Something the app did not expect.
    Internal,
}

/// An error as the UI receives it: `{kind, …parameters, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// What went wrong, with its parameters.
    #[serde(flatten)]
    pub kind: ErrorKind,
    /// A readable explanation (English; the kind is what a translation keys on).
    pub message: String,
}

impl CommandError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The vault is not unlocked in this window.
    pub fn locked() -> Self {
        Self::new(ErrorKind::Locked, "The vault is locked.")
    }
}

impl From<VaultError> for CommandError {
    fn from(error: VaultError) -> Self {
        let kind = match &error {
            VaultError::WrongPassphrase => ErrorKind::WrongPassphrase,
            VaultError::Throttled(seconds) => ErrorKind::Throttled { seconds: *seconds },
            VaultError::EmptyPassphrase => ErrorKind::EmptyPassphrase,
            VaultError::PassphraseRequired(_) => ErrorKind::PassphraseRequired,
            VaultError::KeyringOnly(_) | VaultError::NoSlotPossible(_) | VaultError::Keyring(_) => {
                ErrorKind::KeyringUnavailable
            }
            VaultError::Foreign(_)
            | VaultError::Truncated(_)
            | VaultError::Corrupt { .. }
            | VaultError::Tampered(_)
            | VaultError::BadAccount { .. }
            | VaultError::RolledBack { .. }
            | VaultError::NewerFormat { .. } => ErrorKind::VaultDamaged,
            VaultError::Find(_) | VaultError::NoBackup(_) | VaultError::NotFound(_) => {
                ErrorKind::NotFound
            }
            VaultError::Io { .. } => ErrorKind::Io,
            VaultError::AlreadyExists(_)
            | VaultError::LastSlot
            | VaultError::NoPassphrase
            | VaultError::NotHotp(_)
            | VaultError::Replaced(_) => ErrorKind::Vault,
        };
        let message = match &error {
            // The CLI's wording names its flags; the window offers its own form.
            VaultError::NoSlotPossible(problem) => problem.to_string(),
            _ => error.to_string(),
        };
        Self::new(kind, message)
    }
}

impl From<EnrollError> for CommandError {
    fn from(error: EnrollError) -> Self {
        let kind = match &error {
            EnrollError::NoQrCode(_) => ErrorKind::NothingFound,
            EnrollError::NothingUsable(_) => ErrorKind::NotAuthenticator,
            EnrollError::Picture(_)
            | EnrollError::NotPictureOrText(_)
            | EnrollError::TooLong(_)
            | EnrollError::TooLarge(_)
            | EnrollError::NotAFile(_)
            | EnrollError::Io { .. } => ErrorKind::Unreadable,
        };
        Self::new(kind, error.to_string())
    }
}

impl From<ImportError> for CommandError {
    fn from(error: ImportError) -> Self {
        let kind = match &error {
            ImportError::PasswordRequired(format) => ErrorKind::ImportPasswordRequired {
                format: format.name().to_owned(),
            },
            ImportError::WrongPassword(format) => ErrorKind::ImportWrongPassword {
                format: format.name().to_owned(),
            },
            ImportError::Unrecognised => ErrorKind::ImportUnrecognised,
            ImportError::Malformed { .. }
            | ImportError::Unsupported { .. }
            | ImportError::TooLarge => ErrorKind::Import,
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

impl From<AdminError> for CommandError {
    fn from(error: AdminError) -> Self {
        let kind = match &error {
            AdminError::Pin(PinError::Provider {
                provider,
                status,
                code,
                message,
            }) => ErrorKind::PinProvider {
                status: Some(*status),
                provider: *provider,
                code: code.clone(),
                detail: message.clone(),
            },
            AdminError::Pin(PinError::Unreachable {
                provider,
                url,
                reason,
            }) => ErrorKind::PinUnreachable {
                provider: *provider,
                url: url.clone(),
                reason: Some(reason.clone()),
                seconds: None,
            },
            AdminError::Pin(PinError::Timeout {
                provider,
                url,
                seconds,
            }) => ErrorKind::PinUnreachable {
                provider: *provider,
                url: url.clone(),
                reason: None,
                seconds: Some(*seconds),
            },
            AdminError::Pin(PinError::Garbage { .. }) => ErrorKind::PinGarbage,
            AdminError::Pin(PinError::Invalid(_)) => ErrorKind::PinInvalid,
            AdminError::Profile(_)
            | AdminError::Builtin(_)
            | AdminError::NoSandbox
            | AdminError::Receiver(_) => ErrorKind::PinProfile,
        };
        // A provider's failure says what it means too (`words::explain`).
        let message = match &error {
            AdminError::Pin(pin) => watchword_pin::words::explain(pin),
            other => other.to_string(),
        };
        Self::new(kind, message)
    }
}

/// Errors of one kind whatever their variant: the message says the rest.
macro_rules! grouped {
    ($($error:ty => $kind:ident),* $(,)?) => {$(
        impl From<$error> for CommandError {
            fn from(error: $error) -> Self {
                Self::new(ErrorKind::$kind, error.to_string())
            }
        }
    )*};
}

grouped! {
    watchword_core::settings::SettingsError => Settings,
    watchword_core::clipboard::ClipboardError => Clipboard,
    watchword_core::qr::QrError => Unreadable,
    watchword_core::vault::KeyringError => KeyringUnavailable,
    watchword_core::clock::ClockError => Clock,
    watchword_core::export::ExportError => Export,
    watchword_core::backup::BackupError => Backup,
    watchword_core::backup::auto::AutoBackupError => Backup,
    watchword_core::desktop::autostart::AutostartError => Io,
    watchword_core::icons::IconError => Unreadable,
    watchword_core::icons::packs::PackError => Unreadable,
}

#[cfg(target_os = "linux")]
grouped! { watchword_core::screen::ScreenError => Screen }

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use watchword_core::vault::KeyringError;

    use super::*;

    fn kind(error: impl Into<CommandError>) -> ErrorKind {
        error.into().kind
    }

    #[test]
    fn every_vault_error_has_its_kind() {
        let path = || PathBuf::from("/v/vault.wwv");
        let keyring = || KeyringError::Unavailable("no bus".into());
        let io = || std::io::Error::other("disk full");
        let cases: Vec<(VaultError, ErrorKind)> = vec![
            (VaultError::NotFound(path()), ErrorKind::NotFound),
            (VaultError::AlreadyExists(path()), ErrorKind::Vault),
            (VaultError::Foreign(path()), ErrorKind::VaultDamaged),
            (VaultError::Truncated(path()), ErrorKind::VaultDamaged),
            (
                VaultError::NewerFormat {
                    path: path(),
                    format: 9,
                },
                ErrorKind::VaultDamaged,
            ),
            (
                VaultError::Corrupt {
                    path: path(),
                    detail: "x".into(),
                },
                ErrorKind::VaultDamaged,
            ),
            (VaultError::Tampered(path()), ErrorKind::VaultDamaged),
            (VaultError::WrongPassphrase, ErrorKind::WrongPassphrase),
            (
                VaultError::Throttled(8),
                ErrorKind::Throttled { seconds: 8 },
            ),
            (
                VaultError::PassphraseRequired(None),
                ErrorKind::PassphraseRequired,
            ),
            (
                VaultError::KeyringOnly(keyring()),
                ErrorKind::KeyringUnavailable,
            ),
            (
                VaultError::NoSlotPossible(keyring()),
                ErrorKind::KeyringUnavailable,
            ),
            (
                VaultError::Keyring(keyring()),
                ErrorKind::KeyringUnavailable,
            ),
            (VaultError::LastSlot, ErrorKind::Vault),
            (VaultError::NoPassphrase, ErrorKind::Vault),
            (VaultError::EmptyPassphrase, ErrorKind::EmptyPassphrase),
            (
                VaultError::Find(watchword_core::FindError::NotFound("x".into())),
                ErrorKind::NotFound,
            ),
            (VaultError::NotHotp("A".into()), ErrorKind::Vault),
            (VaultError::Replaced(path()), ErrorKind::Vault),
            (
                VaultError::BadAccount {
                    path: path(),
                    index: 0,
                    detail: "x".into(),
                },
                ErrorKind::VaultDamaged,
            ),
            (VaultError::NoBackup("b".into()), ErrorKind::NotFound),
            (
                VaultError::RolledBack {
                    path: path(),
                    found: 3,
                    seen: 7,
                },
                ErrorKind::VaultDamaged,
            ),
            (
                VaultError::Io {
                    action: "write",
                    path: path(),
                    source: io(),
                },
                ErrorKind::Io,
            ),
        ];
        for (error, expected) in cases {
            let shown = error.to_string();
            assert_eq!(kind(error), expected, "{shown}");
        }
    }

    #[test]
    fn import_errors_carry_the_format_and_the_wizard_wording() {
        use watchword_core::import::Format;
        let format = Format::ALL[0];
        assert_eq!(
            kind(ImportError::PasswordRequired(format)),
            ErrorKind::ImportPasswordRequired {
                format: format.name().into()
            }
        );
        assert_eq!(
            kind(ImportError::WrongPassword(format)),
            ErrorKind::ImportWrongPassword {
                format: format.name().into()
            }
        );
        let unrecognised = CommandError::from(ImportError::Unrecognised);
        assert_eq!(unrecognised.kind, ErrorKind::ImportUnrecognised);
        assert!(unrecognised.message.contains("Choose its format"));
        assert_eq!(kind(ImportError::TooLarge), ErrorKind::Import);
        let reason = || "x".to_owned();
        assert_eq!(
            kind(ImportError::Malformed {
                format,
                reason: reason()
            }),
            ErrorKind::Import
        );
        assert_eq!(
            kind(ImportError::Unsupported {
                format,
                reason: reason()
            }),
            ErrorKind::Import
        );
    }

    #[test]
    fn every_enroll_error_has_its_kind() {
        let cases = [
            (
                EnrollError::NoQrCode("the screen".into()),
                ErrorKind::NothingFound,
            ),
            (
                EnrollError::NothingUsable("x".into()),
                ErrorKind::NotAuthenticator,
            ),
            (
                EnrollError::NotPictureOrText("f".into()),
                ErrorKind::Unreadable,
            ),
            (EnrollError::TooLong("f".into()), ErrorKind::Unreadable),
            (EnrollError::TooLarge("f".into()), ErrorKind::Unreadable),
            (EnrollError::NotAFile("f".into()), ErrorKind::Unreadable),
            (
                EnrollError::Io {
                    path: "f".into(),
                    source: std::io::Error::other("gone"),
                },
                ErrorKind::Unreadable,
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(kind(error), expected);
        }
    }

    #[test]
    fn pin_errors_keep_the_status() {
        let provider = PinError::Provider {
            provider: watchword_pin::Provider::Sinch,
            status: 429,
            code: Some("42901".into()),
            message: "slow down".into(),
        };
        assert_eq!(
            kind(AdminError::Pin(provider)),
            ErrorKind::PinProvider {
                status: Some(429),
                provider: Provider::Sinch,
                code: Some("42901".into()),
                detail: "slow down".into(),
            }
        );
        let slow = PinError::Timeout {
            provider: Provider::Infobip,
            url: "http://127.0.0.1:9/2fa/2/pin".into(),
            seconds: 10,
        };
        // The window words it from these values; the message stays the CLI's English.
        let json = serde_json::to_value(CommandError::from(AdminError::Pin(slow))).unwrap();
        assert_eq!(json["kind"], "pin_unreachable");
        assert_eq!(json["provider"], "infobip");
        assert_eq!(json["seconds"], 10);
        assert!(
            json["message"].as_str().unwrap().contains("too slow"),
            "{json}"
        );
        assert_eq!(kind(AdminError::NoSandbox), ErrorKind::PinProfile);
    }

    #[test]
    fn the_wire_shape_is_kind_parameters_and_message() {
        let error = CommandError::from(VaultError::Throttled(4));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "throttled", "seconds": 4, "message": error.message})
        );
        let locked = serde_json::to_value(CommandError::locked()).unwrap();
        assert_eq!(
            locked,
            serde_json::json!({"kind": "locked", "message": "The vault is locked."})
        );
    }

    /// The window says provider outcomes and errors from their codes with the
    /// English catalog's words (ui/src/lib/said.ts): they must stay the CLI's,
    /// watchword_pin::words, so both tell an administrator the same thing.
    #[test]
    fn the_windows_english_for_provider_words_is_the_clis() {
        use watchword_pin::words;
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/locales/en.json");
        let catalog: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let said = |key: &str| catalog[key].as_str().unwrap_or_else(|| panic!("no {key}"));
        for (key, reason) in [
            ("fraud", "Fraud"),
            ("credit", "Not enough credit"),
            ("blocked", "Blocked"),
            ("deniedByCallback", "Denied by callback"),
            ("invalidCallback", "Invalid callback"),
            ("internal", "Internal error"),
            ("destinationDenied", "Destination denied"),
            ("unreachable", "Network error or number unreachable"),
            ("failedPending", "Failed pending"),
            ("smsFailure", "SMS delivery failure"),
            ("invalidCli", "Invalid CLI"),
            ("invalidCode", "Invalid code"),
            ("expired", "Expired"),
            ("hungUp", "Hung up without entering valid code"),
        ] {
            let key = format!("pin.sinchReason.{key}");
            assert_eq!(said(&key), words::sinch_reason(reason).unwrap(), "{key}");
        }
        for status in [
            "PENDING",
            "SUCCESSFUL",
            "FAIL",
            "DENIED",
            "ABORTED",
            "ERROR",
            "?",
        ] {
            let key = match status {
                "?" => "pin.sinchStatus.unknown".to_owned(),
                known => format!("pin.sinchStatus.{}", known.to_lowercase()),
            };
            assert_eq!(said(&key), words::sinch_status(status), "{key}");
        }
        for (key, sms, nc) in [
            (
                "notSentUnknown",
                "MESSAGE_NOT_SENT",
                "NC_DESTINATION_UNKNOWN",
            ),
            (
                "notSentUnreachable",
                "MESSAGE_NOT_SENT",
                "NC_DESTINATION_NOT_REACHABLE",
            ),
            ("notSent", "MESSAGE_NOT_SENT", "NC_DESTINATION_REACHABLE"),
            ("sentNotConfigured", "MESSAGE_SENT", "NC_NOT_CONFIGURED"),
            ("sentUnknown", "MESSAGE_SENT", "NC_DESTINATION_UNKNOWN"),
            ("sent", "MESSAGE_SENT", "NC_DESTINATION_REACHABLE"),
        ] {
            let key = format!("pin.infobipSent.{key}");
            assert_eq!(
                said(&key),
                words::infobip_sent(Some(sms), Some(nc)).unwrap(),
                "{key}"
            );
        }
        for (key, error) in [
            ("wrongPin", "WRONG_PIN"),
            ("expired", "TTL_EXPIRED"),
            ("noMoreAttempts", "NO_MORE_PIN_ATTEMPTS"),
        ] {
            let key = format!("pin.infobipPinError.{key}");
            assert_eq!(
                said(&key),
                words::infobip_pin_error(error).unwrap(),
                "{key}"
            );
        }
        for (key, provider, status, code) in [
            ("sinchCredit", Provider::Sinch, 402, None),
            ("sinchRefused", Provider::Sinch, 403, Some("40303")),
            ("sinchNoRoute", Provider::Sinch, 422, None),
            ("sinchCapacity", Provider::Sinch, 429, Some("42900")),
            ("sinchTooMany", Provider::Sinch, 429, Some("42901")),
            ("infobipLimit", Provider::Infobip, 429, None),
            ("invalid", Provider::Auth365, 400, None),
            ("credentials", Provider::Auth365, 401, None),
            ("credit", Provider::Auth365, 402, None),
            ("forbidden", Provider::Auth365, 403, None),
            ("notFound", Provider::Auth365, 404, None),
            ("undeliverable", Provider::Auth365, 422, None),
            ("tooMany", Provider::Auth365, 429, None),
            ("failed", Provider::Auth365, 503, None),
        ] {
            let key = format!("pin.providerError.{key}");
            assert_eq!(
                said(&key),
                words::provider_error(provider, status, code).unwrap(),
                "{key}"
            );
        }
        let explained = |error: PinError| {
            words::explain(&error)
                .split_once(" — ")
                .unwrap()
                .1
                .to_owned()
        };
        let url = || "http://127.0.0.1:9/".to_owned();
        assert_eq!(
            said("pin.error.unreachableWords"),
            explained(PinError::Unreachable {
                provider: Provider::Sinch,
                url: url(),
                reason: "refused".into()
            })
        );
        assert_eq!(
            said("pin.error.timeoutWords"),
            explained(PinError::Timeout {
                provider: Provider::Sinch,
                url: url(),
                seconds: 5
            })
        );
    }
}
