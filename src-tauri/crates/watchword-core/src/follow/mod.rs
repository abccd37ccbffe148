//! Following another app's backups: a folder where Aegis writes its automatic
//! backups (or 2FAS, Ente, Watchword write exports). When a newer file is
//! there, it is read with the importers: new accounts come in, accounts that
//! came from that source and changed there are updated, accounts gone there
//! are flagged for the user, never deleted. Each source applies at once or
//! waits for a review. Sources, with their passwords, live in the vault's
//! secrets (`follow`), protected like the accounts.

mod plan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::import::{Format, ImportError};
use crate::vault::{Passphrase, Vault, VaultError};
pub use plan::{Action, Entry, Plan, apply, check};

/// The vault secret holding every [`Source`].
pub const SECRET: &str = "follow";

/// Why following failed.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// The vault refused the change.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The newest file could not be read as an export.
    #[error("{file}: {error}")]
    Import {
        /// Its name.
        file: String,
        /// Why.
        error: ImportError,
    },
    /// The folder could not be read.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// No source has this id.
    #[error("no followed folder has the id {0:?}")]
    Unknown(String),
    /// The account is not flagged as gone from that source.
    #[error("{0} is not flagged as gone from that folder")]
    NotFlagged(String),
    /// The record in the vault does not parse (should not happen).
    #[error("the followed folders' record in the vault is damaged: {0}")]
    Damaged(String),
}

/// The values an account had in its source when last read, by field.
pub type Values = BTreeMap<String, String>;

/// An account that came from (or matched) an entry of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The vault account's id.
    pub account: String,
    /// What the source said last time (to see what changed there).
    pub values: Values,
}

/// The last file applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// Its name in the folder.
    pub file: String,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// When it was applied (Unix seconds).
    pub at: u64,
}

/// One followed folder.
#[derive(Clone, Serialize, Deserialize)]
pub struct Source {
    /// Short random id, for the CLI and the window to name it.
    pub id: String,
    /// The folder the other app writes into.
    pub folder: PathBuf,
    /// The format's name (`None`: detected from each file).
    pub format: Option<String>,
    /// The files' password (Aegis's backup password), kept only here.
    password: Option<Zeroizing<String>>,
    /// Wait for a review instead of applying at once.
    pub review: bool,
    /// The last file applied.
    pub last: Option<Seen>,
    /// Entries of the source (by a digest of their secret) and their accounts.
    pub links: BTreeMap<String, Link>,
    /// Accounts gone from the source, flagged for the user to confirm.
    pub gone: Vec<String>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("id", &self.id)
            .field("folder", &self.folder)
            .field("review", &self.review)
            .finish_non_exhaustive()
    }
}

impl Source {
    /// The password, for the importer.
    fn password(&self) -> Option<Passphrase> {
        self.password
            .as_ref()
            .map(|p| Passphrase::new(p.as_str().to_owned()))
    }

    /// The format, if one was chosen.
    fn format(&self) -> Option<Format> {
        self.format.as_deref().and_then(Format::from_name)
    }
}

/// Every followed folder of a vault.
#[derive(Default, Serialize, Deserialize)]
pub struct Follows {
    /// In the order they were added.
    pub sources: Vec<Source>,
}

impl Follows {
    /// The record in `vault` (empty when nothing is followed).
    pub fn of(vault: &Vault) -> Result<Self, FollowError> {
        match vault.secret(SECRET) {
            Some(json) => {
                serde_json::from_str(json).map_err(|e| FollowError::Damaged(e.to_string()))
            }
            None => Ok(Self::default()),
        }
    }

    /// The record as the vault keeps it.
    fn to_secret(&self) -> Zeroizing<String> {
        Zeroizing::new(serde_json::to_string(self).expect("sources serialize"))
    }

    /// One source by id.
    pub fn get(&self, id: &str) -> Result<&Source, FollowError> {
        self.sources
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| FollowError::Unknown(id.to_owned()))
    }
}

