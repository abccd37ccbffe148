//! `watchword export --format gauth-qr --out DIR`: the vault as Google
//! Authenticator export QR codes, batched the way Google's app does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use watchword_core::{migration, qr};

use super::access::PassphraseArgs;

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Google Authenticator migration QR codes (PNG files).
    GauthQr,
}

/// Arguments of `watchword export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(long, value_enum)]
    format: Format,
    /// The folder (gauth-qr) to write into; created if missing.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// Writes the export and lists what it wrote and what it could not carry.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let vault = args.access.open()?;
    let accounts: Vec<_> = vault.accounts().iter().map(|a| a.otp.clone()).collect();
    match args.format {
        Format::GauthQr => {
            let batch_id = i32::try_from(vault.generation() % 1_000_000).unwrap_or(1);
            let (uris, skipped) = migration::encode(&accounts, batch_id);
            std::fs::create_dir_all(&args.out)
                .with_context(|| format!("cannot create {}", args.out.display()))?;
            for (index, uri) in uris.iter().enumerate() {
                let path = args.out.join(format!(
                    "watchword-export-{}-of-{}.png",
                    index + 1,
                    uris.len()
                ));
                std::fs::write(&path, qr::to_png(uri, 6)?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                println!("{}", path.display());
            }
            for skip in &skipped {
                eprintln!(
                    "watchword: not exported: {} ({} cannot be carried)",
                    skip.label, skip.reason
                );
            }
            eprintln!(
                "watchword: these pictures hold your secrets unencrypted; delete them once scanned"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
