//! Reading other authenticators' export files (and Watchword's own backups).
//!
//! The flow a front end follows: [`detect`] the format (or let the user pick
//! one), [`read`] the file with its password if it has one, show the
//! [`preview`] (new accounts, duplicates skipped, entries rejected with their
//! reason), and only on confirmation [`add_new`] the new ones to the vault.
//! Nothing here writes anything.
//!
//! Every format lives in its own module; they share the entry builder
//! (`entry`), the JSON helpers (`json`) and the decryption primitives
//! (`crypto`). No input makes a reader panic: a broken file is an
//! [`ImportError`], a broken entry is a [`Rejected`] line while the others
//! import.

mod aegis;
mod andotp;
mod authenticator_plus;
mod authy;
mod battle_net;
mod bitwarden;
pub(crate) mod crypto;
mod detect;
mod duo;
mod ente;
pub(crate) mod entry;
mod freeotp;
mod freeotp_plus;
mod gauth_qr;
mod javaser;
pub(crate) mod json;
mod otpauth;
mod prefs;
mod proton;
mod raivo;
mod steam;
mod stratum;
mod totp_authenticator;
mod twofas;
pub(crate) mod watchword;
mod zipfile;

use serde::{Deserialize, Serialize};

use crate::account::{Account, NewAccount};
use crate::enroll::same_account;
use crate::vault::{Passphrase, Vault, VaultError};

pub use detect::detect;

/// The largest file an importer reads; export files are kilobytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A file format Watchword imports. The stable lower-case names are what
/// `--format` takes and what the desktop sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// Aegis vault JSON, plain or password-encrypted (db versions 1 to 3).
    #[serde(rename = "aegis")]
    Aegis,
    /// 2FAS `.2fas` backups, plain or encrypted (schema 1 to 4).
    #[serde(rename = "2fas")]
    TwoFas,
    /// andOTP JSON, plain or encrypted (new and old format).
    #[serde(rename = "andotp")]
    AndOtp,
    /// Bitwarden JSON or CSV exports (their `totp` fields).
    #[serde(rename = "bitwarden")]
    Bitwarden,
    /// FreeOTP+ JSON exports.
    #[serde(rename = "freeotp-plus")]
    FreeOtpPlus,
    /// FreeOTP: v1 `tokens.xml`, v2 encrypted backups.
    #[serde(rename = "freeotp")]
    FreeOtp,
    /// Ente Auth plain-text exports.
    #[serde(rename = "ente")]
    Ente,
    /// Stratum (Authenticator Pro) backups, plain or encrypted.
    #[serde(rename = "stratum")]
    Stratum,
    /// Proton Authenticator JSON exports.
    #[serde(rename = "proton")]
    Proton,
    /// Raivo OTP encrypted ZIP exports.
    #[serde(rename = "raivo")]
    Raivo,
    /// Authy's token preferences (plain or encrypted secrets).
    #[serde(rename = "authy")]
    Authy,
    /// The Battle.net app's authenticator preferences.
    #[serde(rename = "battle-net")]
    BattleNet,
    /// Steam Guard `.maFile`s (Steam Desktop Authenticator).
    #[serde(rename = "steam")]
    Steam,
    /// Duo Mobile's `accounts.json`.
    #[serde(rename = "duo")]
    Duo,
    /// TOTP Authenticator `.bin` backups.
    #[serde(rename = "totp-authenticator")]
    TotpAuthenticator,
    /// Authenticator Plus password-protected ZIP exports.
    #[serde(rename = "authenticator-plus")]
    AuthenticatorPlus,
    /// Plain text: `otpauth://` and `otpauth-migration://` links, one a line.
    #[serde(rename = "otpauth")]
    Otpauth,
    /// Watchword's own encrypted backup.
    #[serde(rename = "watchword")]
    Watchword,
    /// Pictures of Google Authenticator export QR codes.
    #[serde(rename = "gauth-qr")]
    GauthQr,
}

impl Format {
    /// Every format, in the order the help lists them.
    pub const ALL: [Format; 19] = [
        Format::Aegis,
        Format::TwoFas,
        Format::AndOtp,
        Format::Bitwarden,
        Format::FreeOtpPlus,
        Format::FreeOtp,
        Format::Ente,
        Format::Stratum,
        Format::Proton,
        Format::Raivo,
        Format::Authy,
        Format::BattleNet,
        Format::Steam,
        Format::Duo,
        Format::TotpAuthenticator,
        Format::AuthenticatorPlus,
        Format::Otpauth,
        Format::Watchword,
        Format::GauthQr,
    ];

