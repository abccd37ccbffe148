//! `watchword inspect URI [--json] [--show-secret]`.

use std::process::ExitCode;

use watchword_core::OtpAccount;

use super::json::AccountJson;

/// Arguments of `watchword inspect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account as an otpauth:// URI.
    uri: String,
    /// Print JSON instead of aligned text.
    #[arg(long)]
    json: bool,
    /// Include the secret (and keep it in the canonical URI).
    #[arg(long)]
    show_secret: bool,
}

/// Prints the normalized account.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let account = OtpAccount::parse(&args.uri)?;
    let view = AccountJson::new(&account, args.show_secret);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        view.print_text();
    }
    Ok(ExitCode::SUCCESS)
}
