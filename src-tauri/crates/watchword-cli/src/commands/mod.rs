//! The command-line grammar and the dispatch to one module per command.

mod access;
mod accounts;
mod code;
mod docs;
mod export;
mod follow;
mod icons;
mod import;
mod inspect;
mod json;
mod pin;
mod qr;
mod scan;
mod sync;
mod vault;

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
    /// Print the current code of a vault account, or of --uri (HOTP: at its counter).
    Code(code::Args),
    /// Print the account an otpauth:// URI describes.
    Inspect(inspect::Args),
    /// Add an account to the vault from an otpauth:// URI; prints its id.
    Add(accounts::AddArgs),
    /// List the vault's accounts (no secrets).
    List(accounts::ListArgs),
    /// Remove an account.
    Remove(accounts::RemoveArgs),
    /// Rename an account.
    Rename(accounts::RenameArgs),
    /// Change an account's groups, favourite mark, note or icon.
    Edit(accounts::EditArgs),
    /// Aegis icon packs kept in the vault.
    Icons(icons::Args),
    /// HOTP: advance the counter and print the new code.
    Next(accounts::NextArgs),
    /// Create, inspect and protect the vault; restore backups.
    Vault(vault::Args),
    /// Print the text of every QR code in a picture.
    Scan(scan::Args),
    /// Write an account as a QR code picture (PNG or SVG) for a phone.
    Qr(qr::Args),
    /// Keep computers in step through a shared folder (Syncthing, Nextcloud, a share).
    Sync(sync::Args),
    /// Follow the folder where another app writes its backups (Aegis, 2FAS, Ente).
    Follow(follow::Args),
    /// Export the vault: another app's format, a paper sheet or an encrypted backup.
    Export(export::Args),
    /// Import another app's export file (a preview unless --yes).
    Import(import::Args),
    /// Send and verify server-side PINs (Sinch, Infobip, Auth365, the sandbox).
    Pin(Box<pin::Args>),
    /// Write the man pages and shell completions (for packagers).
    #[command(hide = true)]
    GenerateDocs(docs::Args),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Code(args) => code::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Add(args) => accounts::add(args),
        Command::List(args) => accounts::list(args),
        Command::Remove(args) => accounts::remove(args),
        Command::Rename(args) => accounts::rename(args),
        Command::Edit(args) => accounts::edit(args),
        Command::Icons(args) => icons::run(args),
        Command::Next(args) => accounts::next(args),
        Command::Vault(args) => vault::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Qr(args) => qr::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Follow(args) => follow::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Pin(args) => pin::run(*args),
        Command::GenerateDocs(args) => docs::run(args),
    }
}

/// The current Unix time, or the `--at` override.
fn unix_time(at: Option<u64>) -> anyhow::Result<u64> {
    match at {
        Some(at) => Ok(at),
        None => Ok(watchword_core::clock::unix_now()?),
    }
}
