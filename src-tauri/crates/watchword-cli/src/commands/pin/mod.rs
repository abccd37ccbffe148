//! `watchword pin …`: send and verify server-side PINs through a provider profile.

mod auth365;
mod infobip;
mod profile;

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use serde::Serialize;
use watchword_core::VaultDir;
use watchword_pin::console::{self, SendForm, StatusForm, VerifyForm};
use watchword_pin::{ExchangeLog, HttpSettings, PinClient, Profile, ProfileStore};
use zeroize::Zeroizing;

/// `watchword pin`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Which profile, and how patient to be.
#[derive(Debug, Clone, ClapArgs)]
pub struct Target {
    /// The provider profile to use; else WATCHWORD_PIN_PROFILE.
    #[arg(long, short = 'p', env = "WATCHWORD_PIN_PROFILE", value_name = "NAME")]
    profile: String,
    /// Seconds a request may take before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 15)]
    timeout: u64,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add, list or remove provider profiles (secrets go to the OS keyring).
    Profile(profile::Args),
    /// Send a PIN (Sinch: start a verification; Infobip: send; Auth365: generate or send a URL).
    Send(SendArgs),
    /// Check the code the user got. Exit 0 when verified, 1 when not.
    Verify(VerifyArgs),
    /// Query a verification's status.
    Status(StatusArgs),
    /// Infobip: send a PIN again.
    Resend(ResendArgs),
    /// Infobip: 2FA applications.
    Apps(infobip::AppsArgs),
    /// Infobip: message templates of an application.
    Templates(infobip::TemplatesArgs),
    /// Auth365: TOTP soft tokens.
    Softtoken(auth365::SoftTokenArgs),
    /// Sandbox: what its simulated phone and mailbox received.
    Outbox(OutboxArgs),
}

/// `watchword pin send`.
#[derive(Debug, ClapArgs)]
pub struct SendArgs {
    #[command(flatten)]
    target: Target,
    /// The recipient: an E.164 number, or an email address (Infobip and Auth365 email).
    #[arg(long)]
    to: String,
    /// Sinch: sms, flashcall, callout, seamless, whatsapp. Infobip: sms, voice, email.
    #[arg(long, default_value = "sms")]
    method: String,
    /// Sinch: your unique reference.
    #[arg(long)]
    reference: Option<String>,
    /// Sinch: text passed to callbacks.
    #[arg(long)]
    custom: Option<String>,
    /// Sinch: the SMS language (Accept-Language).
    #[arg(long)]
    language: Option<String>,
    /// Sinch: Numeric, Alpha or Alphanumeric.
    #[arg(long)]
    code_type: Option<String>,
    /// Sinch: how long the code lives, HH:MM:SS.
    #[arg(long)]
    expiry: Option<String>,
    /// Sinch: a caller-chosen SMS code (accounts enabled for it); read from this file.
    #[arg(long, value_name = "FILE")]
    code_file: Option<std::path::PathBuf>,
    /// Infobip: the application id.
    #[arg(long)]
    app: Option<String>,
    /// Infobip: the message template id.
    #[arg(long)]
    template: Option<String>,
    /// Infobip: a template placeholder, NAME=VALUE (repeatable).
    #[arg(long = "placeholder", value_name = "NAME=VALUE")]
    placeholders: Vec<String>,
    /// Infobip SMS: skip the number lookup (ncNeeded=false).
    #[arg(long)]
    no_lookup: bool,
    /// Infobip: the sender (`from`), overriding the template's sender id.
    #[arg(long)]
    from: Option<String>,
    /// Auth365: the message, with [token] (or [url] with --url-mode) where it goes.
    #[arg(long)]
    message: Option<String>,
    /// Auth365: PIN length, 4–9.
    #[arg(long, default_value_t = 6)]
    length: u8,
    /// Auth365: letters and digits instead of digits.
    #[arg(long)]
    alphanumeric: bool,
    /// Auth365: seconds the PIN lives, 30–900.
    #[arg(long = "pin-timeout", default_value_t = 300)]
    pin_timeout: u32,
    /// Auth365: send a validation URL instead: onestep or twostep.
    #[arg(long)]
    url_mode: Option<String>,
}

/// `watchword pin verify CODE`.
#[derive(Debug, ClapArgs)]
pub struct VerifyArgs {
    #[command(flatten)]
    target: Target,
    /// The code the user typed (Sinch flash call: the calling number).
    code: String,
    /// Sinch: the verification id. Infobip: the pinId.
    #[arg(long)]
    id: Option<String>,
    /// Sinch: report for the newest verification of this number. Auth365: this number or address.
    #[arg(long)]
    to: Option<String>,
    /// Sinch: the method the code came by (sms, flashcall, callout).
    #[arg(long, default_value = "sms")]
    method: String,
    /// Auth365: the order id.
    #[arg(long)]
    order: Option<String>,
}

/// `watchword pin status`.
#[derive(Debug, ClapArgs)]
pub struct StatusArgs {
    #[command(flatten)]
    target: Target,
    /// Sinch: by verification id.
    #[arg(long)]
    id: Option<String>,
    /// Sinch: by your reference.
    #[arg(long)]
    reference: Option<String>,
    /// Sinch: by number (with --method). Infobip: filter by msisdn.
    #[arg(long)]
    to: Option<String>,
    /// Sinch: the method, with --to.
    #[arg(long, default_value = "sms")]
    method: String,
    /// Infobip: the application.
    #[arg(long)]
    app: Option<String>,
    /// Infobip: only verified (true) or unverified (false).
    #[arg(long)]
    verified: Option<bool>,
    /// Auth365: the order id.
    #[arg(long)]
    order: Option<String>,
}

