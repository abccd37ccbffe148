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
    /// The groups the user filed it under (none, one or several), in order.
    pub groups: Vec<String>,
    /// Pinned to the top of every list and the tray.
    pub favourite: bool,
    /// Free text the user keeps with it.
    pub note: String,
    /// Its icon; `None` leaves it to the automatic choice (brand, icon pack).
    pub icon: Option<Icon>,
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
            groups: Vec::new(),
            favourite: false,
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
/// besides it (groups, a note, an icon, a favourite mark). The vault gives it
/// an id, a position and a creation time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Issuer, name, token and extra URI parameters.
    pub otp: OtpAccount,
    /// The groups it was filed under in the other app.
    pub groups: Vec<String>,
    /// Free text kept with it.
    pub note: String,
    /// The icon the other app showed for it.
    pub icon: Option<Icon>,
    /// Marked as a favourite in the other app.
    pub favourite: bool,
}

impl From<OtpAccount> for NewAccount {
    fn from(otp: OtpAccount) -> Self {
        Self {
            otp,
            groups: Vec::new(),
            note: String::new(),
            icon: None,
            favourite: false,
        }
    }
}

/// Group names as the user typed them: trimmed, without empty ones or repeats
/// (compared case-insensitively), in their first order.
pub fn clean_groups<I: IntoIterator<Item = S>, S: AsRef<str>>(groups: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for group in groups {
        let group = group.as_ref().trim();
        if !group.is_empty() && !out.iter().any(|g| g.to_lowercase() == group.to_lowercase()) {
            out.push(group.to_owned());
        }
    }
    out
}

/// A picture format an icon may have: the three Aegis writes in `icon_mime`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IconMime {
    /// PNG.
    #[serde(rename = "image/png")]
    Png,
    /// JPEG.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// SVG (sanitised before it is kept).
    #[serde(rename = "image/svg+xml")]
    Svg,
}

impl IconMime {
    /// The MIME type, as Aegis and data URIs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            IconMime::Png => "image/png",
            IconMime::Jpeg => "image/jpeg",
            IconMime::Svg => "image/svg+xml",
        }
    }

    /// Reads a MIME type (case-insensitive; `image/jpg` too); `None` for others.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "image/png" => Some(IconMime::Png),
            "image/jpeg" | "image/jpg" => Some(IconMime::Jpeg),
            "image/svg+xml" | "image/svg" => Some(IconMime::Svg),
            _ => None,
        }
    }
}

/// What an icon shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum IconImage {
    /// A built-in brand icon, by its slug (e.g. `github`).
    Brand {
        /// The brand's slug in the built-in set.
        slug: String,
    },
    /// A picture kept byte for byte (imported, from an icon pack or a file).
    Picture {
        /// Its format.
        mime: IconMime,
        /// Its bytes (base64 in the vault).
        #[serde(with = "base64_bytes")]
        bytes: Vec<u8>,
    },
    /// No picture: the issuer's first letter, chosen over any automatic icon.
    Letter,
}

/// An account's icon and who picked it: a user's own choice always beats an
/// automatic one (a brand match, an icon pack's pattern).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Icon {
    /// What it shows.
    pub image: IconImage,
    /// The user (here or in the app it was imported from) chose it.
    pub chosen: bool,
}

impl Icon {
    /// An icon the user chose.
    pub fn chosen(image: IconImage) -> Self {
        Self {
            image,
            chosen: true,
        }
    }

    /// An icon assigned automatically, which any user choice replaces.
    pub fn automatic(image: IconImage) -> Self {
        Self {
            image,
            chosen: false,
        }
    }

    /// Reads what older versions kept in `icon`: a `data:` URI or a brand name.
    fn from_legacy(text: &str) -> Option<Self> {
        use base64::Engine;
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(rest) = text.strip_prefix("data:") {
            let (mime, data) = rest.split_once(";base64,")?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data.trim())
                .ok()?;
            return Some(Icon::chosen(IconImage::Picture {
                mime: IconMime::parse(mime)?,
                bytes,
            }));
        }
        Some(Icon::chosen(IconImage::Brand {
            slug: text.to_owned(),
        }))
    }
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// `icon` in the vault: the current shape, or the string older versions wrote.
#[derive(Serialize, Deserialize, Clone)]
#[serde(untagged)]
enum StoredIcon {
    Current(Icon),
    Legacy(String),
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
    /// Only read: versions before several groups kept one here.
    #[serde(default, skip_serializing)]
    group: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    favourite: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    icon: Option<StoredIcon>,
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
            group: None,
            groups: account.groups.clone(),
            favourite: account.favourite,
            note: account.note.clone(),
            icon: account.icon.clone().map(StoredIcon::Current),
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
            groups: if self.groups.is_empty() {
                clean_groups(self.group)
            } else {
                self.groups
            },
            favourite: self.favourite,
            note: self.note,
            icon: match self.icon {
                Some(StoredIcon::Current(icon)) => Some(icon),
                Some(StoredIcon::Legacy(text)) => Icon::from_legacy(&text),
                None => None,
            },
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
