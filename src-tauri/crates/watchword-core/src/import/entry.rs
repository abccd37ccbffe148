//! Turning one entry's fields, as a format stores them, into an account:
//! the same checks and the same words for every format.

use zeroize::Zeroizing;

use crate::account::{Icon, NewAccount};
use crate::secret::Secret;
use crate::token::{Algorithm, DEFAULT_PERIOD, Kind, Token};
use crate::uri::OtpAccount;

/// The kind of token an entry describes, before its numbers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Totp,
    Hotp,
    Steam,
}

impl Type {
    /// `totp`, `hotp` or `steam` in any case; the reason names anything else.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "totp" => Ok(Type::Totp),
            "hotp" => Ok(Type::Hotp),
            "steam" => Ok(Type::Steam),
            other => Err(format!(
                "type: {} tokens are not supported (TOTP, HOTP and Steam are)",
                shorten(other)
            )),
        }
    }
}

/// An entry's fields, each still optional: defaults (SHA1, 6 digits, 30 s,
/// counter 0) fill what a format does not carry.
#[derive(Debug)]
pub(crate) struct Draft {
    pub issuer: Option<String>,
    pub name: String,
    pub r#type: Type,
    pub algorithm: Option<String>,
    pub digits: Option<i64>,
    pub period: Option<i64>,
    pub counter: Option<i64>,
    pub secret: Result<Secret, String>,
    pub groups: Vec<String>,
    pub note: String,
    pub icon: Option<Icon>,
    pub favourite: bool,
}

impl Draft {
    /// A TOTP draft with every parameter at its default.
    pub(crate) fn new(issuer: Option<&str>, name: &str, secret: Result<Secret, String>) -> Self {
        Self {
            issuer: issuer
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty()),
            name: name.trim().to_owned(),
            r#type: Type::Totp,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
            secret,
            groups: Vec::new(),
            note: String::new(),
            icon: None,
            favourite: false,
        }
    }

    /// "Issuer (name)", "Issuer" or "name": how rejections name the entry.
    pub(crate) fn label(&self) -> String {
        label(self.issuer.as_deref(), &self.name)
    }

    /// The account, or the first field that is wrong.
    pub(crate) fn build(self) -> Result<NewAccount, String> {
        let secret = self.secret?;
        let algorithm = match self.algorithm.as_deref().map(str::trim) {
            None | Some("") => Algorithm::Sha1,
            Some(text) => Algorithm::parse(text).ok_or_else(|| {
                format!(
                    "algorithm: {} is not supported (SHA1, SHA256 or SHA512)",
                    shorten(text)
                )
            })?,
        };
        let digits = match self.digits {
            None if self.r#type == Type::Steam => 5,
            None => 6,
            Some(d) => {
                u8::try_from(d).map_err(|_| format!("digits: {d} is out of range (6 to 10)"))?
            }
        };
        let period = match self.period {
            None | Some(0) => DEFAULT_PERIOD,
            Some(p) => u32::try_from(p)
                .map_err(|_| format!("period: {p} is out of range (1 to 86400 seconds)"))?,
        };
        let kind = match self.r#type {
            Type::Totp => Kind::Totp { period },
            Type::Steam => Kind::Steam { period },
            Type::Hotp => Kind::Hotp {
                counter: u64::try_from(self.counter.unwrap_or(0))
                    .map_err(|_| "counter: negative".to_owned())?,
            },
        };
        let token = Token::new(kind, algorithm, digits, secret).map_err(|e| e.to_string())?;
        Ok(NewAccount {
            otp: OtpAccount {
                issuer: self.issuer,
                name: self.name,
                token,
                extra: Vec::new(),
            },
            groups: crate::account::clean_groups(self.groups),
            note: self.note,
            icon: self.icon,
            favourite: self.favourite,
        })
    }
}

/// "Issuer (name)", "Issuer" or "name".
pub(crate) fn label(issuer: Option<&str>, name: &str) -> String {
    let issuer = issuer.map(str::trim).filter(|i| !i.is_empty());
    let name = name.trim();
    let shown = match issuer {
        Some(issuer) if !name.is_empty() => format!("{issuer} ({name})"),
        Some(issuer) => issuer.to_owned(),
        None if name.is_empty() => "(unnamed entry)".to_owned(),
        None => name.to_owned(),
    };
    shorten_plain(&shown, 80)
}

/// A base32 secret; the reason says what is wrong without quoting it.
pub(crate) fn base32(text: Option<&str>) -> Result<Secret, String> {
    let text = text.ok_or("secret: missing")?;
    Secret::from_base32(text).map_err(|e| format!("secret: {e}"))
}

/// A hex secret (Authy's seeds, Battle.net).
pub(crate) fn secret_from_hex(text: Option<&str>) -> Result<Secret, String> {
    let text = text.ok_or("secret: missing")?;
    let bytes = crate::hex::decode(text).ok_or("secret: not hexadecimal")?;
    Secret::from_bytes(bytes.to_vec()).map_err(|e| format!("secret: {e}"))
}

/// A base64 secret (Steam's `shared_secret`).
pub(crate) fn base64(text: Option<&str>) -> Result<Secret, String> {
    use base64::Engine;
    let text = text.ok_or("secret: missing")?;
    let bytes = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(text.trim().as_bytes())
            .map_err(|_| "secret: not base64".to_owned())?,
    );
    Secret::from_bytes(bytes.to_vec()).map_err(|e| format!("secret: {e}"))
}

/// Raw secret bytes (FreeOTP's signed byte arrays, decrypted keys).
pub(crate) fn raw(bytes: &[u8]) -> Result<Secret, String> {
    Secret::from_bytes(bytes.to_vec()).map_err(|e| format!("secret: {e}"))
}

/// A value from a file, quoted for a message: escaped, at most 32 characters.
pub(crate) fn shorten(text: &str) -> String {
    format!("\"{}\"", shorten_plain(text, 32).escape_debug())
}

fn shorten_plain(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut shown: String = text.chars().take(max).collect();
    shown.push('…');
    shown
}
