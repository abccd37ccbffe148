//! Account commands over the vault: add, list, remove, rename, next.

use std::process::ExitCode;

use serde::Serialize;
use watchword_core::clipboard::{self, Clipboard};
use watchword_core::enroll::Findings;
use watchword_core::{Account, qr, screen};

use super::access::PassphraseArgs;
use super::json::AccountJson;

/// `watchword add URI`, `add --scan IMAGE`, `add --screen` or `add --clipboard`.
#[derive(Debug, clap::Args)]
#[group(id = "source", required = true, multiple = false, args = ["uri", "scan", "screen", "clipboard"])]
pub struct AddArgs {
    /// The account as an otpauth:// (or otpauth-migration://) URI.
    uri: Option<String>,
    /// Enroll every account in the QR codes of this picture.
    #[arg(long, value_name = "IMAGE")]
    scan: Option<std::path::PathBuf>,
    /// Enroll every account in the QR codes shown on any screen.
    #[arg(long)]
    screen: bool,
    /// Enroll from the clipboard: QR codes in a copied picture, or copied otpauth:// links.
    #[arg(long)]
    clipboard: bool,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `watchword list [--json]`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON (no secrets).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `watchword remove NAME_OR_ID`.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// Id, unique id prefix, issuer, name or issuer:name.
    name_or_id: String,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `watchword rename NAME_OR_ID NEW_NAME [--issuer ISSUER]`.
#[derive(Debug, clap::Args)]
pub struct RenameArgs {
    /// Id, unique id prefix, issuer, name or issuer:name.
    name_or_id: String,
    /// The new account name.
    new_name: String,
    /// Also change the issuer ("" removes it).
    #[arg(long)]
    issuer: Option<String>,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `watchword next NAME_OR_ID`.
#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// Id, unique id prefix, issuer, name or issuer:name of an HOTP account.
    name_or_id: String,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// One row of `list --json`; later tooling reads these names. The account's
/// fields are those of `inspect --json` (no secret), plus its id and group.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: &'a str,
    #[serde(flatten)]
    account: AccountJson,
    group: Option<&'a str>,
}

impl<'a> From<&'a Account> for Listed<'a> {
    fn from(account: &'a Account) -> Self {
        Self {
            id: &account.id,
            account: AccountJson::new(&account.otp, false),
            group: account.group.as_deref(),
        }
    }
}

/// Adds the accounts a URI, a picture, the screen or the clipboard holds and prints their ids.
pub fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let (texts, source) = match (&args.uri, &args.scan, args.screen) {
        (Some(uri), _, _) => (vec![uri.clone()], String::new()),
        (None, Some(image), _) => (
            decoded_texts(qr::scan_file(image)?),
            image.display().to_string(),
        ),
        (None, None, true) => (
            decoded_texts(qr::scan_image(&screen::capture()?)),
            "the screen".to_owned(),
        ),
        (None, None, false) => match clipboard::read()? {
            Clipboard::Image(image) => (
                decoded_texts(qr::scan_image(&image)),
                "the copied picture".to_owned(),
            ),
            // Copied text: one link per line.
            Clipboard::Text(text) => (
                text.lines()
                    .map(str::to_owned)
                    .filter(|l| !l.trim().is_empty())
                    .collect(),
                String::new(),
            ),
            Clipboard::Empty => anyhow::bail!("the clipboard holds neither a picture nor text"),
        },
    };
    if texts.is_empty() {
        eprintln!("watchword: no QR code found in {source}");
        return Ok(ExitCode::from(1));
    }
    let found = Findings::from_texts(&texts);
    if found.accounts.is_empty() {
        // One line: why nothing could be added.
        anyhow::bail!("{}", found.problems.join("; "));
    }
    for problem in &found.problems {
        eprintln!("watchword: skipped: {problem}");
    }
    for missing in &found.missing {
        eprintln!("watchword: {missing}");
    }
    let mut vault = args.access.open()?;
    let fresh = found.new_accounts(vault.accounts());
    for candidate in found
        .preview(vault.accounts())
        .iter()
        .filter(|c| c.duplicate)
    {
        let label = match &candidate.issuer {
            Some(issuer) => format!("{issuer} ({})", candidate.name),
            None => candidate.name.clone(),
        };
        eprintln!("watchword: skipped: {label} is already in the vault");
    }
    for id in vault.add_many(fresh)? {
        println!("{id}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The text of each code found.
fn decoded_texts(found: Vec<qr::Found>) -> Vec<String> {
    found.into_iter().map(|f| f.text).collect()
}

/// Lists accounts without secrets.
pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let vault = args.access.open()?;
    let rows: Vec<Listed> = vault.accounts().iter().map(Listed::from).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if rows.is_empty() {
        println!("no accounts yet; add one with `watchword add URI`");
    } else {
        for account in vault.accounts() {
            println!(
                "{}  {:<5} {:<20} {}",
                &account.id[..8],
                account.otp.token.kind().type_name(),
                account.otp.issuer.as_deref().unwrap_or("-"),
                account.otp.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Removes an account.
pub fn remove(args: RemoveArgs) -> anyhow::Result<ExitCode> {
    let mut vault = args.access.open()?;
    let removed = vault.remove(&args.name_or_id)?;
    println!("removed {} [{}]", removed.label(), removed.id);
    Ok(ExitCode::SUCCESS)
}

/// Renames an account.
pub fn rename(args: RenameArgs) -> anyhow::Result<ExitCode> {
    let mut vault = args.access.open()?;
    let renamed = vault.rename(&args.name_or_id, args.issuer, args.new_name)?;
    println!("renamed to {} [{}]", renamed.label(), renamed.id);
    Ok(ExitCode::SUCCESS)
}

/// Advances an HOTP counter and prints the new code.
pub fn next(args: NextArgs) -> anyhow::Result<ExitCode> {
    let mut vault = args.access.open()?;
    println!("{}", vault.next_hotp(&args.name_or_id)?);
    Ok(ExitCode::SUCCESS)
}
