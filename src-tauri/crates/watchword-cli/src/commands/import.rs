//! `watchword import FILE [--format F] [--password-file P] [--yes]`: another
//! app's export into the vault. Without `--yes` it only shows what would
//! happen; nothing is written until confirmed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use watchword_core::Passphrase;
use watchword_core::import::{self, Format, ImportError};

use super::access::{PassphraseArgs, read_passphrase};

/// Arguments of `watchword import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The export file (or a picture of Google Authenticator export codes).
    file: PathBuf,
    /// The file's format, or `auto` to recognise it from its content: aegis, 2fas,
    /// andotp, bitwarden, freeotp-plus, freeotp, ente, stratum, proton, raivo, authy,
    /// battle-net, steam, duo, totp-authenticator, authenticator-plus, otpauth,
    /// watchword, gauth-qr.
    #[arg(long, default_value = "auto", value_parser = parse_format, value_name = "FORMAT")]
    format: FormatChoice,
    /// Read the export's password from this file (first line); else WATCHWORD_IMPORT_PASSWORD.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Add the new accounts; without it nothing is written.
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `--format`: a named format, or `None` for auto-detection.
#[derive(Debug, Clone, Copy)]
struct FormatChoice(Option<Format>);

/// `auto` or one of the format names.
fn parse_format(text: &str) -> Result<FormatChoice, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(FormatChoice(None));
    }
    Format::from_name(text)
        .map(|f| FormatChoice(Some(f)))
        .ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format {text:?} (auto, {})", names.join(", "))
        })
}

/// Reads the file, prints the preview or adds the new accounts, and the summary.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let password: Option<Passphrase> =
        read_passphrase(args.password_file.as_ref(), "WATCHWORD_IMPORT_PASSWORD")
            .context("cannot read the export's password")?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported =
        import::read(&bytes, &name, args.format.0, password.as_ref()).map_err(|e| match e {
            ImportError::PasswordRequired(_) => {
                anyhow::anyhow!("{e} (--password-file or WATCHWORD_IMPORT_PASSWORD)")
            }
            ImportError::WrongPassword(_) => anyhow::anyhow!("{e}"),
            other => anyhow::anyhow!("{}: {other}", args.file.display()),
        })?;
    let format = imported.format;
    let mut vault = args.access.open()?;
    let preview = import::preview(vault.accounts(), imported);
    let (new, duplicates, rejected) = (
        preview.new.len(),
        preview.duplicates.len(),
        preview.rejected.len(),
    );
    let verb = if args.yes { "imported" } else { "would import" };
    for account in &preview.new {
        println!("{verb}: {}", label(&account.otp));
    }
    for account in &preview.duplicates {
        println!("skipped (already in the vault): {}", label(&account.otp));
    }
    for entry in &preview.rejected {
        println!("rejected: {}: {}", entry.label, entry.reason);
    }
    if args.yes {
        import::add_new(&mut vault, preview)?;
        println!(
            "{} file: {new} imported, {duplicates} duplicates skipped, {rejected} rejected",
            format.title()
        );
    } else {
        println!(
            "{} file: {new} to import, {duplicates} duplicates to skip, {rejected} rejected; nothing written (add --yes to import)",
            format.title()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn label(otp: &watchword_core::OtpAccount) -> String {
    match &otp.issuer {
        Some(issuer) if !otp.name.is_empty() => format!("{issuer} ({})", otp.name),
        Some(issuer) => issuer.clone(),
        None => otp.name.clone(),
    }
}
