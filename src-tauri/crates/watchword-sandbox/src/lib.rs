//! A local server that speaks the PIN providers' APIs, so PIN flows work offline and in tests.
//!
//! Sinch Verification v1 under `/verification/v1`, Infobip 2FA under `/2fa/2`,
//! Authentication 365 at `/oauth/token`, `/tokens…`, `/softtokens…` and `/v/…`, and the
//! sandbox's own endpoints (outbox, clock, options) under `/sandbox`, all from one root.
//! The wire formats follow `shared/providers.md`; each decision the document leaves
//! open is noted where it is implemented and listed in docs/ARCHITECTURE.md.

pub mod auth365;
pub mod clock;
pub mod config;
pub mod envelope;
mod error;
pub mod faults;
pub mod field;
pub mod infobip;
pub mod openapi;
pub mod outbox;
pub mod pin;
pub mod ratelimit;
pub mod sandbox;
pub mod sinch;
mod state;
pub mod store;
pub mod token;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Auth365Client, SandboxConfig, SinchApp, SinchAppOptions, Storage};
pub use error::SandboxError;
pub use sandbox::guard::TOKEN_HEADER;
pub use state::SandboxState;
pub use token::{SandboxToken, TokenProblem};

/// Request bodies above this are 413 in the provider's error format.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The whole sandbox as an axum router (for tests that drive it without a socket).
pub fn router(state: SandboxState) -> Router {
    Router::new()
        .merge(sandbox::router(&state))
        .merge(sinch::router())
        .merge(infobip::router())
        .merge(auth365::router())
        .fallback(envelope::fallback)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(axum::middleware::from_fn(envelope::normalize))
        .with_state(state)
}

/// A sandbox serving in a background task; dropping it without [`shutdown`] leaves
/// the task running until the runtime ends.
///
/// [`shutdown`]: RunningSandbox::shutdown
#[derive(Debug)]
pub struct RunningSandbox {
    addr: SocketAddr,
    state: SandboxState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl RunningSandbox {
    /// The bound address (the real port when started with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (loopback even when bound to an unspecified address).
    pub fn base_url(&self) -> String {
        base_url_for(self.addr)
    }

    /// The run token `/sandbox/*` requires in [`TOKEN_HEADER`], for the process that
    /// started the sandbox to hand to its own clients (the desktop's console, tests).
    pub fn token(&self) -> &str {
        self.state.token().as_str()
    }

    /// The shared state (to reach the clock or the database in-process).
    pub fn state(&self) -> &SandboxState {
        &self.state
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the server task.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

fn base_url_for(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
    } else {
        addr.ip()
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Opens the storage, provisions credentials, binds `addr` (port 0 picks a free port)
/// and serves in a tokio task.
pub async fn start(
    config: SandboxConfig,
    addr: SocketAddr,
) -> Result<RunningSandbox, SandboxError> {
    let state = SandboxState::new(&config)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr, source })?;
    state.set_base_url(base_url_for(addr));
    state.set_bound_addr(addr);
    let app = router(state.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(RunningSandbox {
        addr,
        state,
        stop,
        task,
    })
}
