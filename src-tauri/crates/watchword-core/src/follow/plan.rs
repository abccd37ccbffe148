//! Reading the newest file of a followed folder into a plan (what would
//! change), and applying a plan in one vault write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{FollowError, Follows, Link, SECRET, Seen, Source, Values};
use crate::account::{self, Account, NewAccount};
use crate::import::{self, Rejected};
use crate::sync::fields::{counter, raise_counter};
use crate::token::{Algorithm, Kind, Token};

/// What one entry of the newest file means here.
#[derive(Debug, Clone)]
pub enum Action {
    /// Not in the vault yet: added.
    New(Box<NewAccount>),
    /// Changed in the source since last read: these fields are set (name,
    /// value); `counter` raises an HOTP counter to the source's, never lowers it.
    Update {
        /// The vault account.
        account: String,
        /// Its label now.
        label: String,
        /// Field and new value.
        fields: Vec<(String, String)>,
    },
    /// Already here and unchanged there.
    Same {
        /// The vault account.
        account: String,
    },
}

/// One entry of the file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A digest of its secret: how the same entry is known in the next file.
    key: String,
    /// What the source says of it.
    values: Values,
    /// What happens to it here.
    pub action: Action,
}

/// What applying the newest file would do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The source's id.
    pub source: String,
    /// The file read.
    pub file: String,
    sha256: String,
    /// Every entry the file holds that became an account.
    pub entries: Vec<Entry>,
    /// Accounts that came from the source and are gone there: `(id, label)`,
    /// flagged for the user, never deleted.
    pub gone: Vec<(String, String)>,
    /// Entries that could not be read.
    pub rejected: Vec<Rejected>,
}

impl Plan {
    /// SHA-256 of the file read (hex): a file rewritten under the same name
    /// is another file.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Accounts the plan adds.
    pub fn new_accounts(&self) -> impl Iterator<Item = &NewAccount> {
        self.entries.iter().filter_map(|e| match &e.action {
            Action::New(new) => Some(new.as_ref()),
            _ => None,
        })
    }

    /// Accounts the plan changes: `(label, fields)`.
    pub fn updates(&self) -> impl Iterator<Item = (&str, &[(String, String)])> {
        self.entries.iter().filter_map(|e| match &e.action {
            Action::Update { label, fields, .. } => Some((label.as_str(), fields.as_slice())),
            _ => None,
        })
    }
}

/// The fields a source's changes carry over: issuer, name, groups (as one
/// text, comma-separated, under the key `group`), note, and the token's
/// algorithm, digits and period (the secret is the entry's key, so it never
/// changes for one entry; the HOTP counter is not a field: the highest wins).
fn values(otp: &crate::uri::OtpAccount, groups: &[String], note: &str) -> Values {
    let mut values = Values::new();
    values.insert("issuer".into(), otp.issuer.clone().unwrap_or_default());
    values.insert("name".into(), otp.name.clone());
    values.insert("group".into(), groups.join(", "));
    values.insert("note".into(), note.to_owned());
    let token = &otp.token;
    values.insert("algorithm".into(), token.algorithm().as_str().to_owned());
    values.insert("digits".into(), token.digits().to_string());
    let period = token.kind().period().map(|p| p.to_string());
    values.insert("period".into(), period.unwrap_or_default());
    values
}

/// The same fields as an account here has them now.
fn current(account: &Account) -> Values {
    values(&account.otp, &account.groups, &account.note)
}

fn set(account: &mut Account, field: &str, value: &str) {
    let some = || Some(value.to_owned()).filter(|v| !v.is_empty());
    match field {
        "issuer" => account.otp.issuer = some(),
        "name" => account.otp.name = value.to_owned(),
        "group" => account.groups = crate::account::clean_groups(value.split(',')),
        "note" => account.note = value.to_owned(),
        "algorithm" | "digits" | "period" => retoken(account, field, value),
        // Only ever up: a code used here (a higher counter) is never shown again.
        COUNTER => raise_counter(account, value.parse().ok()),
        _ => {}
    }
}

/// The pseudo-field of a plan that raises an HOTP counter to the source's.
const COUNTER: &str = "counter";

/// Sets one of the token's parameters; a value the token refuses (or a
/// period on a counter-based token) leaves it as it was.
fn retoken(account: &mut Account, field: &str, value: &str) {
    let token = &account.otp.token;
    let (mut kind, mut algorithm, mut digits) = (token.kind(), token.algorithm(), token.digits());
    match field {
        "algorithm" => algorithm = Algorithm::parse(value).unwrap_or(algorithm),
        "digits" => digits = value.parse().unwrap_or(digits),
        _ => {
            kind = match (kind, value.parse::<u32>()) {
                (Kind::Totp { .. }, Ok(period)) => Kind::Totp { period },
                (Kind::Steam { .. }, Ok(period)) => Kind::Steam { period },
                (kind, _) => kind,
            }
        }
    }
    if let Ok(token) = Token::new(kind, algorithm, digits, token.secret().clone()) {
        account.otp.token = token;
    }
}

/// The source's HOTP counter, when it is higher than the account's here.
fn higher_counter(source: &crate::uri::OtpAccount, here: &Account) -> Option<u64> {
    let theirs = source.token.kind().counter()?;
    let ours = counter(here)?;
    (theirs > ours).then_some(theirs)
}

/// How an entry is recognised in the next file: a digest of its secret.
fn entry_key(otp: &crate::uri::OtpAccount) -> String {
    crate::hex::encode(&Sha256::digest(otp.token.secret().expose()))
}

/// Names other apps write while a file is incomplete: never read.
pub(super) fn temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".part")
}