/// Starts following `folder`; the password (if any) is kept in the vault.
pub fn add_source(
    vault: &mut Vault,
    folder: &Path,
    format: Option<Format>,
    password: Option<&Passphrase>,
    review: bool,
) -> Result<Source, FollowError> {
    let folder = folder.canonicalize().map_err(|e| FollowError::Io {
        path: folder.to_owned(),
        detail: e.to_string(),
    })?;
    let mut follows = Follows::of(vault)?;
    let source = Source {
        id: crate::hex::encode(&crate::vault::crypto::random::<4>()),
        folder,
        format: format.map(|f| f.name().to_owned()),
        password: password
            .filter(|p| !p.is_empty())
            .map(|p| Zeroizing::new(String::from_utf8_lossy(p.bytes()).into_owned())),
        review,
        last: None,
        links: BTreeMap::new(),
        gone: Vec::new(),
    };
    follows.sources.push(source.clone());
    vault.set_secret(SECRET, Some(follows.to_secret()))?;
    Ok(source)
}

/// Stops following a folder (its accounts stay).
pub fn remove_source(vault: &mut Vault, id: &str) -> Result<Source, FollowError> {
    let mut follows = Follows::of(vault)?;
    let source = follows.get(id)?.clone();
    follows.sources.retain(|s| s.id != id);
    let value = (!follows.sources.is_empty()).then(|| follows.to_secret());
    vault.set_secret(SECRET, value)?;
    Ok(source)
}

/// What the user decides for an account gone from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Delete it here too, as any deletion (a tombstone tells sync).
    Delete,
    /// Keep it as the user's own account, no longer tracked from the source.
    Keep,
}

/// Resolves an account flagged as gone from source `id` (`query`: its id or
/// name, as the CLI takes accounts): deleted the usual way, or kept and
/// unlinked; either way it is no longer flagged nor linked to an entry. One
/// vault write. Returns the account as it was (for an undo of a deletion).
pub fn resolve(
    vault: &mut Vault,
    id: &str,
    query: &str,
    resolution: Resolution,
) -> Result<Account, FollowError> {
    let mut follows = Follows::of(vault)?;
    let account = vault.find(query)?.clone();
    let source = follows
        .sources
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| FollowError::Unknown(id.to_owned()))?;
    if !source.gone.contains(&account.id) {
        return Err(FollowError::NotFlagged(account.label()));
    }
    source.gone.retain(|gone| *gone != account.id);
    source.links.retain(|_, link| link.account != account.id);
    let record = follows.to_secret();
    vault.update(|accounts, secrets| {
        if resolution == Resolution::Delete {
            let index = crate::account::position(accounts, &account.id)?;
            accounts.remove(index);
        }
        secrets.insert(SECRET.to_owned(), record);
        Ok(())
    })?;
    Ok(account)
}

/// Watches `folders` (the followed ones) for any file but temporary names,
/// polling every `poll` for shares that send no events.
pub fn watch(folders: &[PathBuf], poll: std::time::Duration) -> crate::sync::watch::Watch {
    crate::sync::watch::Watch::folders(folders, poll, |name| !plan::temporary(name))
}

/// What following one source did.
#[derive(Debug)]
pub enum Outcome {
    /// No file newer than the one applied last.
    Nothing,
    /// The newest file was applied.
    Applied(Plan),
    /// The newest file waits for a review (the source asks for one).
    Waiting(Plan),
}

/// One source's id and what following it did (or why it failed).
pub type SourceOutcome = (String, Result<Outcome, FollowError>);

/// Checks every followed folder: applies the newest file of the sources
/// that apply at once, returns the plans of those that wait for a review.
/// One source failing (a wrong password, a damaged file) does not stop the others.
pub fn run(vault: &mut Vault, now: u64) -> Result<Vec<SourceOutcome>, FollowError> {
    let follows = Follows::of(vault)?;
    let mut outcomes = Vec::new();
    for source in &follows.sources {
        let outcome = check(vault.accounts(), source).and_then(|plan| match plan {
            None => Ok(Outcome::Nothing),
            Some(plan) if source.review => Ok(Outcome::Waiting(plan)),
            Some(plan) => apply(vault, plan.clone(), now).map(|()| Outcome::Applied(plan)),
        });
        outcomes.push((source.id.clone(), outcome));
    }
    Ok(outcomes)
}
