//! The outbox plays the user's phone and mailbox: every SMS, call, email and flash call
//! the sandbox "sends" is recorded here and read back by `GET /sandbox/outbox`.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::clock::rfc3339_ms;

/// How a message reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A text message.
    Sms,
    /// A voice call reading the code.
    Voice,
    /// An email.
    Email,
    /// A missed call whose calling number is the code.
    FlashCall,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Voice => "voice",
            Channel::Email => "email",
            Channel::FlashCall => "flashcall",
        }
    }
}

/// Which API sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Sinch Verification.
    Sinch,
    /// Infobip 2FA.
    Infobip,
    /// Authentication 365.
    Auth365,
}

impl Provider {
    fn as_str(self) -> &'static str {
        match self {
            Provider::Sinch => "sinch",
            Provider::Infobip => "infobip",
            Provider::Auth365 => "auth365",
        }
    }
}

/// One message as the outbox shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Increasing id.
    pub id: i64,
    /// `sms`, `voice`, `email` or `flashcall`.
    #[schema(value_type = Channel)]
    pub channel: String,
    /// The recipient as the request gave it.
    pub to: String,
    /// The message as delivered.
    pub text: String,
    /// The PIN, or the calling number of a flash call.
    pub code: String,
    /// `sinch`, `infobip` or `auth365`.
    #[schema(value_type = Provider)]
    pub provider: String,
    /// When, RFC 3339 on the sandbox clock.
    pub sent_at: String,
}

/// The key recipients are matched by: a phone number's digits (so `+4670…` and `4670…`
/// are one recipient), or a lowercased email address.
pub fn normalize(to: &str) -> String {
    let t = to.trim();
    let phoneish = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    if phoneish {
        t.chars().filter(char::is_ascii_digit).collect()
    } else {
        t.to_lowercase()
    }
}

/// The message content to record.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// Channel.
    pub channel: Channel,
    /// Recipient.
    pub to: &'a str,
    /// Text as delivered.
    pub text: &'a str,
    /// PIN or calling number.
    pub code: &'a str,
    /// Sending API.
    pub provider: Provider,
}

/// Records one message.
pub fn record(conn: &Connection, msg: Message<'_>, now_ms: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO outbox (channel, to_addr, to_norm, text, code, provider, sent_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            msg.channel.as_str(),
            msg.to,
            normalize(msg.to),
            msg.text,
            msg.code,
            msg.provider.as_str(),
            now_ms
        ],
    )?;
    Ok(())
}

/// Messages for `to` (all when `None`), oldest first.
pub fn list(conn: &Connection, to: Option<&str>) -> rusqlite::Result<Vec<Entry>> {
    let map = |r: &rusqlite::Row<'_>| {
        Ok(Entry {
            id: r.get(0)?,
            channel: r.get(1)?,
            to: r.get(2)?,
            text: r.get(3)?,
            code: r.get(4)?,
            provider: r.get(5)?,
            sent_at: rfc3339_ms(r.get(6)?),
        })
    };
    const COLS: &str = "SELECT id, channel, to_addr, text, code, provider, sent_ms FROM outbox";
    match to {
        Some(to) => {
            let mut stmt = conn.prepare(&format!("{COLS} WHERE to_norm = ?1 ORDER BY id"))?;
            let rows = stmt.query_map(params![normalize(to)], map)?;
            rows.collect()
        }
        None => {
            let mut stmt = conn.prepare(&format!("{COLS} ORDER BY id"))?;
            let rows = stmt.query_map([], map)?;
            rows.collect()
        }
    }
}

/// Empties the outbox.
pub fn clear(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM outbox", [])
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes_recipients() {
        assert_eq!(normalize("+46 700-000 000"), "46700000000");
        assert_eq!(normalize("46700000000"), "46700000000");
        assert_eq!(normalize(" 46700000000"), "46700000000");
        assert_eq!(normalize("Ann@Example.COM"), "ann@example.com");
    }
}
