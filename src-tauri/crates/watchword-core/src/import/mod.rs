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
use crate::enroll::AccountKey;
use crate::vault::{Passphrase, Vault, VaultError};

pub use crypto::{FILE_BUDGET, KdfError, Work};
use detect::Sniff;
pub use detect::{THRESHOLD, detect};

/// The largest file an importer reads; export files are kilobytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Whether a format's files carry a password, so a front end knows to ask
/// for one (and whether it may be left empty) before reading or writing.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// Never encrypted: no password field.
    None,
    /// Encrypted or plain, as the file (or the user) chooses.
    Optional,
    /// Always encrypted: nothing is read or written without the password.
    Required,
}

/// One import format as the front ends see it: enough to offer it in a list
/// (`--format` values, the wizard's "read it as" choice) and to know whether
/// to ask for a password. Serializes as `{name, title, encryption}`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    /// The stable lower-case name `--format` takes and the desktop sends.
    pub name: &'static str,
    /// The app's name, for people.
    pub title: &'static str,
    /// Whether its files can (or must) be encrypted.
    pub encryption: Encryption,
}

/// A file as a reader gets it.
pub(crate) struct Source<'a> {
    pub bytes: &'a [u8],
    pub file_name: &'a str,
    /// `None` also when the front end sent an empty one.
    pub password: Option<&'a Passphrase>,
    /// The key-derivation work the file may still ask for; every
    /// derivation a reader runs draws from it.
    pub budget: &'a crypto::Budget,
}

/// A registry row: everything one format declares in its own module.
pub(crate) struct Spec {
    pub info: FormatInfo,
    /// How sure the format is that a file is its own, 0 to 100 (see `detect`).
    pub detect: fn(&Sniff) -> u8,
    /// The file's accounts and rejected entries.
    pub read: fn(&Source) -> Result<Collected, ImportError>,
}

/// The registry: every format Watchword imports, in the order lists show
/// them (and detection breaks ties). Adding a format is a module declaring
/// its `FORMAT` and one line here.
const FORMATS: &[Format] = &[
    aegis::FORMAT,
    twofas::FORMAT,
    andotp::FORMAT,
    bitwarden::FORMAT,
    freeotp_plus::FORMAT,
    freeotp::FORMAT,
    ente::FORMAT,
    stratum::FORMAT,
    proton::FORMAT,
    raivo::FORMAT,
    authy::FORMAT,
    battle_net::FORMAT,
    steam::FORMAT,
    duo::FORMAT,
    totp_authenticator::FORMAT,
    authenticator_plus::FORMAT,
    otpauth::FORMAT,
    watchword::FORMAT,
    gauth_qr::FORMAT,
];

/// A file format Watchword imports: a handle on its registry row, so errors
/// and results can name the format without the core growing an enum every
/// time a format is added. Compares, hashes and serializes as its stable
/// name; displays as its title.
#[derive(Clone, Copy)]
pub struct Format(&'static Spec);

impl Format {
    /// Every format, in the registry's order (the order help texts list them).
    pub const ALL: &'static [Format] = FORMATS;

    /// The stable name `--format` takes.
    pub fn name(self) -> &'static str {
        self.0.info.name
    }

    /// The app's name, for messages.
    pub fn title(self) -> &'static str {
        self.0.info.title
    }

    /// Whether its files can (or must) be encrypted.
    pub fn encryption(self) -> Encryption {
        self.0.info.encryption
    }

    /// What lists of formats show of it.
    pub fn info(self) -> FormatInfo {
        self.0.info
    }

    /// The format a `--format` name means (case-insensitive).
    pub fn from_name(name: &str) -> Option<Format> {
        let wanted = name.trim().to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.name() == wanted)
    }

    /// The format's confidence that `sniff` is its file.
    pub(crate) fn score(self, sniff: &Sniff) -> u8 {
        (self.0.detect)(sniff)
    }
}

/// Every format Watchword imports, for `--format` help and the import
/// wizard's format choice; serialize it as it is.
pub fn formats() -> Vec<FormatInfo> {
    Format::ALL.iter().map(|f| f.info()).collect()
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Format {}

impl std::hash::Hash for Format {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Format").field(&self.name()).finish()
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Format::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown import format {name:?}")))
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

    /// A refused key derivation: parameters no algorithm takes are a
    /// malformed file; costs over the limits are a file Watchword will not
    /// read (`Unsupported`, the message saying it asks for too much work).
    pub(crate) fn kdf(format: Format, error: KdfError) -> Self {
        match error {
            KdfError::Invalid { .. } => ImportError::malformed(format, error.to_string()),
            _ => ImportError::Unsupported {
                format,
                reason: error.to_string(),
            },
        }
    }
}

/// One entry of the file that cannot become an account, and why.
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    let budget = crypto::Budget::per_file();
    let source = Source {
        bytes,
        file_name,
        password: password.filter(|p| !p.is_empty()),
        budget: &budget,
    };
    let collected = (format.0.read)(&source)?;
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
/// (or an earlier entry of the same file) already holds — same secret,
/// issuer and name (`enroll::same_account`). One hash set of account keys:
/// linear in the vault and the file, so a file of 200,000 links previews
/// in moments instead of comparing every entry with every other.
pub fn preview(vault_accounts: &[Account], imported: Imported) -> ImportPreview {
    let mut new: Vec<NewAccount> = Vec::new();
    let mut duplicates = Vec::new();
    let mut seen: std::collections::HashSet<AccountKey> =
        std::collections::HashSet::with_capacity(vault_accounts.len() + imported.accounts.len());
    seen.extend(vault_accounts.iter().map(|a| AccountKey::of(&a.otp)));
    for account in imported.accounts {
        if seen.insert(AccountKey::of(&account.otp)) {
            new.push(account);
        } else {
            duplicates.push(account);
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
            format: otpauth::FORMAT,
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
