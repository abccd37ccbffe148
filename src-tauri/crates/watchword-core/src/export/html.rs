//! A printable paper backup: one card per account with its QR code (inline
//! SVG, scannable from the printout) and the secret written out for typing.

use zeroize::Zeroizing;

use super::{ExportError, PLAIN_WARNING, Unexportable};
use crate::account::Account;
use crate::token::Kind;

const STYLE: &str = "body{font-family:sans-serif;margin:2em}\
.warning{border:2px solid #b00;padding:.5em;color:#b00}\
.cards{display:flex;flex-wrap:wrap;gap:1em}\
.card{border:1px solid #888;padding:1em;width:16em;break-inside:avoid;page-break-inside:avoid}\
.card svg{width:100%;height:auto}\
.card h2{font-size:1.1em;margin:0}.card p{margin:.2em 0}\
code{font-size:.85em;word-break:break-all}";

/// The sheet, and the accounts whose URI is too long for a QR code.
pub fn write(accounts: &[Account]) -> Result<(Zeroizing<String>, Vec<Unexportable>), ExportError> {
    let mut out = Zeroizing::new(String::new());
    let mut skipped = Vec::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<title>Watchword paper backup</title><style>");
    out.push_str(STYLE);
    out.push_str("</style></head><body>\n<h1>Watchword paper backup</h1>\n");
    out.push_str(&format!(
        "<p class=\"warning\">Warning: {}.</p>\n",
        escape(PLAIN_WARNING)
    ));
    out.push_str("<div class=\"cards\">\n");
    for account in accounts {
        let uri = account.otp.to_uri();
        let svg = match crate::qr::to_svg(&uri) {
            Ok(svg) => Zeroizing::new(svg),
            Err(_) => {
                skipped.push(Unexportable {
                    label: account.label(),
                    reason: "a URI too long for one QR code".into(),
                });
                continue;
            }
        };
        let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
        let token = &account.otp.token;
        let params = match token.kind() {
            Kind::Totp { period } => format!(
                "TOTP · {} · {} digits · {period} s",
                token.algorithm(),
                token.digits()
            ),
            Kind::Hotp { counter } => format!(
                "HOTP · {} · {} digits · counter {counter}",
                token.algorithm(),
                token.digits()
            ),
            Kind::Steam { period } => format!("Steam Guard · {period} s"),
        };
        let secret = token.secret().to_base32();
        let grouped: Zeroizing<String> = Zeroizing::new(
            secret
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" "),
        );
        out.push_str("<section class=\"card\">");
        out.push_str(&format!(
            "<h2>{}</h2><p>{}</p>",
            escape(account.otp.issuer.as_deref().unwrap_or("")),
            escape(&account.otp.name)
        ));
        out.push_str(svg);
        out.push_str(&format!(
            "<p>{}</p><p><code>{}</code></p>",
            escape(&params),
            grouped.as_str()
        ));
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n</body></html>\n");
    Ok((out, skipped))
}

/// Text safe inside HTML elements and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