    /// The stable name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::AndOtp => "andotp",
            Format::Bitwarden => "bitwarden",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::FreeOtp => "freeotp",
            Format::Ente => "ente",
            Format::Stratum => "stratum",
            Format::Proton => "proton",
            Format::Raivo => "raivo",
            Format::Authy => "authy",
            Format::BattleNet => "battle-net",
            Format::Steam => "steam",
            Format::Duo => "duo",
            Format::TotpAuthenticator => "totp-authenticator",
            Format::AuthenticatorPlus => "authenticator-plus",
            Format::Otpauth => "otpauth",
            Format::Watchword => "watchword",
            Format::GauthQr => "gauth-qr",
        }
    }

    /// The app's name, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Aegis => "Aegis",
            Format::TwoFas => "2FAS",
            Format::AndOtp => "andOTP",
            Format::Bitwarden => "Bitwarden",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::FreeOtp => "FreeOTP",
            Format::Ente => "Ente Auth",
            Format::Stratum => "Stratum",
            Format::Proton => "Proton Authenticator",
            Format::Raivo => "Raivo OTP",
            Format::Authy => "Authy",
            Format::BattleNet => "Battle.net",
            Format::Steam => "Steam",
            Format::Duo => "Duo",
            Format::TotpAuthenticator => "TOTP Authenticator",
            Format::AuthenticatorPlus => "Authenticator Plus",
            Format::Otpauth => "otpauth:// list",
            Format::Watchword => "Watchword backup",
            Format::GauthQr => "Google Authenticator QR",
        }
    }

    /// The format a `--format` name means (case-insensitive).
    pub fn from_name(name: &str) -> Option<Format> {
        let wanted = name.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.name() == wanted)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

/// Why a file could not be imported at all. Messages never quote secrets or
/// passwords.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is encrypted and no password was given.
    #[error("this {0} file is encrypted; give its password")]
    PasswordRequired(Format),
    /// The password does not decrypt the file.
    #[error("wrong password for this {0} file")]
    WrongPassword(Format),
    /// `--format auto` could not tell what the file is.
    #[error("unrecognised file: not a format Watchword imports (choose one with --format)")]
    Unrecognised,
    /// The file claims a format but does not follow it.
    #[error("not a valid {format} file: {reason}")]
    Malformed {
        /// The format it was read as.
        format: Format,
        /// What is wrong, without any secret.
        reason: String,
    },
    /// The format is known but this variant of it cannot be read.
    #[error("{format} file not supported: {reason}")]
    Unsupported {
        /// The format.
        format: Format,
        /// Which variant and why.
        reason: String,
    },
    /// Larger than any export file.
    #[error("the file is larger than {} MiB; that is no authenticator export", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
}

impl ImportError {
    /// A `Malformed` error for `format`.
    pub(crate) fn malformed(format: Format, reason: impl Into<String>) -> Self {
        ImportError::Malformed {
            format,
            reason: reason.into(),
        }
    }
}

/// One entry of the file that cannot become an account, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// "Issuer (name)" as the file gave them (never the secret).
    pub label: String,
    /// What is wrong with it, e.g. "secret: not base32 …".
    pub reason: String,
}

/// What a file held: the accounts Watchword can keep and the entries it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The format it was read as.
    pub format: Format,
    /// Accounts, in the file's order.
    pub accounts: Vec<NewAccount>,
    /// Entries refused, each with its reason.
    pub rejected: Vec<Rejected>,
}

/// Accounts and rejections gathered by a format's reader.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub accounts: Vec<NewAccount>,
    pub rejected: Vec<Rejected>,
}

impl Collected {
    /// Keeps an entry's account, or records why it was refused.
    pub(crate) fn push(&mut self, label: String, entry: Result<NewAccount, String>) {
        match entry {
            Ok(account) => self.accounts.push(account),
            Err(reason) => self.rejected.push(Rejected { label, reason }),
        }
    }

    /// Records a refused entry.
    pub(crate) fn reject(&mut self, label: String, reason: impl Into<String>) {
        self.rejected.push(Rejected {
            label,
            reason: reason.into(),
        });
    }
}

