//! The SQLite database: schema, opening (file or memory) and provisioning of credentials.
//!
//! PINs are stored in plain text (decision): the sandbox is loopback test tooling whose
//! outbox shows every PIN anyway, and plain storage lets restarts keep pending
//! verifications verifiable. Comparison is constant-time all the same.

use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, params};

use crate::SandboxError;
use crate::config::{SandboxConfig, Storage};

const SCHEMA: &str = r#"

CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL, to_addr TEXT NOT NULL, to_norm TEXT NOT NULL,
    text TEXT NOT NULL, code TEXT NOT NULL, provider TEXT NOT NULL, sent_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_to ON outbox (to_norm, id);

CREATE TABLE IF NOT EXISTS infobip_keys (key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS infobip_apps (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, enabled INTEGER NOT NULL,
    config TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS infobip_messages (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
    created_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS infobip_messages_app ON infobip_messages (app_id, created_ms);
CREATE TABLE IF NOT EXISTS infobip_pins (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, message_id TEXT NOT NULL,
    kind TEXT NOT NULL, to_addr TEXT NOT NULL, to_norm TEXT NOT NULL, pin TEXT NOT NULL,
    created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
    attempts_used INTEGER NOT NULL DEFAULT 0, verified INTEGER NOT NULL DEFAULT 0,
    verified_ms INTEGER, sent INTEGER NOT NULL, sent_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS infobip_pins_to ON infobip_pins (to_norm, created_ms);

CREATE TABLE IF NOT EXISTS sinch_apps (key TEXT PRIMARY KEY, secret TEXT NOT NULL, options TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sinch_verifications (
    id TEXT PRIMARY KEY, app_key TEXT NOT NULL, reference TEXT, method TEXT NOT NULL,
    endpoint TEXT NOT NULL, code TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
    custom TEXT, created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL, attempts_used INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL, reported INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS sinch_ref ON sinch_verifications (app_key, reference);
CREATE INDEX IF NOT EXISTS sinch_endpoint ON sinch_verifications (endpoint, created_ms);

CREATE TABLE IF NOT EXISTS auth365_clients (
    id TEXT PRIMARY KEY, secret TEXT NOT NULL, limits TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS auth365_tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT NOT NULL, expires_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS auth365_orders (
    order_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, account_id INTEGER NOT NULL,
    to_norm TEXT NOT NULL, token TEXT NOT NULL, state TEXT NOT NULL,
    created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
    attempts_used INTEGER NOT NULL DEFAULT 0, url_id TEXT UNIQUE, mode TEXT);
CREATE INDEX IF NOT EXISTS auth365_orders_to ON auth365_orders (client_id, to_norm, created_ms);
CREATE TABLE IF NOT EXISTS auth365_softtokens (
    id TEXT PRIMARY KEY, client_id TEXT NOT NULL, account_id INTEGER NOT NULL,
    user_id TEXT NOT NULL, issuer TEXT NOT NULL, algorithm TEXT NOT NULL,
    digits INTEGER NOT NULL, period INTEGER NOT NULL, secret BLOB NOT NULL,
    last_step INTEGER, created_ms INTEGER NOT NULL);
"#;

/// The one connection, behind a mutex: every request's read-check-write runs under it,
/// which is what makes concurrent sends and verifies exact (no lost or doubled PIN).
#[derive(Debug)]
pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (creating if needed) the database and its schema.
    pub fn open(storage: &Storage) -> Result<Db, SandboxError> {
        let conn = match storage {
            Storage::Memory => Connection::open_in_memory()?,
            Storage::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| SandboxError::DbDir {
                        path: dir.to_owned(),
                        source,
                    })?;
                }
                let conn = Connection::open(path)?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                conn
            }
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(crate::ratelimit::SCHEMA)?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    /// The connection; a poisoned lock is recovered (SQLite rolled back whatever the
    /// panicking holder left unfinished).
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the configured credentials; existing rows are updated (secrets, options).
    pub fn provision(&self, config: &SandboxConfig) -> Result<(), SandboxError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        for key in &config.infobip_keys {
            tx.execute(
                "INSERT OR IGNORE INTO infobip_keys (key) VALUES (?1)",
                params![key],
            )?;
        }
        for app in &config.sinch_apps {
            let options = serde_json::to_string(&app.options)
                .map_err(|e| SandboxError::Config(e.to_string()))?;
            tx.execute(
                "INSERT INTO sinch_apps (key, secret, options) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET secret = excluded.secret, options = excluded.options",
                params![app.key, app.secret_base64, options],
            )?;
        }
        for client in &config.auth365_clients {
            tx.execute(
                "INSERT INTO auth365_clients (id, secret) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET secret = excluded.secret",
                params![client.id, client.secret],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
