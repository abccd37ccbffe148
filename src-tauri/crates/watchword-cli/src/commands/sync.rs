//! `watchword sync …`: keep computers in step through a shared folder.
//!
//! The sync passphrase comes from `--passphrase-file` or
//! `WATCHWORD_SYNC_PASSPHRASE`; the vault opens with the keyring, else
//! `--vault-passphrase-file` or `WATCHWORD_PASSPHRASE`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use serde::Serialize;
use watchword_core::backup::auto::timestamp;
use watchword_core::sync::device::SYNC_KDF;
use watchword_core::sync::merge::Outcome;
use watchword_core::sync::{self, Report, Status, SyncConfig};
use watchword_core::{Vault, VaultDir};

use super::access::{PassphraseArgs, read_passphrase};

/// `watchword sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// Read the vault passphrase from this file (first line); else WATCHWORD_PASSPHRASE.
    #[arg(long, value_name = "FILE", global = true)]
    vault_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Join (or start) the sync group in a folder another program copies between computers.
    Setup {
        /// The shared folder (Syncthing, Nextcloud, Dropbox, a network share).
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// Read the sync passphrase from this file (first line); else WATCHWORD_SYNC_PASSPHRASE.
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Read the other computers' files and write this one's, once; print what changed.
    Now,
    /// Each other computer: when it last wrote, when it was read, what that changed.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Stop syncing: remove this computer's file and the sync key (accounts stay).
    Leave,
}

/// Runs a `sync` subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut vault = PassphraseArgs::from_file(args.vault_passphrase_file).open()?;
    match args.command {
        Command::Setup {
            folder,
            passphrase_file,
        } => {
            let passphrase =
                read_passphrase(passphrase_file.as_ref(), "WATCHWORD_SYNC_PASSPHRASE")?.context(
                    "the sync passphrase: give --passphrase-file FILE or WATCHWORD_SYNC_PASSPHRASE",
                )?;
            let config = sync::setup(&mut vault, &folder, &passphrase, SYNC_KDF)?;
            println!(
                "syncing through {} as device {}",
                config.folder.display(),
                config.device
            );
            let report = sync::sync_now(&mut vault, now()?)?;
            print_report(&report);
        }
        Command::Now => {
            let report = sync::sync_now(&mut vault, now()?)?;
            print_report(&report);
        }
        Command::Status { json } => status(&vault, json)?,
        Command::Leave => {
            let config = sync::leave(&mut vault)?;
            Status::remove(VaultDir::from_env().root());
            println!(
                "left the sync group in {}: this computer's file is removed, the accounts stay",
                config.folder.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn now() -> anyhow::Result<u64> {
    Ok(watchword_core::clock::unix_now()?)
}

fn short(device: &str) -> &str {
    &device[..device.len().min(8)]
}

/// Accounts shown by name in one line of `sync now`; more are counted.
const NAMED: usize = 10;

fn labels(list: &[(String, String)]) -> String {
    let names: Vec<&str> = list.iter().take(NAMED).map(|(_, l)| l.as_str()).collect();
    match list.len().saturating_sub(NAMED) {
        0 => names.join(", "),
        more => format!("{} and {more} more", names.join(", ")),
    }
}

/// One line per file that changed something, one per skipped file.
fn print_report(report: &Report) {
    for peer in &report.peers {
        let Outcome {
            added,
            changed,
            removed,
            ..
        } = &peer.outcome;
        let mut parts = Vec::new();
        for (verb, list) in [("added", added), ("changed", changed), ("removed", removed)] {
            if !list.is_empty() {
                parts.push(format!("{verb} {}", labels(list)));
            }
        }
        if !parts.is_empty() {
            let copy = if peer.conflict_copy {
                " (conflict copy)"
            } else {
                ""
            };
            println!("from {}{copy}: {}", short(&peer.device), parts.join("; "));
        }
    }
    for peer in report.peers.iter().filter(|p| p.conflict_copy) {
        println!("merged the conflict copy {}", peer.file);
    }
    for problem in &report.problems {
        println!("skipped {}: {}", problem.file, problem.reason);
    }
    if !report.changed() {
        println!(
            "nothing changed here ({} other computers read)",
            report.peers.len()
        );
    }
    if report.wrote_own {
        println!("wrote this computer's file");
    }
}

#[derive(Serialize)]
struct StatusJson {
    folder: PathBuf,
    device: String,
    last_run: Option<u64>,
    devices: Vec<DeviceJson>,
    problems: Vec<sync::status::Problem>,
}

#[derive(Serialize)]
struct DeviceJson {
    device: String,
    written: u64,
    read: u64,
    last_change: ChangeJson,
}

#[derive(Serialize)]
struct ChangeJson {
    at: u64,
    added: Vec<String>,
    changed: Vec<String>,
    removed: usize,
}

/// `sync status`: the record of the last runs, with the accounts' current names.
fn status(vault: &Vault, json: bool) -> anyhow::Result<()> {
    let config = SyncConfig::of(vault)?;
    let record = Status::load(vault.dir().root());
    let label = |id: &String| {
        vault
            .find(id)
            .map(|a| a.label())
            .unwrap_or_else(|_| format!("(gone) {id}"))
    };
    let devices: Vec<DeviceJson> = record
        .devices
        .iter()
        .map(|(device, seen)| DeviceJson {
            device: device.clone(),
            written: seen.written,
            read: seen.read,
            last_change: ChangeJson {
                at: seen.last_change.at,
                added: seen.last_change.added.iter().map(label).collect(),
                changed: seen.last_change.changed.iter().map(label).collect(),
                removed: seen.last_change.removed,
            },
        })
        .collect();
    let out = StatusJson {
        folder: config.folder.clone(),
        device: config.device.clone(),
        last_run: (record.last_run > 0).then_some(record.last_run),
        devices,
        problems: record.problems,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("folder: {}", out.folder.display());
    println!("this computer: {}", out.device);
    match out.last_run {
        Some(at) => println!("last sync: {}", timestamp(at)),
        None => println!("last sync: never"),
    }
    if out.devices.is_empty() {
        println!("no other computer seen yet");
    }
    for device in &out.devices {
        let change = &device.last_change;
        let mut parts = Vec::new();
        for (verb, list) in [("added", &change.added), ("changed", &change.changed)] {
            if !list.is_empty() {
                parts.push(format!("{verb} {}", list.join(", ")));
            }
        }
        if change.removed > 0 {
            parts.push(format!("removed {}", change.removed));
        }
        let what = if parts.is_empty() {
            "nothing".to_owned()
        } else {
            parts.join("; ")
        };
        println!(
            "{}: last synced {} (read {}); the last sync changed {what}",
            short(&device.device),
            timestamp(device.written),
            timestamp(device.read)
        );
    }
    for problem in &out.problems {
        println!("skipped {}: {}", problem.file, problem.reason);
    }
    Ok(())
}