/// The folder's files, newest first (modification time, then name).
fn newest_first(folder: &Path) -> Result<Vec<(PathBuf, String)>, FollowError> {
    let io = |e: std::io::Error| FollowError::Io {
        path: folder.to_owned(),
        detail: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta = entry.metadata().map_err(io)?;
        if meta.is_file() && !temporary(&name) && meta.len() as usize <= import::MAX_FILE_BYTES {
            files.push((meta.modified().map_err(io)?, entry.path(), name));
        }
    }
    files.sort_by(|a, b| (&b.0, &b.2).cmp(&(&a.0, &a.2)));
    Ok(files
        .into_iter()
        .map(|(_, path, name)| (path, name))
        .collect())
}

/// Reads the newest export in the source's folder; `None` when there is
/// none or it is the file applied last.
pub fn check(accounts: &[Account], source: &Source) -> Result<Option<Plan>, FollowError> {
    let format = source.format();
    let chosen = newest_first(&source.folder)?
        .into_iter()
        .find_map(|(path, name)| {
            let bytes = std::fs::read(&path).ok()?;
            let fits = match format {
                Some(format) => import::detect(&bytes, &name) == Some(format),
                None => import::detect(&bytes, &name).is_some(),
            };
            fits.then_some((name, bytes))
        });
    let Some((file, bytes)) = chosen else {
        return Ok(None);
    };
    let sha256 = crate::hex::encode(&Sha256::digest(&bytes));
    if source
        .last
        .as_ref()
        .is_some_and(|last| last.sha256 == sha256)
    {
        return Ok(None);
    }
    let password = source.password();
    let imported = import::read(&bytes, &file, format, password.as_ref()).map_err(|error| {
        FollowError::Import {
            file: file.clone(),
            error,
        }
    })?;
    let by_id: BTreeMap<&str, &Account> = accounts.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut entries = Vec::new();
    for new in imported.accounts {
        let key = entry_key(&new.otp);
        let values = values(&new.otp, &new.groups, &new.note);
        let (here, mut fields) = match source.links.get(&key) {
            // Came from here before; deleted by the user since: left alone.
            Some(link) if !by_id.contains_key(link.account.as_str()) => continue,
            // Came from here before: what changed there since is set here,
            // unless the account has that value already.
            Some(link) => {
                let here = by_id[link.account.as_str()];
                let now = current(here);
                let fields: Vec<(String, String)> = values
                    .iter()
                    .filter(|(field, value)| link.values.get(*field) != Some(value))
                    .filter(|(field, value)| now.get(*field) != Some(value))
                    .map(|(f, v)| (f.clone(), v.clone()))
                    .collect();
                (here, fields)
            }
            None => match accounts
                .iter()
                .find(|a| crate::enroll::same_account(&a.otp, &new.otp))
            {
                Some(here) => (here, Vec::new()),
                None => {
                    entries.push(Entry {
                        key,
                        values,
                        action: Action::New(Box::new(new)),
                    });
                    continue;
                }
            },
        };
        if let Some(counter) = higher_counter(&new.otp, here) {
            fields.push((COUNTER.to_owned(), counter.to_string()));
        }
        let action = if fields.is_empty() {
            Action::Same {
                account: here.id.clone(),
            }
        } else {
            Action::Update {
                account: here.id.clone(),
                label: here.label(),
                fields,
            }
        };
        entries.push(Entry {
            key,
            values,
            action,
        });
    }
    let present: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let gone = source
        .links
        .iter()
        .filter(|(key, _)| !present.contains(&key.as_str()))
        .filter_map(|(_, link)| by_id.get(link.account.as_str()))
        .map(|a| (a.id.clone(), a.label()))
        .collect();
    Ok(Some(Plan {
        source: source.id.clone(),
        file,
        sha256,
        entries,
        gone,
        rejected: imported.rejected,
    }))
}

/// Applies `plan` in one vault write: adds, updates, flags, and remembers
/// the file and what each entry said.
pub fn apply(vault: &mut crate::vault::Vault, plan: Plan, now: u64) -> Result<(), FollowError> {
    let mut follows = Follows::of(vault)?;
    let index = follows
        .sources
        .iter()
        .position(|s| s.id == plan.source)
        .ok_or_else(|| FollowError::Unknown(plan.source.clone()))?;
    vault.update(|accounts, secrets| {
        let source = &mut follows.sources[index];
        let mut next = accounts.iter().map(|a| a.sort + 1).max().unwrap_or(0);
        for entry in plan.entries {
            let id = match entry.action {
                Action::New(new) => {
                    let mut account = Account::new(new.otp, next, now);
                    account.groups = crate::account::clean_groups(new.groups);
                    account.note = new.note;
                    account.icon = new.icon;
                    account.favourite = new.favourite;
                    next += 1;
                    let id = account.id.clone();
                    accounts.push(account);
                    id
                }
                Action::Update {
                    account, fields, ..
                } => {
                    if let Ok(index) = account::position(accounts, &account) {
                        for (field, value) in &fields {
                            set(&mut accounts[index], field, value);
                        }
                    }
                    account
                }
                Action::Same { account } => account,
            };
            source.gone.retain(|g| *g != id);
            source.links.insert(
                entry.key,
                Link {
                    account: id,
                    values: entry.values,
                },
            );
        }
        for (id, _) in plan.gone {
            if !source.gone.contains(&id) {
                source.gone.push(id);
            }
        }
        source.last = Some(Seen {
            file: plan.file,
            sha256: plan.sha256,
            at: now,
        });
        secrets.insert(SECRET.to_owned(), follows.to_secret());
        Ok(())
    })?;
    Ok(())
}
