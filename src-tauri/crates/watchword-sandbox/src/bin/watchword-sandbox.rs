//! `watchword-sandbox`: the sandbox server from a terminal.
//!
//! `watchword-sandbox [--port P] [--bind ADDR] [--db FILE | --memory] [--config FILE]
//! [--infobip-key KEY]... [--sinch-app KEY:BASE64SECRET]... [--auth365-client ID:SECRET]...
//! [--sandbox-token TOKEN]`
//!
//! The first line printed is `watchword-sandbox listening on http://127.0.0.1:PORT`
//! (scripts wait for it); when the run token was drawn at random, the second is
//! `watchword-sandbox token: HEX` (a token given by flag, environment or config file
//! is not echoed).

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Parser;
use watchword_sandbox::{SandboxConfig, Storage};

/// A local server speaking the Sinch Verification, Infobip 2FA and Authentication 365
/// APIs, with an outbox (`GET /sandbox/outbox`) that plays the user's phone.
#[derive(Debug, Parser)]
#[command(name = "watchword-sandbox", version)]
struct Args {
    /// Port to listen on (0 picks a free one; the line printed at start shows it).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// SQLite file (default: $WATCHWORD_DIR/sandbox.sqlite, else the platform data folder's
    /// watchword/sandbox.sqlite).
    #[arg(long, conflicts_with = "memory")]
    db: Option<PathBuf>,
    /// Keep everything in memory (nothing survives the process).
    #[arg(long)]
    memory: bool,
    /// JSON config file (credentials, Sinch options, storage).
    #[arg(long)]
    config: Option<PathBuf>,
    /// An Infobip API key (repeatable).
    #[arg(long = "infobip-key", value_name = "KEY")]
    infobip_keys: Vec<String>,
    /// A Sinch application (repeatable).
    #[arg(long = "sinch-app", value_name = "KEY:BASE64SECRET")]
    sinch_apps: Vec<String>,
    /// An Auth365 client (repeatable).
    #[arg(long = "auth365-client", value_name = "ID:SECRET")]
    auth365_clients: Vec<String>,
    /// The token `/sandbox/*` requires in X-Sandbox-Token (at least 16 visible ASCII
    /// characters); without it a random one is drawn and printed. The environment
    /// variable keeps it out of the process list.
    #[arg(
        long = "sandbox-token",
        value_name = "TOKEN",
        env = "WATCHWORD_SANDBOX_TOKEN",
        hide_env_values = true
    )]
    sandbox_token: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut config = match &args.config {
        Some(path) => SandboxConfig::load(path)?,
        None => SandboxConfig {
            storage: Storage::default_file(),
            ..SandboxConfig::default()
        },
    };
    config.add_flags(&args.infobip_keys, &args.sinch_apps, &args.auth365_clients)?;
    if args.memory {
        config.storage = Storage::Memory;
    } else if let Some(db) = args.db {
        config.storage = Storage::File(db);
    }
    if args.sandbox_token.is_some() {
        config.sandbox_token = args.sandbox_token;
    }
    let print_token = config.sandbox_token.is_none();
    let addr = SocketAddr::new(args.bind, args.port);
    let running = watchword_sandbox::start(config, addr)
        .await
        .context("cannot start the sandbox")?;
    let mut banner = format!("watchword-sandbox listening on {}\n", running.base_url());
    if print_token {
        banner.push_str(&format!("watchword-sandbox token: {}\n", running.token()));
    }
    // One write, errors ignored: a reader that stops after the first line (closing the
    // pipe) must not take the server down with a broken-pipe panic.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    shutdown_signal().await;
    running.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
