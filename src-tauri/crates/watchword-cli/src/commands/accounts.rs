//! Account commands over the vault: add, list, remove, rename, next.

use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use watchword_core::clipboard::{self, Clipboard};
use watchword_core::enroll::Findings;
use watchword_core::icons;
use watchword_core::{Account, AccountChanges, IconChoice, IconImage, qr, screen};

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

/// `watchword list [--group G] [--json]`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON (no secrets).
    #[arg(long)]
    json: bool,
    /// Only the accounts in this group (case-insensitive).
    #[arg(long, value_name = "G")]
    group: Option<String>,
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

/// `watchword edit NAME_OR_ID [--group G]... [--favourite|--no-favourite]
/// [--note TEXT] [--icon FILE|--icon-auto|--no-icon]`: only what is given changes.
#[derive(Debug, clap::Args)]
#[group(id = "icon_choice", multiple = false, args = ["icon", "icon_auto", "no_icon"])]
pub struct EditArgs {
    /// Id, unique id prefix, issuer, name or issuer:name.
    name_or_id: String,
    /// Its groups, replacing the ones it had (repeat for several; `--group ""` for none).
    #[arg(long, value_name = "G")]
    group: Vec<String>,
    /// Pin it to the top.
    #[arg(long, conflicts_with = "no_favourite")]
    favourite: bool,
    /// Unpin it.
    #[arg(long)]
    no_favourite: bool,
    /// Its note ("" removes it).
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Use this picture (PNG, JPEG or SVG) as its icon.
    #[arg(long, value_name = "FILE")]
    icon: Option<std::path::PathBuf>,
    /// Forget the chosen icon: the brand or icon pack picks one again.
    #[arg(long)]
    icon_auto: bool,
    /// Show the letter, whatever would match.
    #[arg(long)]
    no_icon: bool,
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
/// fields are those of `inspect --json` (no secret), plus its id, groups,
/// whether it is a favourite and what its icon is.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: &'a str,
    #[serde(flatten)]
    account: AccountJson,
    groups: &'a [String],
    favourite: bool,
    /// `letter`, `brand:SLUG`, or the picture's MIME type.
    icon: String,
}

impl<'a> From<&'a Account> for Listed<'a> {
    fn from(account: &'a Account) -> Self {
        Self {
            id: &account.id,
            account: AccountJson::new(&account.otp, false),
            groups: &account.groups,
            favourite: account.favourite,
            icon: match icons::shown(account).map(|i| i.image) {
                None | Some(IconImage::Letter) => "letter".to_owned(),
                Some(IconImage::Brand { slug }) => format!("brand:{slug}"),
                Some(IconImage::Picture { mime, .. }) => mime.as_str().to_owned(),
            },
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
    let wanted = args.group.as_deref().map(|g| g.trim().to_lowercase());
    let mut shown: Vec<&Account> = vault
        .accounts()
        .iter()
        .filter(|a| {
            wanted
                .as_ref()
                .is_none_or(|w| a.groups.iter().any(|g| g.to_lowercase() == *w))
        })
        .collect();
    // Favourites first, as in the window; then the user's order.
    shown.sort_by_key(|a| (!a.favourite, a.sort));
    let rows: Vec<Listed> = shown.iter().copied().map(Listed::from).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if rows.is_empty() && wanted.is_some() {
        println!("no account is in that group");
    } else if rows.is_empty() {
        println!("no accounts yet; add one with `watchword add URI`");
    } else {
        for account in shown {
            println!(
                "{}  {:<5} {:<20} {}{}{}",
                &account.id[..8],
                account.otp.token.kind().type_name(),
                account.otp.issuer.as_deref().unwrap_or("-"),
                account.otp.name,
                if account.favourite { "  ★" } else { "" },
                if account.groups.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", account.groups.join(", "))
                }
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

/// Changes an account's groups, favourite mark, note or icon.
pub fn edit(args: EditArgs) -> anyhow::Result<ExitCode> {
    let icon = match (&args.icon, args.icon_auto, args.no_icon) {
        (Some(file), _, _) => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let image = icons::from_file(&bytes)
                .with_context(|| format!("{} cannot be an icon", file.display()))?;
            Some(IconChoice::Image(image))
        }
        (None, true, _) => Some(IconChoice::Auto),
        (None, false, true) => Some(IconChoice::Letter),
        (None, false, false) => None,
    };
    let changes = AccountChanges {
        groups: (!args.group.is_empty()).then_some(args.group),
        favourite: match (args.favourite, args.no_favourite) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        note: args.note,
        icon,
    };
    if changes == AccountChanges::default() {
        anyhow::bail!(
            "nothing to change: give --group, --favourite, --no-favourite, --note, --icon, --icon-auto or --no-icon"
        );
    }
    let mut vault = args.access.open()?;
    let edited = vault.change_account(&args.name_or_id, changes)?;
    println!("edited {} [{}]", edited.label(), edited.id);
    Ok(ExitCode::SUCCESS)
}

/// Advances an HOTP counter and prints the new code.
pub fn next(args: NextArgs) -> anyhow::Result<ExitCode> {
    let mut vault = args.access.open()?;
    println!("{}", vault.next_hotp(&args.name_or_id)?);
    Ok(ExitCode::SUCCESS)
}
