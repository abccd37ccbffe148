//! The library's error type: what can go wrong while configuring or starting a sandbox.

use std::path::PathBuf;

/// Why a sandbox could not be configured or started; request errors never surface here,
/// they are answered on the wire in the provider's own error format.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A credential flag or a config file field is malformed.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The config file could not be read.
    #[error("cannot read config file {path}: {source}")]
    ConfigFile {
        /// The file that was asked for.
        path: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The SQLite database could not be opened, migrated or written.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The database's folder could not be created.
    #[error("cannot create the database folder {path}: {source}")]
    DbDir {
        /// The folder.
        path: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The run token given (`--sandbox-token`, config file) is unusable.
    #[error("invalid sandbox token: {0}")]
    Token(#[from] crate::token::TokenProblem),
    /// The operating system's random generator failed, so no run token could be drawn.
    #[error("cannot draw a random sandbox token: {0}")]
    Randomness(getrandom::Error),
    /// The HTTP client used for Sinch callbacks could not be built.
    #[error("cannot build the callback HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}
