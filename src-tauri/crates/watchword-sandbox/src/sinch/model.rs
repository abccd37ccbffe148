//! The stored verification: its rows, its life cycle, and the answers built from it.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Value, json};

use super::method::VerificationMethod;
use super::status_name::StatusName;
use super::wire::{Identity, Money, Price, ReportResponse, StatusResponse, StatusSource};
use crate::clock::rfc3339_ms;

/// A stored verification.
#[derive(Debug, Clone)]
pub struct Verification {
    /// 32 lowercase hex.
    pub id: String,
    /// Owning application.
    pub app_key: String,
    /// Caller's reference.
    pub reference: Option<String>,
    /// How it is verified.
    pub method: VerificationMethod,
    /// `+digits`.
    pub endpoint: String,
    /// The code, or the full calling number of a flash call.
    pub code: String,
    /// Where it is in its life cycle.
    pub status: StatusName,
    /// Why, for final states other than SUCCESSFUL.
    pub reason: Option<String>,
    /// Caller's custom string.
    pub custom: Option<String>,
    /// Expiry (sandbox clock).
    pub expires_ms: i64,
    /// Last status change.
    pub updated_ms: i64,
    /// Wrong reports so far.
    pub attempts_used: u32,
    /// Wrong reports allowed.
    pub max_attempts: u32,
}

const COLS: &str = "id, app_key, reference, method, endpoint, code, status, reason, custom, \
                    expires_ms, updated_ms, attempts_used, max_attempts";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Verification> {
    Ok(Verification {
        id: r.get(0)?,
        app_key: r.get(1)?,
        reference: r.get(2)?,
        method: r.get(3)?,
        endpoint: r.get(4)?,
        code: r.get(5)?,
        status: r.get(6)?,
        reason: r.get(7)?,
        custom: r.get(8)?,
        expires_ms: r.get(9)?,
        updated_ms: r.get(10)?,
        attempts_used: r.get(11)?,
        max_attempts: r.get(12)?,
    })
}

impl Verification {
    /// Inserts this verification.
    pub fn insert(&self, conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
        conn.execute(
            &format!(
                "INSERT INTO sinch_verifications ({COLS}, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ),
            params![
                self.id,
                self.app_key,
                self.reference,
                self.method,
                self.endpoint,
                self.code,
                self.status,
                self.reason,
                self.custom,
                self.expires_ms,
                self.updated_ms,
                self.attempts_used,
                self.max_attempts,
                now_ms
            ],
        )?;
        Ok(())
    }

    /// Writes status, reason and attempts back.
    pub fn save(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            "UPDATE sinch_verifications SET status = ?2, reason = ?3, attempts_used = ?4, \
             updated_ms = ?5 WHERE id = ?1",
            params![
                self.id,
                self.status,
                self.reason,
                self.attempts_used,
                self.updated_ms
            ],
        )?;
        Ok(())
    }

    /// By id, within one application.
    pub fn by_id(conn: &Connection, app: &str, id: &str) -> rusqlite::Result<Option<Self>> {
        conn.query_row(
            &format!("SELECT {COLS} FROM sinch_verifications WHERE app_key = ?1 AND id = ?2"),
            params![app, id],
            from_row,
        )
        .optional()
    }

    /// By id, any application (the seamless target URI carries only the id).
    pub fn by_id_any(conn: &Connection, id: &str) -> rusqlite::Result<Option<Self>> {
        conn.query_row(
            &format!("SELECT {COLS} FROM sinch_verifications WHERE id = ?1"),
            params![id],
            from_row,
        )
        .optional()
    }

    /// By the caller's reference.
    pub fn by_reference(conn: &Connection, app: &str, r: &str) -> rusqlite::Result<Option<Self>> {
        conn.query_row(
            &format!(
                "SELECT {COLS} FROM sinch_verifications WHERE app_key = ?1 AND reference = ?2"
            ),
            params![app, r],
            from_row,
        )
        .optional()
    }

    /// The newest verification of a number, optionally only pending or of one method.
    pub fn newest(
        conn: &Connection,
        app: &str,
        endpoint: &str,
        method: Option<VerificationMethod>,
        pending_only: bool,
    ) -> rusqlite::Result<Option<Self>> {
        conn.query_row(
            &format!(
                "SELECT {COLS} FROM sinch_verifications WHERE app_key = ?1 AND endpoint = ?2 \
                 AND (?3 IS NULL OR method = ?3) AND (?4 = 0 OR status = 'PENDING') \
                 ORDER BY created_ms DESC, rowid DESC LIMIT 1"
            ),
            params![app, endpoint, method, pending_only],
            from_row,
        )
        .optional()
    }

