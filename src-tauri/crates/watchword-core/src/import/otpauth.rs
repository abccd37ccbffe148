//! Plain text: `otpauth://` links and Google Authenticator
//! `otpauth-migration://` links, one a line (blank lines and `#` comments
//! skipped). Also what Authenticator Plus and Ente Auth export inside.

use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError};
use super::{Encryption, FormatInfo, Spec};
use crate::account::NewAccount;
use crate::migration;
use crate::uri::OtpAccount;

/// otpauth:// list in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "otpauth",
        title: "otpauth:// list",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// Text whose first line that is not blank or a `#` comment is a link
/// (link dumps such as `extract_otp_secrets`'s start with comments). Ente
/// Auth's lists look the same and outscore this one by their own parameter.
fn score(sniff: &Sniff) -> u8 {
    if sniff.starts_with_link() {
        detect::LIKELY + 10
    } else {
        detect::NO
    }
}

/// Reads a text file of links.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| ImportError::malformed(FORMAT, "not UTF-8 text"))?;
    Ok(read_lines(text, &[]))
}

/// Every link of `text`; parameters named in `drop` (app-private metadata)
/// are not kept in the accounts' extra parameters.
pub(crate) fn read_lines(text: &str, drop: &[&str]) -> Collected {
    let mut out = Collected::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let lower = line.get(..20).unwrap_or(line).to_ascii_lowercase();
        let where_ = format!("line {}", index + 1);
        if lower.starts_with("otpauth-migration:") {
            match migration::decode(line) {
                Ok(batch) => {
                    out.accounts
                        .extend(batch.accounts.into_iter().map(NewAccount::from));
                    for rejected in batch.rejected {
                        out.reject(
                            format!("{} ({where_}, entry {})", rejected.label, rejected.position),
                            rejected.reason,
                        );
                    }
                }
                Err(e) => out.reject(where_, e.to_string()),
            }
        } else if lower.starts_with("otpauth:") {
            match OtpAccount::parse(line) {
                Ok(mut account) => {
                    account
                        .extra
                        .retain(|(key, _)| !drop.iter().any(|d| d.eq_ignore_ascii_case(key)));
                    out.accounts.push(account.into());
                }
                Err(e) => out.reject(where_, e.to_string()),
            }
        } else {
            out.reject(where_, "not an otpauth:// or otpauth-migration:// link");
        }
    }
    out
}
