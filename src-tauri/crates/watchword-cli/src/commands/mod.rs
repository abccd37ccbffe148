//! The command-line grammar and the dispatch to one module per command.

mod code;
mod inspect;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Watchword: a desktop authenticator's engine on the command line.
#[derive(Debug, Parser)]
#[command(name = "watchword", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the current code (for HOTP, the code at the URI's counter).
    Code(code::Args),
    /// Print the account an otpauth:// URI describes.
    Inspect(inspect::Args),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Code(args) => code::run(args),
        Command::Inspect(args) => inspect::run(args),
    }
}

/// The current Unix time, or the `--at` override.
fn unix_time(at: Option<u64>) -> anyhow::Result<u64> {
    match at {
        Some(at) => Ok(at),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| anyhow::anyhow!("the system clock is set before 1970"))?
            .as_secs()),
    }
}
