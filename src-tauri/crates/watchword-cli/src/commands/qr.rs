//! `watchword qr NAME_OR_ID --out FILE.png|FILE.svg`: an account as a QR code
//! a phone can scan.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use watchword_core::qr;

use super::access::PassphraseArgs;

/// Arguments of `watchword qr`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id, unique id prefix, issuer, name or issuer:name.
    name_or_id: String,
    /// Where to write: .png or .svg.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// Writes the QR code.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(extension.as_deref(), Some("png" | "svg")) {
        bail!("--out must end in .png or .svg: {}", args.out.display());
    }
    let vault = args.access.open()?;
    let account = vault.find(&args.name_or_id)?;
    let uri = account.otp.to_uri();
    let bytes = match extension.as_deref() {
        Some("svg") => qr::to_svg(&uri)?.into_bytes(),
        _ => qr::to_png(&uri, 8)?,
    };
    watchword_core::files::write_private(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "watchword: {} holds the secret of {}; delete it once scanned",
        args.out.display(),
        account.label()
    );
    Ok(ExitCode::SUCCESS)
}
