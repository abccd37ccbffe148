//! The Battle.net app's authenticator preferences: the serial and the
//! device secret are hex, XOR-masked with a fixed key; the secret is itself
//! hex text of the TOTP key. Codes are 8 digits, SHA1, 30 s.

use zeroize::Zeroizing;

use super::detect::{self, Sniff};
use super::entry::{self, Draft};
use super::{Collected, Format, ImportError, prefs};
use super::{Encryption, FormatInfo, Spec};

/// Battle.net in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "battle-net",
        title: "Battle.net",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// Preferences with the Battle.net app's entries.
fn score(sniff: &Sniff) -> u8 {
    let ours = sniff.prefs().is_some_and(|entries| {
        entries
            .iter()
            .any(|(name, _)| name.starts_with("com.blizzard.messenger"))
    });
    if ours { detect::STRONG } else { detect::NO }
}
const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
const SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const MASK: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";

/// Reads the Battle.net preferences file.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let entries = prefs::strings(bytes)
        .ok_or_else(|| ImportError::malformed(FORMAT, "not an Android preferences file"))?;
    let secret = prefs::get(&entries, SECRET)
        .ok_or_else(|| ImportError::malformed(FORMAT, "no authenticator secret in the file"))?;
    let serial = prefs::get(&entries, SERIAL)
        .and_then(unmask)
        .unwrap_or_default();
    let mut draft = Draft::new(
        Some("Battle.net"),
        &serial,
        unmask(secret)
            .ok_or_else(|| "secret: not masked hex".to_owned())
            .and_then(|hex| entry::secret_from_hex(Some(&hex))),
    );
    draft.digits = Some(8);
    let mut out = Collected::default();
    out.push(draft.label(), draft.build());
    Ok(out)
}

/// Hex-decodes and XORs with the app's mask; `None` if not hex or too long.
fn unmask(hex: &str) -> Option<Zeroizing<String>> {
    let mask = data_encoding::HEXLOWER.decode(MASK.as_bytes()).ok()?;
    let bytes = Zeroizing::new(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(hex.trim().as_bytes())
            .ok()?,
    );
    if bytes.len() > mask.len() {
        return None;
    }
    let chars: Zeroizing<Vec<u8>> =
        Zeroizing::new(bytes.iter().zip(&mask).map(|(b, m)| b ^ m).collect());
    std::str::from_utf8(&chars)
        .ok()
        .map(|s| Zeroizing::new(s.to_owned()))
}
