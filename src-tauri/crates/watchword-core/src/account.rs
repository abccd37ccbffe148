//! Accounts as the vault keeps them: the token plus what users organise by.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::secret::Secret;
use crate::sync::stamp::{Clocks, Superseded};
use crate::token::{Algorithm, Kind, Token};
use crate::uri::OtpAccount;

/// An account kept in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Stable identifier (a UUID), used by the CLI and the UI to name an account.
    pub id: String,
    /// Issuer, name, token and extra URI parameters.
    pub otp: OtpAccount,
    /// The group the user filed it under.
    pub group: Option<String>,
    /// Free text the user keeps with it.
    pub note: String,
    /// An icon reference (e.g. a data URI or a bundled icon name).
    pub icon: Option<String>,
    /// Position in the manual sort order.
    pub sort: u32,
    /// When it was added (Unix seconds).
    pub created: u64,
    /// When a code was last copied or generated (Unix seconds).
    pub last_used: Option<u64>,
    /// How many times a code was used, for "most used" sorting.
    pub use_count: u64,
    /// When each field was last set, for sync's merge (empty: as created).
    pub clocks: Clocks,
    /// Values sync replaced by newer ones from another computer, newest first.
    pub history: Vec<Superseded>,
}

impl Account {
    /// A new account with a fresh id, created now.
    pub fn new(otp: OtpAccount, sort: u32, now: u64) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            otp,
            group: None,
            note: String::new(),
            icon: None,
            sort,
            created: now,
            last_used: None,
            use_count: 0,
            clocks: Clocks::new(),
            history: Vec::new(),
        }
    }

    /// "Issuer (name)" or just the name: how messages refer to an account.
    pub fn label(&self) -> String {
        match &self.otp.issuer {
            Some(issuer) if !self.otp.name.is_empty() => format!("{issuer} ({})", self.otp.name),
            Some(issuer) => issuer.clone(),
            None => self.otp.name.clone(),
        }
    }
}

/// An account about to be added: the token plus what an import can carry
/// besides it (a group, a note). The vault gives it an id, a position and a
/// creation time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Issuer, name, token and extra URI parameters.
    pub otp: OtpAccount,
    /// The group it was filed under in the other app.
    pub group: Option<String>,
    /// Free text kept with it.
    pub note: String,
}

impl From<OtpAccount> for NewAccount {
    fn from(otp: OtpAccount) -> Self {
        Self {
            otp,
            group: None,
            note: String::new(),
        }
    }
}

/// The serialized form inside the encrypted payload. The secret is written as
/// base32 in a zeroizing string; the whole payload buffer is zeroized too.
#[derive(Serialize, Deserialize, Clone)]
pub(crate) struct StoredAccount {
    id: String,
    issuer: Option<String>,
    name: String,
    r#type: String,
    algorithm: Algorithm,
    digits: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    secret: Zeroizing<String>,
    #[serde(default)]
    extra: Vec<(String, String)>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    icon: Option<String>,
    #[serde(default)]
    sort: u32,
    #[serde(default)]
    created: u64,
    #[serde(default)]
    last_used: Option<u64>,
    #[serde(default)]
    use_count: u64,
    #[serde(default, skip_serializing_if = "Clocks::is_empty")]
    clocks: Clocks,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<Superseded>,
}

impl From<&Account> for StoredAccount {
    fn from(account: &Account) -> Self {
        let token = &account.otp.token;
        Self {
            id: account.id.clone(),
            issuer: account.otp.issuer.clone(),
            name: account.otp.name.clone(),
            r#type: token.kind().type_name().to_owned(),
            algorithm: token.algorithm(),
            digits: token.digits(),
            period: token.kind().period(),
            counter: token.kind().counter(),
            secret: token.secret().to_base32(),
            extra: account.otp.extra.clone(),
            group: account.group.clone(),
            note: account.note.clone(),
            icon: account.icon.clone(),
            sort: account.sort,
            created: account.created,
            last_used: account.last_used,
            use_count: account.use_count,
            clocks: account.clocks.clone(),
            history: account.history.clone(),
        }
    }
}

impl StoredAccount {
    /// Rebuilds the account; `None` names the field that does not make sense.
    pub(crate) fn into_account(self) -> Result<Account, String> {
        let secret = Secret::from_base32(&self.secret).map_err(|e| format!("secret: {e}"))?;
        let kind = match self.r#type.as_str() {
            "totp" => Kind::Totp {
                period: self.period.ok_or("period: missing")?,
            },
            "steam" => Kind::Steam {
                period: self.period.ok_or("period: missing")?,
            },
            "hotp" => Kind::Hotp {
                counter: self.counter.ok_or("counter: missing")?,
            },
            other => return Err(format!("type: unknown {other:?}")),
        };
        let token =
            Token::new(kind, self.algorithm, self.digits, secret).map_err(|e| e.to_string())?;
        Ok(Account {
            id: self.id,
            otp: OtpAccount {
                issuer: self.issuer,
                name: self.name,
                token,
                extra: self.extra,
            },
            group: self.group,
            note: self.note,
            icon: self.icon,
            sort: self.sort,
            created: self.created,
            last_used: self.last_used,
            use_count: self.use_count,
            clocks: self.clocks,
            history: self.history,
        })
    }
}

/// Why a name or id did not pick exactly one account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// Nothing matched.
    #[error("no account matches {0:?}")]
    NotFound(String),
    /// Several matched; the candidates are listed so the user can be precise.
    #[error("{query:?} matches {} accounts: {}", candidates.len(), candidates.join(", "))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// `label [id]` of every match.
        candidates: Vec<String>,
    },
}

/// Picks one account by id (or a unique id prefix of 8+ characters), or by a
/// case-insensitive exact match on issuer, name, or "issuer:name".
pub fn find<'a>(accounts: &'a [Account], query: &str) -> Result<&'a Account, FindError> {
    position(accounts, query).map(|index| &accounts[index])
}

/// Where `find` would pick, for callers that change the account in place.
pub fn position(accounts: &[Account], query: &str) -> Result<usize, FindError> {
    let wanted = query.trim().to_lowercase();
    if let Some(index) = accounts.iter().position(|a| a.id == query.trim()) {
        return Ok(index);
    }
    let matches: Vec<usize> = accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let issuer = a.otp.issuer.as_deref().unwrap_or("").to_lowercase();
            let name = a.otp.name.to_lowercase();
            issuer == wanted
                || name == wanted
                || format!("{issuer}:{name}") == wanted
                || (wanted.len() >= 8 && a.id.starts_with(&wanted))
        })
        .map(|(index, _)| index)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(FindError::NotFound(query.to_owned())),
        many => Err(FindError::Ambiguous {
            query: query.to_owned(),
            candidates: many
                .iter()
                .map(|&i| format!("{} [{}]", accounts[i].label(), accounts[i].id))
                .collect(),
        }),
    }
}
