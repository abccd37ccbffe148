//! `watchword pin profile add|list|remove`.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use watchword_core::VaultDir;
use watchword_pin::sinch::AuthScheme;
use watchword_pin::{Profile, ProfileStore, Provider};
use zeroize::Zeroizing;

/// `watchword pin profile`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add or replace a profile. The secret is read from --secret-file or WATCHWORD_PIN_SECRET.
    Add(AddArgs),
    /// List profiles (no secrets).
    List,
    /// Remove a profile and its secret.
    Remove {
        /// The profile's name.
        name: String,
    },
}

#[derive(Debug, ClapArgs)]
struct AddArgs {
    /// A name for the profile.
    name: String,
    /// sinch, infobip or auth365.
    #[arg(long)]
    provider: Provider,
    /// The API's base URL (a sandbox: http://127.0.0.1:PORT).
    #[arg(long)]
    url: String,
    /// Sinch: the application key. Auth365: the client id.
    #[arg(long)]
    key: Option<String>,
    /// Sinch: basic or signed (default signed).
    #[arg(long, value_parser = parse_scheme)]
    scheme: Option<AuthScheme>,
    /// Auth365: the account id.
    #[arg(long)]
    account_id: Option<u64>,
    /// Read the secret (Sinch application secret, Infobip API key, Auth365 client secret) from this file.
    #[arg(long, value_name = "FILE")]
    secret_file: Option<std::path::PathBuf>,
}

fn parse_scheme(text: &str) -> Result<AuthScheme, String> {
    match text.to_ascii_lowercase().as_str() {
        "basic" => Ok(AuthScheme::Basic),
        "signed" => Ok(AuthScheme::Signed),
        other => Err(format!(
            "unknown scheme {other:?} (expected basic or signed)"
        )),
    }
}

/// Runs a profile subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = ProfileStore::in_dir(VaultDir::from_env().root());
    match args.command {
        Command::Add(add) => {
            let secret = match &add.secret_file {
                Some(path) => {
                    let text =
                        Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
                            format!("cannot read the secret file {}", path.display())
                        })?);
                    Some(Zeroizing::new(
                        text.lines().next().unwrap_or("").trim().to_owned(),
                    ))
                }
                None => std::env::var("WATCHWORD_PIN_SECRET")
                    .ok()
                    .map(Zeroizing::new),
            };
            let name = add.name.clone();
            store.save(
                Profile {
                    name: add.name,
                    provider: add.provider,
                    base_url: add.url,
                    key: add.key,
                    scheme: add.scheme,
                    account_id: add.account_id,
                },
                secret,
            )?;
            println!("saved profile {name}");
        }
        Command::List => {
            for profile in store.list()? {
                println!(
                    "{:<16} {:<8} {}{}",
                    profile.name,
                    profile.provider.as_str(),
                    profile.base_url,
                    profile
                        .key
                        .map(|key| format!("  key {key}"))
                        .unwrap_or_default()
                );
            }
        }
        Command::Remove { name } => {
            store.remove(&name)?;
            println!("removed profile {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
