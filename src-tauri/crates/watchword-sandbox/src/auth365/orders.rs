//! Auth365 orders (one generated PIN each) and the per-client limits, shared by the
//! token API and the validation URLs.
//!
//! Decisions: a PIN allows `maxAttempts` (default 3) wrong tries, then the order is
//! `failed` ("Too many failed attempts"); generating (and sending URLs) is limited per
//! client and recipient (`generateLimit`, default `5/1m`), validating per order or soft
//! token (`validateLimit`, default `10/1m`); both in Infobip's `N/period` syntax, set
//! with `PUT /sandbox/auth365/clients/{id}`; exceeded is 429.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::ratelimit::Limit;

/// Per-client limits, stored with the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ClientLimits {
    /// PINs generated per recipient.
    pub generate_limit: String,
    /// Validations per order or soft token.
    pub validate_limit: String,
    /// Wrong PINs before an order fails.
    #[schema(minimum = 1, maximum = 100)]
    pub max_attempts: u32,
}

impl Default for ClientLimits {
    fn default() -> Self {
        ClientLimits {
            generate_limit: "5/1m".into(),
            validate_limit: "10/1m".into(),
            max_attempts: 3,
        }
    }
}

impl ClientLimits {
    /// Checks the syntax and ranges.
    pub fn validate(&self) -> Result<(), String> {
        Limit::parse(&self.generate_limit).map_err(|e| format!("generateLimit: {e}"))?;
        Limit::parse(&self.validate_limit).map_err(|e| format!("validateLimit: {e}"))?;
        if !(1..=100).contains(&self.max_attempts) {
            return Err("maxAttempts must be 1 to 100".into());
        }
        Ok(())
    }

    /// Loads a client's limits (defaults when unset).
    pub fn load(conn: &Connection, client: &str) -> rusqlite::Result<ClientLimits> {
        let text: Option<String> = conn
            .query_row(
                "SELECT limits FROM auth365_clients WHERE id = ?1",
                params![client],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    /// A limit field, parsed.
    pub fn limit(text: &str) -> Limit {
        Limit::parse(text).unwrap_or(Limit {
            count: 5,
            window_ms: 60_000,
        })
    }
}

/// A generated PIN and its state.
#[derive(Debug, Clone)]
pub struct Order {
    /// 10 digits.
    pub order_id: String,
    /// Owning client.
    pub client_id: String,
    /// Caller's account id.
    pub account_id: i64,
    /// Normalised recipient.
    pub to_norm: String,
    /// The PIN.
    pub token: String,
    /// `pending`, `validated`, `expired`, `failed`.
    pub state: String,
    /// Expiry (sandbox clock).
    pub expires_ms: i64,
    /// Wrong tries so far.
    pub attempts_used: u32,
    /// Validation URL id.
    pub url_id: Option<String>,
    /// `onestep` or `twostep` for URL orders.
    pub mode: Option<String>,
}

const COLS: &str = "order_id, client_id, account_id, to_norm, token, state, expires_ms, attempts_used, url_id, mode";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Order> {
    Ok(Order {
        order_id: r.get(0)?,
        client_id: r.get(1)?,
        account_id: r.get(2)?,
        to_norm: r.get(3)?,
        token: r.get(4)?,
        state: r.get(5)?,
        expires_ms: r.get(6)?,
        attempts_used: r.get(7)?,
        url_id: r.get(8)?,
        mode: r.get(9)?,
    })
}

impl Order {
    /// Inserts a new order.
    pub fn insert(&self, conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
        conn.execute(
            &format!("INSERT INTO auth365_orders ({COLS}, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
            params![
                self.order_id,
                self.client_id,
                self.account_id,
                self.to_norm,
                self.token,
                self.state,
                self.expires_ms,
                self.attempts_used,
                self.url_id,
                self.mode,
                now_ms
            ],
        )?;
        Ok(())
    }

    /// Saves state and attempts.
    pub fn save(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            "UPDATE auth365_orders SET state = ?2, attempts_used = ?3 WHERE order_id = ?1",
            params![self.order_id, self.state, self.attempts_used],
        )?;
        Ok(())
    }

    /// By order id within a client.
    pub fn by_id(conn: &Connection, client: &str, id: &str) -> rusqlite::Result<Option<Order>> {
        conn.query_row(
            &format!("SELECT {COLS} FROM auth365_orders WHERE order_id = ?1 AND client_id = ?2"),
            params![id, client],
            from_row,
        )
        .optional()
    }

    /// The newest order of a recipient within a client.
    pub fn newest_for(
        conn: &Connection,
        client: &str,
        to_norm: &str,
    ) -> rusqlite::Result<Option<Order>> {
        conn.query_row(
            &format!(
                "SELECT {COLS} FROM auth365_orders WHERE client_id = ?1 AND to_norm = ?2 \
                 ORDER BY created_ms DESC, rowid DESC LIMIT 1"
            ),
            params![client, to_norm],
            from_row,
        )
        .optional()
    }

    /// By validation URL id.
    pub fn by_url(conn: &Connection, url_id: &str) -> rusqlite::Result<Option<Order>> {
        conn.query_row(
            &format!("SELECT {COLS} FROM auth365_orders WHERE url_id = ?1"),
            params![url_id],
            from_row,
        )
        .optional()
    }

    /// PINs still pending for a recipient (a new PIN must differ).
    pub fn outstanding(
        conn: &Connection,
        to_norm: &str,
        now_ms: i64,
    ) -> rusqlite::Result<std::collections::HashSet<String>> {
        let mut stmt = conn.prepare(
            "SELECT token FROM auth365_orders WHERE to_norm = ?1 AND state = 'pending' AND expires_ms > ?2",
        )?;
        let rows = stmt.query_map(params![to_norm, now_ms], |r| r.get(0))?;
        rows.collect()
    }

    /// Marks a pending order past its expiry as expired; true when it changed.
    pub fn settle(&mut self, now_ms: i64) -> bool {
        if self.state == "pending" && now_ms >= self.expires_ms {
            self.state = "expired".into();
            true
        } else {
            false
        }
    }

    /// Checks a typed PIN; returns success and the message. The caller saves.
    pub fn check(&mut self, typed: &str, max_attempts: u32, now_ms: i64) -> (bool, &'static str) {
        self.settle(now_ms);
        match self.state.as_str() {
            "validated" => (false, "Token already used"),
            "expired" => (false, "Token expired"),
            "failed" => (false, "Too many failed attempts"),
            _ if crate::pin::matches(&self.token, typed) => {
                self.state = "validated".into();
                (true, "Token validated")
            }
            _ => {
                self.attempts_used += 1;
                if self.attempts_used >= max_attempts {
                    self.state = "failed".into();
                }
                (false, "Invalid token")
            }
        }
    }
}