    /// Pending verifications of a number in an application (to abort them).
    pub fn pending_for(
        conn: &Connection,
        app: &str,
        endpoint: &str,
    ) -> rusqlite::Result<Vec<Self>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLS} FROM sinch_verifications WHERE app_key = ?1 AND endpoint = ?2 \
             AND status = 'PENDING'"
        ))?;
        let rows = stmt.query_map(params![app, endpoint], from_row)?;
        rows.collect()
    }

    /// Codes still valid for a number across applications (a new code must differ).
    pub fn outstanding_codes(
        conn: &Connection,
        endpoint: &str,
        now_ms: i64,
    ) -> rusqlite::Result<std::collections::HashSet<String>> {
        let mut stmt = conn.prepare(
            "SELECT code FROM sinch_verifications WHERE endpoint = ?1 AND status = 'PENDING' \
             AND expires_ms > ?2",
        )?;
        let rows = stmt.query_map(params![endpoint, now_ms], |r| r.get(0))?;
        rows.collect()
    }

    /// True once the status can no longer change.
    pub fn is_final(&self) -> bool {
        self.status.is_final()
    }

    /// Ends the verification with `status` and `reason`.
    pub fn finish(&mut self, status: StatusName, reason: Option<&str>, now_ms: i64) {
        self.status = status;
        self.reason = reason.map(str::to_owned);
        self.updated_ms = now_ms;
    }

    /// If a pending verification has passed its TTL it becomes FAIL "Expired"; true when
    /// that happened now, so the caller saves it and sends the result event.
    pub fn settle_expiry(&mut self, now_ms: i64) -> bool {
        if self.status == StatusName::Pending && now_ms >= self.expires_ms {
            self.finish(StatusName::Fail, Some("Expired"), now_ms);
            true
        } else {
            false
        }
    }

    fn call_complete(&self) -> Option<bool> {
        self.method.call_based().then(|| self.is_final())
    }

    /// The report answer for the outcome `status`/`reason` of one report.
    pub fn report_response(&self, status: StatusName, reason: Option<&str>) -> ReportResponse {
        ReportResponse {
            id: self.id.clone(),
            method: self.method,
            status,
            reason: reason.map(str::to_owned),
            call_complete: self.call_complete(),
        }
    }

    /// The status answer with every documented field.
    pub fn status_response(&self) -> StatusResponse {
        StatusResponse {
            id: self.id.clone(),
            method: self.method,
            status: self.status,
            reason: self.reason.clone(),
            reference: self.reference.clone(),
            identity: Identity {
                kind: "number".into(),
                endpoint: self.endpoint.clone(),
            },
            country_id: country_id(&self.endpoint).to_owned(),
            verification_timestamp: rfc3339_ms(self.updated_ms),
            source: StatusSource::Manual,
            call_complete: self.call_complete(),
            price: Price {
                verification_price: Money {
                    currency_id: "EUR".into(),
                    amount: 0.0,
                },
            },
        }
    }

    /// Fields shared by both callback events.
    pub fn event_json(&self, event: &str) -> Value {
        let mut v = json!({
            "id": self.id,
            "event": event,
            "method": self.method.as_str(),
            "identity": {"type": "number", "endpoint": self.endpoint},
        });
        if let Some(reference) = &self.reference {
            v["reference"] = json!(reference);
        }
        if let Some(custom) = &self.custom {
            v["custom"] = json!(custom);
        }
        v
    }
}

/// ISO 3166 country of a number for a few well-known prefixes, else `Unknown`
/// (decision: the sandbox has no numbering plan database).
pub fn country_id(endpoint: &str) -> &'static str {
    const PREFIXES: &[(&str, &str)] = &[
        ("+358", "FI"),
        ("+353", "IE"),
        ("+351", "PT"),
        ("+46", "SE"),
        ("+47", "NO"),
        ("+45", "DK"),
        ("+44", "GB"),
        ("+49", "DE"),
        ("+33", "FR"),
        ("+34", "ES"),
        ("+39", "IT"),
        ("+31", "NL"),
        ("+32", "BE"),
        ("+41", "CH"),
        ("+43", "AT"),
        ("+48", "PL"),
        ("+61", "AU"),
        ("+81", "JP"),
        ("+91", "IN"),
        ("+55", "BR"),
        ("+1", "US"),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| endpoint.starts_with(p))
        .map(|(_, c)| *c)
        .unwrap_or("Unknown")
}

/// Validates and normalises an E.164 number to `+digits` (6–15 digits; the `+` may be
/// missing or percent-encoded by the client).
pub fn normalize_endpoint(endpoint: &str) -> Option<String> {
    let e = endpoint.trim();
    let digits = e.strip_prefix('+').unwrap_or(e);
    let ok = (6..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    ok.then(|| format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_countries() {
        assert_eq!(
            normalize_endpoint("+46700000000").as_deref(),
            Some("+46700000000")
        );
        assert_eq!(
            normalize_endpoint("46700000000").as_deref(),
            Some("+46700000000")
        );
        assert_eq!(normalize_endpoint("+4670000000000000000"), None);
        assert_eq!(normalize_endpoint("+46-700"), None);
        assert_eq!(country_id("+46700000000"), "SE");
        assert_eq!(country_id("+358401234567"), "FI");
        assert_eq!(country_id("+15551234567"), "US");
        assert_eq!(country_id("+999123456"), "Unknown");
    }
}
