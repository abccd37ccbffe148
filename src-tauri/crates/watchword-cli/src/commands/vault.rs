//! `watchword vault …`: create, inspect and re-key the vault, restore backups.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;
use watchword_core::{CreateOptions, KdfParams, Vault, VaultDir};

use super::access::{PassphraseArgs, read_passphrase};

/// `watchword vault`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    access: PassphraseArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create an empty vault (keyring slot by default, plus a passphrase if given).
    Init {
        /// Require the passphrase at start: no keyring slot.
        #[arg(long)]
        no_keyring: bool,
    },
    /// Show where the vault is and what unlocks it, without unlocking.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add, change or remove the passphrase.
    Passphrase {
        #[command(subcommand)]
        command: PassphraseCommand,
    },
    /// Keep a key in the OS keyring (enable) or require the passphrase at start (disable).
    Keyring {
        #[command(subcommand)]
        command: KeyringCommand,
    },
    /// List backups, or make one the current vault.
    Restore {
        /// The backup's name, as listed; omit to list them.
        backup: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum PassphraseCommand {
    /// Add a passphrase or replace it. The new one comes from --new-passphrase-file or WATCHWORD_NEW_PASSPHRASE.
    Set {
        /// Read the new passphrase from this file (first line).
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Remove the passphrase (the keyring must still open the vault).
    Remove,
}

#[derive(Debug, Subcommand)]
enum KeyringCommand {
    /// Open without typing: keep a key in the OS keyring.
    Enable,
    /// Require the passphrase at start: delete the keyring key.
    Disable,
}

/// Runs a `vault` subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = VaultDir::from_env();
    match args.command {
        Command::Init { no_keyring } => {
            let passphrase = args.access.passphrase()?;
            if no_keyring && passphrase.is_none() {
                bail!(
                    "--no-keyring needs a passphrase (--passphrase-file or WATCHWORD_PASSPHRASE)"
                );
            }
            let vault = Vault::create(
                &dir,
                &CreateOptions {
                    keyring: !no_keyring,
                    passphrase,
                    kdf: KdfParams::default(),
                },
            )?;
            if let Some(problem) = vault.keyring_problem() {
                eprintln!(
                    "watchword: note: {problem}; the vault is protected by the passphrase only"
                );
            }
            println!("created {}", dir.file().display());
        }
        Command::Status { json } => {
            let status = Vault::status(&dir)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                println!("vault:      {}", status.path.display());
                if status.exists {
                    println!(
                        "keyring:    {}",
                        if status.keyring_slot { "yes" } else { "no" }
                    );
                    println!(
                        "passphrase: {}",
                        if status.passphrase_slot { "yes" } else { "no" }
                    );
                    println!("generation: {}", status.generation);
                } else {
                    println!("(none yet: `watchword vault init` creates it)");
                }
                println!("backups:    {}", status.backups.len());
            }
        }
        Command::Passphrase { command } => {
            let mut vault = args.access.open()?;
            match command {
                PassphraseCommand::Set {
                    new_passphrase_file,
                } => {
                    let Some(new) =
                        read_passphrase(new_passphrase_file.as_ref(), "WATCHWORD_NEW_PASSPHRASE")?
                    else {
                        bail!(
                            "give the new passphrase with --new-passphrase-file or WATCHWORD_NEW_PASSPHRASE"
                        );
                    };
                    vault.set_passphrase(&new, KdfParams::default())?;
                    println!("passphrase set");
                }
                PassphraseCommand::Remove => {
                    vault.remove_passphrase()?;
                    println!("passphrase removed; the keyring opens the vault");
                }
            }
        }
        Command::Keyring { command } => {
            let mut vault = args.access.open()?;
            match command {
                KeyringCommand::Enable => {
                    vault.enable_keyring()?;
                    println!("the OS keyring now opens the vault");
                }
                KeyringCommand::Disable => {
                    // The passphrase slot must wrap the new master key: it is asked for again.
                    let passphrase = args.access.passphrase()?.ok_or_else(|| {
                        anyhow::anyhow!(
                            "requiring the passphrase needs it (--passphrase-file or WATCHWORD_PASSPHRASE)"
                        )
                    })?;
                    vault.disable_keyring(&passphrase, KdfParams::default())?;
                    println!("the passphrase is now required at start");
                }
            }
        }
        Command::Restore { backup: None } => {
            let backups = Vault::backups(&dir)?;
            if backups.is_empty() {
                println!("no backups yet");
            }
            for backup in backups {
                println!(
                    "{}  generation {}  {} bytes",
                    backup.name, backup.generation, backup.size
                );
            }
        }
        Command::Restore { backup: Some(name) } => {
            let vault = Vault::restore(&dir, &name, &args.access.unlock()?)?;
            println!(
                "restored {name}: {} accounts, now generation {}",
                vault.accounts().len(),
                vault.generation()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
