//! `watchword pin …` against an Auth365 profile: generate, send URL, validate, soft tokens.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use watchword_core::enroll::Findings;
use watchword_pin::PinClient;
use watchword_pin::auth365::SoftTokenRequest;

use super::{Target, connect, print_json, print_outcome};
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
