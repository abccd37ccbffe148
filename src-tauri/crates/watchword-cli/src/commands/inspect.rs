//! `watchword inspect URI [--json] [--show-secret]`.

use std::process::ExitCode;

use serde::Serialize;
use watchword_core::OtpAccount;

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

/// The normalized account, as `inspect --json` prints it; later tooling reads these names.
#[derive(Debug, Serialize)]
struct Inspected {
    r#type: &'static str,
    issuer: Option<String>,
    name: String,
    algorithm: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// Prints the normalized account.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let account = OtpAccount::parse(&args.uri)?;
    let token = &account.token;
    let inspected = Inspected {
        r#type: token.kind().type_name(),
        issuer: account.issuer.clone(),
        name: account.name.clone(),
        algorithm: token.algorithm().as_str(),
        digits: token.digits(),
        period: token.kind().period(),
        counter: token.kind().counter(),
        uri: if args.show_secret {
            account.to_uri().to_string()
        } else {
            account.to_uri_without_secret()
        },
        secret: args
            .show_secret
            .then(|| token.secret().to_base32().to_string()),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&inspected)?);
    } else {
        println!("type:      {}", inspected.r#type);
        println!("issuer:    {}", inspected.issuer.as_deref().unwrap_or("-"));
        println!("name:      {}", inspected.name);
        println!("algorithm: {}", inspected.algorithm);
        println!("digits:    {}", inspected.digits);
        if let Some(period) = inspected.period {
            println!("period:    {period}");
        }
        if let Some(counter) = inspected.counter {
            println!("counter:   {counter}");
        }
        if let Some(secret) = &inspected.secret {
            println!("secret:    {secret}");
        }
        println!("uri:       {}", inspected.uri);
    }
    Ok(ExitCode::SUCCESS)
}
