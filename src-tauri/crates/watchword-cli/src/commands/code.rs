//! `watchword code --uri URI [--at T]`.

use std::process::ExitCode;

use watchword_core::OtpAccount;

/// Arguments of `watchword code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account as an otpauth:// URI.
    #[arg(long, value_name = "URI")]
    uri: String,
    /// Compute the code at this Unix time instead of now (TOTP and Steam).
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
}

/// Prints one code on one line.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let account = OtpAccount::parse(&args.uri)?;
    let now = super::unix_time(args.at)?;
    println!("{}", account.token.code_at(now));
    Ok(ExitCode::SUCCESS)
}