/// Reads an export file. `format: None` detects it from the content (and the
/// file name as a hint); `password` is needed for encrypted files and
/// ignored by plain ones.
pub fn read(
    bytes: &[u8],
    file_name: &str,
    format: Option<Format>,
    password: Option<&Passphrase>,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let format = match format {
        Some(format) => format,
        None => detect(bytes, file_name).ok_or(ImportError::Unrecognised)?,
    };
    let password = password.filter(|p| !p.is_empty());
    let collected = match format {
        Format::Aegis => aegis::read(bytes, password)?,
        Format::TwoFas => twofas::read(bytes, password)?,
        Format::AndOtp => andotp::read(bytes, password)?,
        Format::Bitwarden => bitwarden::read(bytes)?,
        Format::FreeOtpPlus => freeotp_plus::read(bytes)?,
        Format::FreeOtp => freeotp::read(bytes, password)?,
        Format::Ente => ente::read(bytes)?,
        Format::Stratum => stratum::read(bytes, password)?,
        Format::Proton => proton::read(bytes)?,
        Format::Raivo => raivo::read(bytes, password)?,
        Format::Authy => authy::read(bytes, password)?,
        Format::BattleNet => battle_net::read(bytes)?,
        Format::Steam => steam::read(bytes)?,
        Format::Duo => duo::read(bytes)?,
        Format::TotpAuthenticator => totp_authenticator::read(bytes, password)?,
        Format::AuthenticatorPlus => authenticator_plus::read(bytes, password)?,
        Format::Otpauth => otpauth::read(bytes)?,
        Format::Watchword => watchword::read(bytes, password)?,
        Format::GauthQr => gauth_qr::read(bytes, file_name)?,
    };
    Ok(Imported {
        format,
        accounts: collected.accounts,
        rejected: collected.rejected,
    })
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// Accounts the vault does not have yet; the only ones added.
    pub new: Vec<NewAccount>,
    /// Accounts already in the vault (same secret, issuer and name), or
    /// repeated in the file: skipped.
    pub duplicates: Vec<NewAccount>,
    /// Entries the file holds that cannot become accounts.
    pub rejected: Vec<Rejected>,
}

/// What the import wizard shows of a preview: accounts without their secrets,
/// duplicates marked, rejected entries with their reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportView {
    /// The format read, as people call it ("Aegis", "2FAS"…).
    pub format: String,
    /// What will be added.
    pub new: Vec<crate::enroll::Candidate>,
    /// Already in the vault (or twice in the file): skipped.
    pub duplicates: Vec<crate::enroll::Candidate>,
    /// Entries that could not be read, each with its reason.
    pub rejected: Vec<Rejected>,
}

impl ImportPreview {
    /// The preview as the wizard shows it.
    pub fn view(&self, format: Format) -> ImportView {
        let show = |list: &[NewAccount], duplicate| {
            list.iter()
                .map(|account| crate::enroll::Candidate::new(&account.otp, duplicate))
                .collect()
        };
        ImportView {
            format: format.title().to_owned(),
            new: show(&self.new, false),
            duplicates: show(&self.duplicates, true),
            rejected: self.rejected.clone(),
        }
    }
}

/// Sorts imported accounts into new ones and duplicates of what the vault
/// (or an earlier entry of the same file) already holds.
pub fn preview(vault_accounts: &[Account], imported: Imported) -> ImportPreview {
    let mut new: Vec<NewAccount> = Vec::new();
    let mut duplicates = Vec::new();
    for account in imported.accounts {
        let seen = vault_accounts
            .iter()
            .any(|a| same_account(&a.otp, &account.otp))
            || new.iter().any(|n| same_account(&n.otp, &account.otp));
        if seen {
            duplicates.push(account);
        } else {
            new.push(account);
        }
    }
    ImportPreview {
        new,
        duplicates,
        rejected: imported.rejected,
    }
}

/// The preview checked again against the vault as it is now (it may have changed since
/// the preview was shown): accounts that arrived meanwhile move to the duplicates.
pub fn recheck(vault_accounts: &[Account], shown: ImportPreview) -> ImportPreview {
    let mut again = preview(
        vault_accounts,
        Imported {
            format: Format::Otpauth,
            accounts: shown.new,
            rejected: shown.rejected,
        },
    );
    let mut duplicates = shown.duplicates;
    duplicates.append(&mut again.duplicates);
    again.duplicates = duplicates;
    again
}

/// The confirmed step: adds the preview's new accounts in one vault write
/// and returns their ids. Duplicates and rejected entries are not written.
pub fn add_new(vault: &mut Vault, preview: ImportPreview) -> Result<Vec<String>, VaultError> {
    if preview.new.is_empty() {
        return Ok(Vec::new());
    }
    vault.add_new(preview.new)
}

#[cfg(test)]
mod tests;
