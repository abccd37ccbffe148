//! The state every handler shares: the database, the clock, the callback HTTP client.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::SandboxError;
use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::store::Db;
use crate::token::SandboxToken;

/// Shared sandbox state (cheap to clone); build one with [`SandboxState::new`] and
/// hand it to [`crate::router`].
#[derive(Debug, Clone)]
pub struct SandboxState {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) db: Db,
    pub(crate) clock: Clock,
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: OnceLock<String>,
    pub(crate) bound: OnceLock<SocketAddr>,
    pub(crate) token: SandboxToken,
    pub(crate) faults: crate::faults::queue::Faults,
}

impl SandboxState {
    /// Opens the storage, provisions the configured credentials and takes the run token
    /// from the config, or draws a random one.
    pub fn new(config: &SandboxConfig) -> Result<SandboxState, SandboxError> {
        config.validate()?;
        let token = match &config.sandbox_token {
            Some(text) => SandboxToken::parse(text)?,
            None => SandboxToken::generate().map_err(SandboxError::Randomness)?,
        };
        let db = Db::open(&config.storage)?;
        db.provision(config)?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(SandboxState {
            inner: Arc::new(Inner {
                db,
                clock: Clock::default(),
                http,
                base_url: OnceLock::new(),
                bound: OnceLock::new(),
                token,
                faults: crate::faults::queue::Faults::default(),
            }),
        })
    }

    /// Sets the URL links point at (seamless target URIs, Auth365 validation URLs,
    /// `_links`); [`crate::start`] sets it to the bound address.
    pub fn set_base_url(&self, url: String) {
        let _ = self.inner.base_url.set(url);
    }

    /// The run token `/sandbox/*` requires.
    pub fn token(&self) -> &SandboxToken {
        &self.inner.token
    }

    /// Records the bound address, which the `Host` check on `/sandbox/*` compares with.
    pub(crate) fn set_bound_addr(&self, addr: SocketAddr) {
        let _ = self.inner.bound.set(addr);
    }

    /// The bound address, once [`crate::start`] has bound it.
    pub(crate) fn bound_addr(&self) -> Option<SocketAddr> {
        self.inner.bound.get().copied()
    }

    pub(crate) fn base_url(&self) -> &str {
        self.inner
            .base_url
            .get()
            .map(String::as_str)
            .unwrap_or("http://127.0.0.1")
    }

    /// The faults queued by `POST /sandbox/faults`.
    pub(crate) fn faults(&self) -> &crate::faults::queue::Faults {
        &self.inner.faults
    }

    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }
}
