//! `watchword follow …`: follow the folder where another app writes its
//! backups (Aegis's automatic backups, 2FAS, Ente, Watchword exports).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;
use watchword_core::follow::{self, Follows, Outcome, Plan, Resolution};
use watchword_core::import::Format;

use super::access::{PassphraseArgs, read_passphrase};

/// `watchword follow`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    access: PassphraseArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Follow a folder; its files' password (Aegis's backup password) is kept in the vault.
    Add {
        /// The folder the other app writes into.
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The files' format (as `import --format` names it); detected by default.
        #[arg(long)]
        format: Option<String>,
        /// Read the files' password from this file (first line); else WATCHWORD_IMPORT_PASSWORD.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Wait for a review (`follow apply ID`) instead of applying at once.
        #[arg(long)]
        review: bool,
    },
    /// The followed folders, with the accounts gone there (flagged, not deleted).
    List,
    /// Read the newest file of every followed folder: apply it, or show what waits for review.
    Check,
    /// Apply the newest file of a folder that waits for review.
    Apply {
        /// The folder's id, as `follow list` shows it.
        id: String,
    },
    /// Resolve an account flagged as gone from a folder: delete it here too, or keep it as your own.
    Resolve {
        /// The folder's id, as `follow list` shows it.
        id: String,
        /// The flagged account: its id or name, as `follow list` shows it.
        account: String,
        /// Delete it (like `watchword remove`: other computers hear of it through sync).
        #[arg(long, required_unless_present = "keep", conflicts_with = "keep")]
        delete: bool,
        /// Keep it, no longer followed from the folder.
        #[arg(long)]
        keep: bool,
    },
    /// Stop following a folder (its accounts stay).
    Remove {
        /// The folder's id.
        id: String,
    },
}

/// Runs a `follow` subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut vault = args.access.open()?;
    let now = watchword_core::clock::unix_now()?;
    match args.command {
        Command::Add {
            folder,
            format,
            password_file,
            review,
        } => {
            let format = match format {
                Some(name) => Some(
                    Format::from_name(&name).with_context(|| format!("unknown format {name:?}"))?,
                ),
                None => None,
            };
            let password = read_passphrase(password_file.as_ref(), "WATCHWORD_IMPORT_PASSWORD")?;
            let source =
                follow::add_source(&mut vault, &folder, format, password.as_ref(), review)?;
            println!("following {} as {}", source.folder.display(), source.id);
        }
        Command::List => list(&vault)?,
        Command::Check => {
            let mut failed = false;
            for (id, outcome) in follow::run(&mut vault, now)? {
                match outcome {
                    Ok(Outcome::Nothing) => println!("{id}: nothing new"),
                    Ok(Outcome::Applied(plan)) => print_plan(&id, "applied", &plan),
                    Ok(Outcome::Waiting(plan)) => {
                        print_plan(&id, "waits for review (follow apply ID)", &plan)
                    }
                    Err(error) => {
                        failed = true;
                        println!("{id}: {error}");
                    }
                }
            }
            if failed {
                eprintln!("watchword: some followed folders could not be read (see above)");
                return Ok(ExitCode::from(1));
            }
        }
        Command::Apply { id } => {
            let follows = Follows::of(&vault)?;
            let source = follows.get(&id)?;
            let Some(plan) = follow::check(vault.accounts(), source)? else {
                bail!("{id}: no file newer than the one applied last");
            };
            print_plan(&id, "applied", &plan);
            follow::apply(&mut vault, plan, now)?;
        }
        Command::Resolve {
            id,
            account,
            delete,
            ..
        } => {
            let resolution = if delete {
                Resolution::Delete
            } else {
                Resolution::Keep
            };
            let account = follow::resolve(&mut vault, &id, &account, resolution)?;
            match resolution {
                Resolution::Delete => println!("deleted {} [{}]", account.label(), account.id),
                Resolution::Keep => println!(
                    "kept {} [{}]; no longer followed from {id}",
                    account.label(),
                    account.id
                ),
            }
        }
        Command::Remove { id } => {
            let source = follow::remove_source(&mut vault, &id)?;
            println!(
                "no longer following {}; its accounts stay",
                source.folder.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(vault: &watchword_core::Vault) -> anyhow::Result<()> {
    let follows = Follows::of(vault)?;
    if follows.sources.is_empty() {
        println!("no followed folder");
    }
    for source in &follows.sources {
        let mode = if source.review { "review" } else { "at once" };
        let last = source
            .last
            .as_ref()
            .map_or("nothing yet", |l| l.file.as_str());
        println!(
            "{}  {}  ({mode}; last read: {last})",
            source.id,
            source.folder.display()
        );
        for id in &source.gone {
            if let Ok(account) = vault.find(id) {
                println!(
                    "  gone there, still here: {} [{}] (follow resolve {} ACCOUNT --delete|--keep)",
                    account.label(),
                    account.id,
                    source.id
                );
            }
        }
    }
    Ok(())
}

fn print_plan(id: &str, what: &str, plan: &Plan) {
    println!("{id}: {} {what}", plan.file);
    for new in plan.new_accounts() {
        let issuer = new.otp.issuer.as_deref().unwrap_or("");
        println!("  new: {issuer} ({})", new.otp.name);
    }
    for (label, fields) in plan.updates() {
        let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        println!("  changed there: {label} ({})", names.join(", "));
    }
    for (id, label) in &plan.gone {
        println!("  gone there (flagged, not deleted): {label} [{id}]");
    }
    for rejected in &plan.rejected {
        println!("  not read: {}: {}", rejected.label, rejected.reason);
    }
}
