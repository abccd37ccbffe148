//! `watchword code NAME_OR_ID [--at T]` and `watchword code --uri URI [--at T]`.

use std::process::ExitCode;

use watchword_core::OtpAccount;

use super::access::PassphraseArgs;

/// Arguments of `watchword code`.
#[derive(Debug, clap::Args)]
#[group(id = "account", required = true, multiple = false, args = ["name_or_id", "uri"])]
pub struct Args {
    /// A vault account: id, unique id prefix, issuer, name or issuer:name.
    name_or_id: Option<String>,
    /// The account as an otpauth:// URI instead (no vault needed).
    #[arg(long, value_name = "URI")]
    uri: Option<String>,
    /// Compute the code at this Unix time instead of now (TOTP and Steam).
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// Prints one code on one line.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let now = super::unix_time(args.at)?;
    let code = match (&args.uri, &args.name_or_id) {
        (Some(uri), _) => OtpAccount::parse(uri)?.token.code_at(now),
        (None, Some(query)) => args.access.open()?.find(query)?.otp.token.code_at(now),
        (None, None) => unreachable!("clap requires one of them"),
    };
    println!("{code}");
    Ok(ExitCode::SUCCESS)
}
