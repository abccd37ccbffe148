//! Ente Auth plain-text exports: `otpauth://` links with Ente's quirks
//! (lower-case `algorithm=sha512`, a `period` on HOTP links, and a
//! `codeDisplay` JSON parameter of Ente's own: `pinned` becomes the favourite
//! mark, `tags` the groups, and a simple-icons `iconID` (`iconSrc`
//! `simpleIcon`) the built-in brand; the parameter itself is not kept).

use super::detect::{self, Sniff};
use super::{Collected, Format, ImportError, otpauth};
use super::{Encryption, FormatInfo, Spec};
use crate::account::{Icon, IconImage};

/// Ente Auth in the import registry.
pub(crate) const FORMAT: Format = Format(&Spec {
    info: FormatInfo {
        name: "ente",
        title: "Ente Auth",
        encryption: Encryption::None,
    },
    detect: score,
    read: |file| read(file.bytes),
});

/// A list of links (as `otpauth` reads them) carrying Ente's own
/// `codeDisplay` parameter.
fn score(sniff: &Sniff) -> u8 {
    let ente = sniff.starts_with_link()
        && sniff
            .text()
            .is_some_and(|text| text.contains("codeDisplay="));
    if ente { detect::STRONG } else { detect::NO }
}

/// Reads an Ente Auth export.
pub(crate) fn read(bytes: &[u8]) -> Result<Collected, ImportError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| ImportError::malformed(FORMAT, "not UTF-8 text"))?;
    let mut collected = otpauth::read_lines(text, &[]);
    for account in &mut collected.accounts {
        let mut display = None;
        account.otp.extra.retain(|(key, value)| {
            let ours = key.eq_ignore_ascii_case("codedisplay");
            if ours {
                display = serde_json::from_str::<serde_json::Value>(value).ok();
            }
            !ours
        });
        let Some(display) = display else { continue };
        account.favourite =
            display.get("pinned").and_then(serde_json::Value::as_bool) == Some(true);
        account.groups = crate::account::clean_groups(
            display
                .get("tags")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str),
        );
        let simple =
            display.get("iconSrc").and_then(serde_json::Value::as_str) == Some("simpleIcon");
        account.icon = display
            .get("iconID")
            .and_then(serde_json::Value::as_str)
            .filter(|_| simple)
            .and_then(|id| {
                crate::icons::brands::get(id)
                    .or_else(|| crate::icons::brands::get(crate::icons::brands::find(id, "")?))
            })
            .map(|brand| {
                Icon::chosen(IconImage::Brand {
                    slug: brand.slug.to_owned(),
                })
            });
    }
    Ok(collected)
}
