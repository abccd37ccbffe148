//! `otpauth://` Key URIs: read leniently, written canonically, round-trip stable.
//!
//! Label rules. The label is `issuer:name` or `name`; the split is at the first
//! literal `:` (or, when there is none, the first `%3A`). When both the label and
//! the `issuer` parameter name an issuer, the parameter wins: it is the field the
//! Key URI Format calls authoritative, and when the two differ the label's prefix
//! is dropped. An empty `issuer` parameter counts as absent.
//!
//! Query values are `application/x-www-form-urlencoded` (`+` is a space); the
//! label is a percent-encoded path (`+` is a plus). The first occurrence of a
//! known parameter wins; unknown parameters (`image`, `color`, …) are kept in
//! order and written back after the known ones.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use crate::secret::{Secret, SecretError};
use crate::token::{Algorithm, DEFAULT_PERIOD, Kind, Token, TokenError};

/// Why a URI was refused. Each message names the field; values are quoted
/// (shortened, control characters escaped) except the secret, which never is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    /// Not an `otpauth://` URI at all.
    #[error("not an otpauth:// URI (it starts with {0})")]
    Scheme(String),
    /// The type (host part) is not totp, hotp or steam.
    #[error("type: unknown OTP type {0} (expected totp, hotp or steam)")]
    Type(String),
    /// No `secret` parameter, or an empty one.
    #[error("secret: missing")]
    MissingSecret,
    /// The secret is not base32.
    #[error("secret: {0}")]
    Secret(#[from] SecretError),
    /// The `algorithm` parameter names no supported hash.
    #[error("algorithm: unknown algorithm {0} (expected SHA1, SHA256 or SHA512)")]
    Algorithm(String),
    /// `digits` is not a number.
    #[error("digits: {0} is not a number")]
    DigitsNotNumber(String),
    /// `period` is not a number.
    #[error("period: {0} is not a number")]
    PeriodNotNumber(String),
    /// An HOTP URI without a `counter`.
    #[error("counter: missing (an hotp URI must carry its counter)")]
    MissingCounter,
    /// `counter` is not a non-negative integer.
    #[error("counter: {0} is not a non-negative integer")]
    CounterNotNumber(String),
    /// The digits or period are out of range.
    #[error("{0}")]
    Token(#[from] TokenError),
    /// The label does not decode to UTF-8 text.
    #[error("label: percent-encoded bytes are not valid UTF-8")]
    LabelEncoding,
    /// A query parameter does not decode to UTF-8 text.
    #[error("{0}: percent-encoded bytes are not valid UTF-8")]
    ParamEncoding(String),
}

/// An account as an `otpauth://` URI describes it: who issued it, whose it is,
/// the token, and any extra parameters the issuer added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpAccount {
    /// The service, e.g. `GitHub`; `None` when neither label nor parameter says.
    pub issuer: Option<String>,
    /// The account at that service, e.g. `alice@example.com`.
    pub name: String,
    /// Secret and parameters.
    pub token: Token,
    /// Parameters Watchword does not interpret (`image`, `color`, …), in order.
    pub extra: Vec<(String, String)>,
}

/// Characters written as-is in labels and query values: RFC 3986 unreserved.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Parameters this module interprets; everything else lands in `extra`.
const KNOWN: [&str; 7] = [
    "secret",
    "issuer",
    "algorithm",
    "digits",
    "period",
    "counter",
    "encoder",
];

impl OtpAccount {
    /// Parses an `otpauth://` URI (see the module docs for the leniency rules).
    pub fn parse(uri: &str) -> Result<Self, UriError> {
        let uri = uri.trim();
        let rest = strip_prefix_ignore_case(uri, "otpauth://")
            .ok_or_else(|| UriError::Scheme(quote(&uri.chars().take(12).collect::<String>())))?;
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (type_name, raw_label) = path.split_once('/').unwrap_or((path, ""));

        let params = Params::parse(query)?;
        let secret_text = params.get("secret").filter(|s| !s.trim().is_empty());
        let secret = Secret::from_base32(secret_text.ok_or(UriError::MissingSecret)?)?;
        let algorithm = match params.get("algorithm") {
            None | Some("") => Algorithm::Sha1,
            Some(name) => Algorithm::parse(name).ok_or_else(|| UriError::Algorithm(quote(name)))?,
        };
        let digits = match params.get("digits") {
            None | Some("") => 6,
            Some(text) => {
                let value =
                    parse_number(text).ok_or_else(|| UriError::DigitsNotNumber(quote(text)))?;
                u8::try_from(value).map_err(|_| TokenError::Digits(value))?
            }
        };
        let period = match params.get("period") {
            None | Some("") => DEFAULT_PERIOD,
            Some(text) => {
                let value =
                    parse_number(text).ok_or_else(|| UriError::PeriodNotNumber(quote(text)))?;
                u32::try_from(value).map_err(|_| TokenError::Period(value))?
            }
        };
        let steam_encoder = params
            .get("encoder")
            .is_some_and(|e| e.eq_ignore_ascii_case("steam"));
        let kind = match type_name.to_ascii_lowercase().as_str() {
            "totp" if steam_encoder => Kind::Steam { period },
            "totp" => Kind::Totp { period },
            "steam" => Kind::Steam { period },
            "hotp" => {
                let text = params.get("counter").ok_or(UriError::MissingCounter)?;
                let counter =
                    parse_number(text).ok_or_else(|| UriError::CounterNotNumber(quote(text)))?;
                Kind::Hotp { counter }
            }
            _ => return Err(UriError::Type(quote(type_name))),
        };
        let token = Token::new(kind, algorithm, digits, secret)?;

        let (label_issuer, name) = split_label(raw_label)?;
        let issuer = params
            .get("issuer")
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .or(label_issuer);

        let extra = params
            .pairs
            .iter()
            .filter(|(key, _)| !KNOWN.contains(&key.as_str()))
            .cloned()
            .collect();
        Ok(Self {
            issuer,
            name,
            token,
            extra,
        })
    }