/// `watchword pin resend`.
#[derive(Debug, ClapArgs)]
pub struct ResendArgs {
    #[command(flatten)]
    target: Target,
    /// The pinId.
    #[arg(long)]
    id: String,
    /// sms, voice or email.
    #[arg(long, default_value = "sms")]
    method: String,
}

/// `watchword pin outbox`.
#[derive(Debug, ClapArgs)]
pub struct OutboxArgs {
    #[command(flatten)]
    target: Target,
    /// Only messages to this recipient.
    #[arg(long)]
    to: Option<String>,
    /// The sandbox's run token (`watchword-sandbox` prints it at start); the outbox is
    /// refused without it. The environment variable keeps it out of the process list.
    #[arg(
        long,
        env = "WATCHWORD_SANDBOX_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    sandbox_token: Option<String>,
}

/// Runs a `pin` subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        match args.command {
            Command::Profile(args) => profile::run(args),
            Command::Send(args) => send(args).await,
            Command::Verify(args) => verify(args).await,
            Command::Status(args) => status(args).await,
            Command::Resend(args) => infobip::resend(args).await,
            Command::Apps(args) => infobip::apps(args).await,
            Command::Templates(args) => infobip::templates(args).await,
            Command::Softtoken(args) => auth365::softtoken(args).await,
            Command::Outbox(args) => outbox(args).await,
        }
    })
}

async fn send(args: SendArgs) -> anyhow::Result<ExitCode> {
    let code = match &args.code_file {
        Some(path) => Some(Zeroizing::new(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the code file {}", path.display()))?
                .trim()
                .to_owned(),
        )),
        None => None,
    };
    let mut placeholders = std::collections::BTreeMap::new();
    for pair in &args.placeholders {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("--placeholder {pair:?} is not NAME=VALUE"))?;
        placeholders.insert(name.to_owned(), value.to_owned());
    }
    let form = SendForm {
        to: args.to,
        method: Some(args.method),
        reference: args.reference,
        custom: args.custom,
        language: args.language,
        code_type: args.code_type,
        expiry: args.expiry,
        code,
        app: args.app,
        template: args.template,
        placeholders,
        no_lookup: args.no_lookup,
        from: args.from,
        message: args.message,
        length: Some(args.length),
        alphanumeric: args.alphanumeric,
        timeout: Some(args.pin_timeout),
        url_mode: args.url_mode,
    };
    let answer = console::send(&connect(&args.target)?.1, &form)
        .await
        .map_err(explained)?;
    print_answer(&answer)
}

async fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let form = VerifyForm {
        code: Zeroizing::new(args.code),
        id: args.id,
        to: args.to,
        method: Some(args.method),
        order: args.order,
    };
    let answer = console::verify(&connect(&args.target)?.1, &form)
        .await
        .map_err(explained)?;
    print_answer(&answer)
}

async fn status(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let form = StatusForm {
        id: args.id,
        reference: args.reference,
        to: args.to,
        method: Some(args.method),
        app: args.app,
        verified: args.verified,
        order: args.order,
    };
    let answer = console::status(&connect(&args.target)?.1, &form)
        .await
        .map_err(explained)?;
    eprintln!("{}", answer.summary);
    print_json(&answer.response)
}

async fn outbox(args: OutboxArgs) -> anyhow::Result<ExitCode> {
    let (profile, _) = connect(&args.target)?;
    let transport = watchword_pin::Transport::new(
        profile.provider,
        settings(&args.target),
        ExchangeLog::new(),
    )?;
    let base = url::Url::parse(&profile.base_url)?;
    let mut client = watchword_pin::sandbox::SandboxClient::new(transport, base);
    if let Some(token) = args.sandbox_token {
        client = client.with_token(Zeroizing::new(token));
    }
    let messages = client.outbox(args.to.as_deref()).await?;
    print_json(&messages)
}

/// The profile named by `target` and a client for it.
fn connect(target: &Target) -> anyhow::Result<(Profile, PinClient)> {
    let store = ProfileStore::in_dir(VaultDir::from_env().root());
    let profile = store.get(&target.profile)?;
    let secret = store.secret(&profile)?;
    let client = profile.connect(secret, settings(target), ExchangeLog::new())?;
    Ok((profile, client))
}

fn settings(target: &Target) -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_secs(target.timeout.max(1)),
        connect_timeout: Duration::from_secs(target.timeout.clamp(1, 5)),
        ..HttpSettings::default()
    }
}

/// A provider error with words for what it means (`watchword_pin::words`).
pub(super) fn explained(error: watchword_pin::PinError) -> anyhow::Error {
    anyhow::anyhow!(watchword_pin::words::explain(&error))
}

/// Prints the answer as JSON on stdout and its summary in words on stderr (so scripts
/// keep reading JSON); exit 0 when `ok`, else 1.
fn print_answer(answer: &console::Answer) -> anyhow::Result<ExitCode> {
    eprintln!("{}", answer.summary);
    print_outcome(&answer.response, answer.ok)
}

/// Prints a provider's answer as JSON.
fn print_json(value: &impl Serialize) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// Prints the answer; exit 0 when `ok`, else 1 (a wrong, expired or used code).
fn print_outcome(value: &impl Serialize, ok: bool) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The option a provider needs, or a message naming it.
fn required<'a>(value: &'a Option<String>, what: &str) -> anyhow::Result<&'a str> {
    value
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("{what} is required for this provider"))
}
