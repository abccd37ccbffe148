//! `--format auto`: what a file is, from its content (the file name only
//! breaks ties no content can: andOTP's encrypted backups have no header).

use serde_json::Value;

use super::json::{self, Json};
use super::{Format, javaser, prefs, raivo, stratum, totp_authenticator, zipfile};

/// The format of an export file, or `None` when nothing matches.
pub fn detect(bytes: &[u8], file_name: &str) -> Option<Format> {
    if bytes.is_empty() {
        return None;
    }
    if crate::backup::is_backup(bytes) {
        return Some(Format::Watchword);
    }
    if image::guess_format(bytes).is_ok() {
        return Some(Format::GauthQr);
    }
    if zipfile::is_zip(bytes) {
        let names = zipfile::names(bytes)?;
        let has = |wanted: &str| names.iter().any(|n| n.rsplit('/').next() == Some(wanted));
        return if has(raivo::MEMBER) {
            Some(Format::Raivo)
        } else if has("Accounts.txt") {
            Some(Format::AuthenticatorPlus)
        } else {
            None
        };
    }
    if bytes.starts_with(stratum::HEADER) || bytes.starts_with(stratum::HEADER_LEGACY) {
        return Some(Format::Stratum);
    }
    if javaser::is_java_stream(bytes) {
        return Some(Format::FreeOtp);
    }
    if let Some(document) = Json::parse(bytes) {
        return detect_json(&document.0);
    }
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Some(format) = detect_text(bytes, text)
    {
        return Some(format);
    }
    // andOTP's encrypted backups are bare ciphertext: only the name tells.
    let name = file_name.to_ascii_lowercase();
    let andotp_name =
        name.contains("otp_accounts") || name.contains("andotp") || name.ends_with(".json.aes");
    (andotp_name || (name.ends_with(".bin") && std::str::from_utf8(bytes).is_err()))
        .then_some(Format::AndOtp)
}

fn detect_json(value: &Value) -> Option<Format> {
    match value {
        Value::Object(map) => {
            let has = |key: &str| map.contains_key(key);
            if has("header") && has("db") {
                Some(Format::Aegis)
            } else if has("schemaVersion") && (has("services") || has("servicesEncrypted")) {
                Some(Format::TwoFas)
            } else if has("Authenticators") {
                Some(Format::Stratum)
            } else if has("items") && (has("encrypted") || has("folders")) {
                Some(Format::Bitwarden)
            } else if has("tokens") && has("tokenOrder") {
                Some(Format::FreeOtpPlus)
            } else if has("entries")
                && json::array(value, "entries")
                    .iter()
                    .any(|e| e.get("content").is_some())
            {
                Some(Format::Proton)
            } else if has("shared_secret") || has("accounts") {
                Some(Format::Steam)
            } else {
                None
            }
        }
        Value::Array(items) => {
            let first = items.first()?;
            let has = |key: &str| first.get(key).is_some();
            if has("otpGenerator") {
                Some(Format::Duo)
            } else if has("kind") && has("timer") {
                Some(Format::Raivo)
            } else if has("secret") && (has("label") || has("type")) {
                Some(Format::AndOtp)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn detect_text(bytes: &[u8], text: &str) -> Option<Format> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        let entries = prefs::strings(bytes)?;
        let names = || entries.iter().map(|(n, _)| n.as_str());
        return if names().any(|n| n.starts_with("com.authy.storage.tokens")) {
            Some(Format::Authy)
        } else if names().any(|n| n.starts_with("com.blizzard.messenger")) {
            Some(Format::BattleNet)
        } else if entries.iter().any(|(_, v)| v.contains("issuerExt")) {
            Some(Format::FreeOtp)
        } else {
            None
        };
    }
    let first = trimmed
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("otpauth://") || first.starts_with("otpauth-migration://") {
        return if text.contains("codeDisplay=") {
            Some(Format::Ente)
        } else {
            Some(Format::Otpauth)
        };
    }
    if first.contains("login_totp") {
        return Some(Format::Bitwarden);
    }
    if totp_authenticator::looks_like(bytes) {
        return Some(Format::TotpAuthenticator);
    }
    None
}
