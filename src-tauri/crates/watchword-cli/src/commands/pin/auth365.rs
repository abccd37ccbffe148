//! `watchword pin …` against an Auth365 profile: generate, send URL, validate, soft tokens.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use watchword_core::enroll::Findings;
use watchword_pin::PinClient;
use watchword_pin::auth365::{
    Auth365Client, GenerateRequest, PinType, Recipient, SoftTokenRequest, Target as PinTarget,
    UrlMode,
};

use super::{
    SendArgs, StatusArgs, Target, VerifyArgs, connect, print_json, print_outcome, required,
};
use crate::commands::access::PassphraseArgs;

/// `watchword pin softtoken`.
#[derive(Debug, ClapArgs)]
pub struct SoftTokenArgs {
    #[command(flatten)]
    target: Target,
    #[command(subcommand)]
    command: SoftTokenCommand,
}

#[derive(Debug, Subcommand)]
enum SoftTokenCommand {
    /// Create a TOTP soft token for a user; prints its id (and, with --enroll, adds it to the vault).
    Create {
        /// The user it belongs to.
        #[arg(long)]
        user: String,
        /// The issuer shown in authenticators.
        #[arg(long)]
        issuer: Option<String>,
        /// SHA1, SHA256 or SHA512.
        #[arg(long)]
        algorithm: Option<String>,
        /// 6–8.
        #[arg(long)]
        digits: Option<u8>,
        /// Seconds per code, 15–120.
        #[arg(long)]
        period: Option<u32>,
        /// Put the token in this Watchword vault (the QR path), instead of printing its URI.
        #[arg(long)]
        enroll: bool,
        #[command(flatten)]
        access: PassphraseArgs,
    },
    /// A user's soft tokens (no secrets).
    List {
        /// The user.
        #[arg(long)]
        user: String,
    },
    /// Check a code on the server. Exit 0 when valid, 1 when not.
    Validate {
        /// The soft token's id.
        id: String,
        /// The code.
        code: String,
    },
    /// Delete a soft token.
    Delete {
        /// The soft token's id.
        id: String,
    },
}

/// Generates and sends a PIN, or a validation URL with --url-mode.
pub async fn send(client: &Auth365Client, args: &SendArgs) -> anyhow::Result<ExitCode> {
    if let Some(mode) = &args.url_mode {
        let mode: UrlMode = mode.parse().map_err(anyhow::Error::msg)?;
        let message = args
            .message
            .clone()
            .unwrap_or_else(|| "Confirm your sign-in: [url]".into());
        return print_json(
            &client
                .send_url(&args.to, &message, mode, args.pin_timeout)
                .await?,
        );
    }
    let request = GenerateRequest {
        to: Recipient::parse(&args.to),
        message_body: args
            .message
            .clone()
            .unwrap_or_else(|| "Your code is [token]".into()),
        token_length: args.length,
        pin_type: if args.alphanumeric {
            PinType::Alphanumeric
        } else {
            PinType::Numeric
        },
        time_out: args.pin_timeout,
    };
    print_json(&client.generate(&request).await?)
}

/// Validates a PIN by order, number or address.
pub async fn verify(client: &Auth365Client, args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let target = match (&args.order, &args.to) {
        (Some(order), _) => PinTarget::Order(order.clone()),
        (None, Some(to)) => match Recipient::parse(to) {
            Recipient::Phone(number) => PinTarget::Phone(number),
            Recipient::Email(address) => PinTarget::Email(address),
        },
        (None, None) => anyhow::bail!("give --order ID or --to NUMBER_OR_EMAIL"),
    };
    let outcome = client.validate(&target, &args.code).await?;
    let ok = outcome.succeeded();
    print_outcome(&outcome, ok)
}

/// An order's state.
pub async fn status(client: &Auth365Client, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    print_json(
        &client
            .order_status(required(&args.order, "--order")?)
            .await?,
    )
}

/// Soft-token commands.
pub async fn softtoken(args: SoftTokenArgs) -> anyhow::Result<ExitCode> {
    let client = match connect(&args.target)?.1 {
        PinClient::Auth365(client) => client,
        _ => anyhow::bail!(
            "profile {:?} is not an Auth365 profile",
            args.target.profile
        ),
    };
    match args.command {
        SoftTokenCommand::Create {
            user,
            issuer,
            algorithm,
            digits,
            period,
            enroll,
            access,
        } => {
            let request = SoftTokenRequest {
                user_id: user,
                issuer,
                algorithm,
                digits,
                period,
            };
            let created = client.create_soft_token(&request).await?;
            if !enroll {
                // The user asked for the token: the URI is the point (as `qr` prints one).
                return print_json(&serde_json::json!({
                    "softTokenId": created.soft_token_id,
                    "otpauthUri": created.otpauth_uri.as_str(),
                }));
            }
            let found = Findings::from_texts(&[created.otpauth_uri.as_str().to_owned()]);
            if found.accounts.is_empty() {
                anyhow::bail!(
                    "the server's soft token is not a usable account: {}",
                    found.problems.join("; ")
                );
            }
            let mut vault = access.open()?;
            let fresh = found.new_accounts(vault.accounts());
            let ids = vault.add_many(fresh)?;
            print_json(
                &serde_json::json!({ "softTokenId": created.soft_token_id, "enrolled": ids }),
            )
        }
        SoftTokenCommand::List { user } => print_json(&client.soft_tokens(&user).await?),
        SoftTokenCommand::Validate { id, code } => {
            let outcome = client.validate_soft_token(&id, &code).await?;
            let ok = outcome.succeeded();
            print_outcome(&outcome, ok)
        }
        SoftTokenCommand::Delete { id } => {
            client.delete_soft_token(&id).await?;
            println!("deleted soft token {id}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
