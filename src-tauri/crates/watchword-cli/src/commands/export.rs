//! `watchword export --format F --out PATH [--password-file P]`: the vault
//! for another app, for paper, or as an encrypted Watchword backup.
//!
//! `aegis` is encrypted when a password file is given and plain otherwise;
//! `watchword` always needs one. Plain files get a warning on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use watchword_core::export::{self, ExportFormat};
use watchword_core::{KdfParams, migration, qr};

use super::access::{PassphraseArgs, read_passphrase};

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Google Authenticator migration QR codes (PNG files in the --out folder).
    GauthQr,
    /// Watchword's encrypted backup (needs --password-file).
    Watchword,
    /// Aegis vault JSON; encrypted with --password-file, plain without.
    Aegis,
    /// otpauth:// links, one a line (plain).
    Otpauth,
    /// A printable HTML sheet with one QR code per account (plain).
    Html,
}

/// Arguments of `watchword export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write (the folder, for gauth-qr; created if missing).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Encrypt with the password in this file (first line); else WATCHWORD_EXPORT_PASSWORD.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// Writes the export and lists what it wrote and what it could not carry.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let password = read_passphrase(args.password_file.as_ref(), "WATCHWORD_EXPORT_PASSWORD")
        .context("cannot read the export password")?;
    let single = match args.format {
        Format::GauthQr => None,
        Format::Watchword => Some(ExportFormat::Watchword),
        Format::Aegis => Some(ExportFormat::Aegis),
        Format::Otpauth => Some(ExportFormat::Otpauth),
        Format::Html => Some(ExportFormat::Html),
    };
    if single == Some(ExportFormat::Watchword) && password.is_none() {
        anyhow::bail!(
            "a Watchword backup is encrypted: give its password with --password-file or WATCHWORD_EXPORT_PASSWORD"
        );
    }
    let vault = args.access.open()?;
    let Some(format) = single else {
        return gauth_qr(&vault, &args.out);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let written = export::write(
        format,
        vault.accounts(),
        password.as_ref(),
        KdfParams::default(),
        now,
    )?;
    write_private(&args.out, &written.bytes)?;
    println!("{}", args.out.display());
    for skip in &written.skipped {
        eprintln!(
            "watchword: not exported: {} ({} cannot be carried)",
            skip.label, skip.reason
        );
    }
    if let Some(warning) = written.warning {
        eprintln!("watchword: warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Creates (or replaces) a file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    export::save(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Google Authenticator export codes, batched the way Google's app does.
fn gauth_qr(vault: &watchword_core::Vault, out: &Path) -> anyhow::Result<ExitCode> {
    let accounts: Vec<_> = vault.accounts().iter().map(|a| a.otp.clone()).collect();
    let batch_id = i32::try_from(vault.generation() % 1_000_000).unwrap_or(1);
    let (uris, skipped) = migration::encode(&accounts, batch_id);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (index, uri) in uris.iter().enumerate() {
        let path = out.join(format!(
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
    eprintln!("watchword: these pictures hold your secrets unencrypted; delete them once scanned");
    Ok(ExitCode::SUCCESS)
}
