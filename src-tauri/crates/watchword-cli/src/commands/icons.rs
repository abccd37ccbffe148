//! `watchword icons`: Aegis icon packs kept in the vault.

use std::process::ExitCode;

use anyhow::Context;
use watchword_core::icons::packs;

use super::access::PassphraseArgs;

/// `watchword icons import-pack FILE` or `watchword icons packs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    access: PassphraseArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Keep an Aegis icon pack (ZIP with pack.json) in the vault; its icons go to matching accounts.
    ImportPack {
        /// The pack's ZIP file.
        file: std::path::PathBuf,
    },
    /// List the icon packs kept in the vault.
    Packs,
}

/// Runs an `icons` subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::ImportPack { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let read = packs::read_zip(&bytes)?;
            for skipped in &read.skipped {
                eprintln!("watchword: skipped icon {skipped}");
            }
            let mut vault = args.access.open()?;
            let assigned = vault.add_icon_pack(&read.pack)?;
            println!(
                "icon pack {} (version {}): {} icons kept, {assigned} accounts given an icon",
                read.pack.name,
                read.pack.version,
                read.pack.icons.len()
            );
        }
        Command::Packs => {
            for pack in args.access.open()?.icon_packs() {
                println!(
                    "{}  {} (version {}, {} icons)",
                    pack.uuid,
                    pack.name,
                    pack.version,
                    pack.icons.len()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
