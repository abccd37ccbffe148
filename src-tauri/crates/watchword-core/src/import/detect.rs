//! `--format auto`: every registered format scores how sure it is that a file
//! is its own (0 to 100, from the content and, only where no content can
//! tell, the file name); the highest score at or above [`THRESHOLD`] wins,
//! and a tie goes to the format listed first in the registry. No format sees
//! another's rules, so a new format cannot be shadowed by an earlier
//! catch-all, and none can claim a file just by coming first.

use std::cell::OnceCell;

use serde_json::Value;
use zeroize::Zeroizing;

use super::json::Json;
use super::{Format, prefs, zipfile};

/// Magic bytes or a marker no other file carries.
pub(crate) const CERTAIN: u8 = 100;
/// A combination of keys (or preference names) only this app writes.
pub(crate) const STRONG: u8 = 90;
/// A shape that is this app's, though another app could share part of it.
pub(crate) const LIKELY: u8 = 70;
/// Nothing but the file name speaks for it (andOTP's bare ciphertext).
pub(crate) const NAME_ONLY: u8 = 30;
/// Not this format.
pub(crate) const NO: u8 = 0;

/// Below this score a file is unrecognised rather than guessed at.
pub const THRESHOLD: u8 = 25;

/// What detection looks at, worked out once per file and shared by every
/// format's scorer, so twenty formats do not parse the same JSON twenty times.
pub(crate) struct Sniff<'a> {
    bytes: &'a [u8],
    file_name: String,
    text: Option<&'a str>,
    json: OnceCell<Option<Json>>,
    zip_names: OnceCell<Option<Vec<String>>>,
    prefs: OnceCell<Option<Vec<PrefEntry>>>,
}

/// One `<string>` of a preferences file: its name and value.
type PrefEntry = (String, Zeroizing<String>);

impl<'a> Sniff<'a> {
    /// Prepares `bytes` (named `file_name`) for the scorers.
    pub(crate) fn new(bytes: &'a [u8], file_name: &str) -> Self {
        Sniff {
            bytes,
            file_name: file_name.to_ascii_lowercase(),
            text: std::str::from_utf8(bytes).ok(),
            json: OnceCell::new(),
            zip_names: OnceCell::new(),
            prefs: OnceCell::new(),
        }
    }

    /// The file's content.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The file name, lower-cased.
    pub(crate) fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content as text, when it is UTF-8.
    pub(crate) fn text(&self) -> Option<&'a str> {
        self.text
    }

    /// The content without a byte-order mark and leading white space.
    fn trimmed(&self) -> Option<&'a str> {
        self.text
            .map(|t| t.trim_start_matches('\u{feff}').trim_start())
    }

    /// The parsed document, when the whole file is JSON.
    pub(crate) fn json(&self) -> Option<&Value> {
        self.json
            .get_or_init(|| {
                let first = self.trimmed()?.bytes().next()?;
                matches!(first, b'{' | b'[')
                    .then(|| Json::parse(self.bytes))
                    .flatten()
            })
            .as_ref()
            .map(|json| &json.0)
    }

    /// Whether the file is a JSON object with this top-level key.
    pub(crate) fn json_has(&self, key: &str) -> bool {
        matches!(self.json(), Some(Value::Object(map)) if map.contains_key(key))
    }

    /// The first element of a JSON list, when the file is one.
    pub(crate) fn json_first_item(&self) -> Option<&Value> {
        match self.json()? {
            Value::Array(items) => items.first(),
            _ => None,
        }
    }

    /// Whether the file starts like a ZIP archive.
    pub(crate) fn is_zip(&self) -> bool {
        zipfile::is_zip(self.bytes)
    }

    /// Whether the file is a ZIP archive with a member of this file name
    /// (in any folder).
    pub(crate) fn zip_has(&self, wanted: &str) -> bool {
        self.zip_names
            .get_or_init(|| self.is_zip().then(|| zipfile::names(self.bytes)).flatten())
            .as_ref()
            .is_some_and(|names| names.iter().any(|n| n.rsplit('/').next() == Some(wanted)))
    }

    /// The `<string>` entries of an Android preferences file, when it is one.
    pub(crate) fn prefs(&self) -> Option<&[PrefEntry]> {
        self.prefs
            .get_or_init(|| {
                self.trimmed()?
                    .starts_with('<')
                    .then(|| prefs::strings(self.bytes))
                    .flatten()
            })
            .as_deref()
    }

    /// The first line that is neither blank nor a `#` comment, trimmed and
    /// lower-cased: what a list of links or a CSV header starts with.
    pub(crate) fn first_line(&self) -> Option<String> {
        self.trimmed()?
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_ascii_lowercase)
    }

    /// Whether the first line (see [`Sniff::first_line`]) is an `otpauth://`
    /// or `otpauth-migration://` link.
    pub(crate) fn starts_with_link(&self) -> bool {
        self.first_line().is_some_and(|line| {
            line.starts_with("otpauth://") || line.starts_with("otpauth-migration://")
        })
    }
}

/// The format of an export file, or `None` when no format is sure enough.
pub fn detect(bytes: &[u8], file_name: &str) -> Option<Format> {
    best(Format::ALL, bytes, file_name)
}

/// The winner among `formats`: highest score at or above the threshold,
/// ties to the earlier format.
pub(crate) fn best(formats: &[Format], bytes: &[u8], file_name: &str) -> Option<Format> {
    let mut winner: Option<(Format, u8)> = None;
    for (format, score) in ranked(formats, bytes, file_name) {
        if score >= THRESHOLD && winner.is_none_or(|(_, best)| score > best) {
            winner = Some((format, score));
        }
    }
    winner.map(|(format, _)| format)
}

/// Every format of `formats` with its score for this file, in registry order.
pub(crate) fn ranked(formats: &[Format], bytes: &[u8], file_name: &str) -> Vec<(Format, u8)> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let sniff = Sniff::new(bytes, file_name);
    formats
        .iter()
        .map(|&format| (format, format.score(&sniff).min(CERTAIN)))
        .collect()
}