    /// The canonical URI, secret included: what a phone or another app imports.
    pub fn to_uri(&self) -> Zeroizing<String> {
        Zeroizing::new(self.write(true))
    }

    /// The canonical URI with the `secret` parameter left out: safe to show.
    pub fn to_uri_without_secret(&self) -> String {
        self.write(false)
    }

    fn write(&self, with_secret: bool) -> String {
        let token = &self.token;
        let mut uri = format!("otpauth://{}/", token.kind().type_name());
        match &self.issuer {
            Some(issuer) => {
                uri.extend(utf8_percent_encode(issuer, ENCODE));
                uri.push(':');
            }
            // A name holding a colon but no issuer: an empty prefix keeps the
            // reader from taking the name's first part for an issuer.
            None if self.name.contains(':') => uri.push(':'),
            None => {}
        }
        uri.extend(utf8_percent_encode(&self.name, ENCODE));
        let mut query: Vec<(&str, String)> = Vec::new();
        let secret;
        if with_secret {
            secret = token.secret().to_base32();
            query.push(("secret", secret.as_str().to_owned()));
        }
        if let Some(issuer) = &self.issuer {
            query.push(("issuer", issuer.clone()));
        }
        match token.kind() {
            Kind::Totp { period } => {
                query.push(("algorithm", token.algorithm().to_string()));
                query.push(("digits", token.digits().to_string()));
                query.push(("period", period.to_string()));
            }
            Kind::Hotp { counter } => {
                query.push(("algorithm", token.algorithm().to_string()));
                query.push(("digits", token.digits().to_string()));
                query.push(("counter", counter.to_string()));
            }
            Kind::Steam { period } => query.push(("period", period.to_string())),
        }
        query.extend(self.extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
        for (index, (key, value)) in query.iter_mut().enumerate() {
            uri.push(if index == 0 { '?' } else { '&' });
            uri.extend(utf8_percent_encode(key, ENCODE));
            uri.push('=');
            uri.extend(utf8_percent_encode(value, ENCODE));
            if *key == "secret" {
                zeroize::Zeroize::zeroize(value);
            }
        }
        uri
    }
}

/// Decoded query parameters, in order, duplicates kept.
struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    fn parse(query: &str) -> Result<Self, UriError> {
        let mut pairs = Vec::new();
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            let key = decode_form(key).ok_or_else(|| UriError::ParamEncoding(quote(key)))?;
            let key = key.to_ascii_lowercase();
            let value = decode_form(value).ok_or_else(|| UriError::ParamEncoding(quote(&key)))?;
            pairs.push((key, value));
        }
        Ok(Self { pairs })
    }

    /// The first value given for `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        for (key, value) in &mut self.pairs {
            if key == "secret" {
                zeroize::Zeroize::zeroize(value);
            }
        }
    }
}

/// Form-decodes one query component (`+` is a space); `None` if not UTF-8.
fn decode_form(text: &str) -> Option<String> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Splits a raw (still percent-encoded) label into issuer prefix and name.
fn split_label(raw: &str) -> Result<(Option<String>, String), UriError> {
    let decode = |part: &str| {
        percent_decode_str(part)
            .decode_utf8()
            .map(|s| s.trim().to_owned())
            .map_err(|_| UriError::LabelEncoding)
    };
    let split_at = raw
        .find(':')
        .map(|at| (at, 1))
        .or_else(|| raw.to_ascii_uppercase().find("%3A").map(|at| (at, 3)));
    match split_at {
        Some((at, width)) => {
            let issuer = decode(&raw[..at])?;
            let name = decode(&raw[at + width..])?;
            Ok((Some(issuer).filter(|i| !i.is_empty()), name))
        }
        None => Ok((None, decode(raw)?)),
    }
}

/// A non-negative decimal integer, surrounding spaces allowed.
fn parse_number(text: &str) -> Option<u64> {
    let text = text.trim();
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Quotes a user-supplied value for an error message: escaped, at most 40 characters.
fn quote(value: &str) -> String {
    const MAX: usize = 40;
    let shown: String = value.chars().take(MAX).collect();
    let ellipsis = if value.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("\"{}{ellipsis}\"", shown.escape_debug())
}
