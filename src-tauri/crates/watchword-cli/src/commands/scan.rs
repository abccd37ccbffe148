//! `watchword scan IMAGE [--json]`: every QR code in a picture.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use watchword_core::payload::Payload;
use watchword_core::qr;

use super::json::AccountJson;

/// Arguments of `watchword scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A picture: PNG, JPEG, WebP, BMP or GIF.
    image: PathBuf,
    /// Print a JSON list of {text, accounts} instead of one text per line.
    #[arg(long)]
    json: bool,
}

/// One code of `scan --json`.
#[derive(Debug, Serialize)]
struct Scanned {
    text: String,
    accounts: Vec<AccountJson>,
    /// Why the code yielded no (or not every) account.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    problems: Vec<String>,
}

/// Prints what the codes say. Exit 0 when at least one was found, 1 when none.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let found = qr::scan_file(&args.image)?;
    if found.is_empty() {
        eprintln!("watchword: no QR code found in {}", args.image.display());
        return Ok(ExitCode::from(1));
    }
    if args.json {
        let scanned: Vec<Scanned> = found
            .into_iter()
            .map(|f| {
                let payload = Payload::read(&f.text);
                Scanned {
                    accounts: payload
                        .accounts()
                        .iter()
                        .map(|a| AccountJson::new(a, false))
                        .collect(),
                    problems: payload.problems(),
                    text: f.text,
                }
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&scanned)?);
    } else {
        for f in found {
            println!("{}", f.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}
