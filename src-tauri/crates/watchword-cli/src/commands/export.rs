//! `watchword export --format F --out PATH [--password-file P]`: the vault
//! for another app, for paper, or as an encrypted Watchword backup.
//!
//! `aegis` is encrypted when a password file is given and plain otherwise;
//! `watchword` always needs one. Plain files get a warning on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use watchword_core::export::{self, Encryption, ExportFormatInfo, Output};
use watchword_core::{KdfParams, migration, qr};

use super::access::{PassphraseArgs, read_passphrase};

/// `--format`'s parser: the core's export table gives its values (and so
/// the help and clap's error text), the row is what `run` gets.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = &'static ExportFormatInfo> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(export::formats().iter().map(possible_value))
        .try_map(|name: String| export::format_named(&name).ok_or("not in the export table"))
}

/// A table row as `--help` lists it, with how to encrypt it.
fn possible_value(format: &'static ExportFormatInfo) -> clap::builder::PossibleValue {
    let note = match (format.output, format.encryption) {
        (Output::QrPictures, _) => " (PNG files in the --out folder)",
        (_, Encryption::Required) => " (encrypted: needs --password-file)",
        (_, Encryption::Optional) => " (encrypted with --password-file, plain without)",
        (_, Encryption::None) => " (plain)",
    };
    clap::builder::PossibleValue::new(format.name).help(format!("{}{note}", format.title))
}

/// Arguments of `watchword export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(long, value_parser = format_parser(), value_name = "FORMAT")]
    format: &'static ExportFormatInfo,
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
    let single = match args.format.output {
        Output::QrPictures => None,
        Output::File(format) => Some(format),
    };
    if args.format.encryption == Encryption::Required && password.is_none() {
        anyhow::bail!(
            "a {} is encrypted: give its password with --password-file or WATCHWORD_EXPORT_PASSWORD",
            args.format.title
        );
    }
    let vault = args.access.open()?;
    let Some(format) = single else {
        return gauth_qr(&vault, &args.out, args.format.warning);
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
fn gauth_qr(
    vault: &watchword_core::Vault,
    out: &Path,
    warning: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let accounts: Vec<_> = vault.accounts().iter().map(|a| a.otp.clone()).collect();
    let batch_id = i32::try_from(vault.generation() % 1_000_000).unwrap_or(1);
    let (uris, skipped) = migration::encode(&accounts, batch_id);
    watchword_core::files::create_private_dir(out)
        .with_context(|| format!("cannot create {}", out.display()))?;
    for (index, uri) in uris.iter().enumerate() {
        let path = out.join(format!(
            "watchword-export-{}-of-{}.png",
            index + 1,
            uris.len()
        ));
        watchword_core::files::write_private(&path, &qr::to_png(uri, 6)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}", path.display());
    }
    for skip in &skipped {
        eprintln!(
            "watchword: not exported: {} ({} cannot be carried)",
            skip.label, skip.reason
        );
    }
    if let Some(warning) = warning {
        eprintln!("watchword: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::{Args as _, Command};

    use super::*;

    #[test]
    fn the_help_lists_every_export_format_of_the_table() {
        let help = Args::augment_args(Command::new("export"))
            .term_width(200)
            .render_long_help()
            .to_string();
        for format in export::formats() {
            assert!(
                help.contains(format.name),
                "{} missing:\n{help}",
                format.name
            );
            assert!(
                help.contains(format.title),
                "{} missing:\n{help}",
                format.title
            );
        }
    }
}
