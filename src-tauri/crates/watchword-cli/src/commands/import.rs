//! `watchword import FILE [--format F] [--password-file P] [--yes]`: another
//! app's export into the vault. Without `--yes` it only shows what would
//! happen; nothing is written until confirmed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use watchword_core::Passphrase;
use watchword_core::import::{self, Encryption, Format, FormatInfo, ImportError};

use super::access::{PassphraseArgs, read_passphrase};

/// Arguments of `watchword import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The export file (or a picture of Google Authenticator export codes).
    file: PathBuf,
    /// The file's format, or `auto` to recognise it from its content.
    #[arg(long, default_value = "auto", value_parser = FormatParser::registry(), value_name = "FORMAT")]
    format: FormatChoice,
    /// Read the export's password from this file (first line); else WATCHWORD_IMPORT_PASSWORD.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Add the new accounts; without it nothing is written.
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    access: PassphraseArgs,
}

/// `--format`: a named format, or `None` for auto-detection.
#[derive(Debug, Clone, Copy)]
struct FormatChoice(Option<Format>);

/// `--format`'s parser. Its values, and so the help and the error text,
/// come from the core's format registry: a format added there is offered
/// here without an edit.
#[derive(Debug, Clone)]
struct FormatParser {
    formats: Vec<FormatInfo>,
}

impl FormatParser {
    /// The parser for every format the core imports.
    fn registry() -> Self {
        FormatParser {
            formats: import::formats(),
        }
    }
}

impl clap::builder::TypedValueParser for FormatParser {
    type Value = FormatChoice;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<FormatChoice, clap::Error> {
        // A closure parser: clap words the error around our text.
        let formats = self.formats.clone();
        let parse = move |text: &str| parse_format(&formats, text);
        clap::builder::TypedValueParser::parse_ref(&parse, cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let auto = clap::builder::PossibleValue::new("auto").help("recognise it from its content");
        let named = self.formats.iter().map(|f| {
            let note = match f.encryption {
                Encryption::None => "",
                Encryption::Optional => " (plain or encrypted)",
                Encryption::Required => " (encrypted)",
            };
            clap::builder::PossibleValue::new(f.name).help(format!("{}{note}", f.title))
        });
        Some(Box::new(std::iter::once(auto).chain(named)))
    }
}

/// `auto` or one of the format names (case-insensitive).
fn parse_format(formats: &[FormatInfo], text: &str) -> Result<FormatChoice, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(FormatChoice(None));
    }
    Format::from_name(text)
        .map(|f| FormatChoice(Some(f)))
        .ok_or_else(|| {
            let names: Vec<&str> = formats.iter().map(|f| f.name).collect();
            format!("unknown format {text:?} (auto, {})", names.join(", "))
        })
}

/// Reads the file, prints the preview or adds the new accounts, and the summary.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let password: Option<Passphrase> =
        read_passphrase(args.password_file.as_ref(), "WATCHWORD_IMPORT_PASSWORD")
            .context("cannot read the export's password")?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported =
        import::read(&bytes, &name, args.format.0, password.as_ref()).map_err(|e| match e {
            ImportError::PasswordRequired(_) => {
                anyhow::anyhow!("{e} (--password-file or WATCHWORD_IMPORT_PASSWORD)")
            }
            ImportError::WrongPassword(_) => anyhow::anyhow!("{e}"),
            other => anyhow::anyhow!("{}: {other}", args.file.display()),
        })?;
    let format = imported.format;
    let mut vault = args.access.open()?;
    let preview = import::preview(vault.accounts(), imported);
    let (new, duplicates, rejected) = (
        preview.new.len(),
        preview.duplicates.len(),
        preview.rejected.len(),
    );
    let verb = if args.yes { "imported" } else { "would import" };
    for account in &preview.new {
        println!("{verb}: {}", label(&account.otp));
    }
    for account in &preview.duplicates {
        println!("skipped (already in the vault): {}", label(&account.otp));
    }
    for entry in &preview.rejected {
        println!("rejected: {}: {}", entry.label, entry.reason);
    }
    if args.yes {
        import::add_new(&mut vault, preview)?;
        println!(
            "{} file: {new} imported, {duplicates} duplicates skipped, {rejected} rejected",
            format.title()
        );
    } else {
        println!(
            "{} file: {new} to import, {duplicates} duplicates to skip, {rejected} rejected; nothing written (add --yes to import)",
            format.title()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn label(otp: &watchword_core::OtpAccount) -> String {
    match &otp.issuer {
        Some(issuer) if !otp.name.is_empty() => format!("{issuer} ({})", otp.name),
        Some(issuer) => issuer.clone(),
        None => otp.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use clap::{Args as _, Command};

    use super::*;

    fn help(command: Command) -> String {
        command.term_width(200).render_long_help().to_string()
    }

    #[test]
    fn the_help_lists_every_registered_format() {
        let help = help(Args::augment_args(Command::new("import")));
        for format in import::formats() {
            assert!(
                help.contains(format.name),
                "{} missing:\n{help}",
                format.name
            );
            assert!(
                help.contains(format.title),
                "{} missing:\n{help}",
                format.title
            );
        }
        assert!(help.contains("auto"), "{help}");
    }

    #[test]
    fn a_format_added_to_the_registry_shows_up_in_help_and_errors() {
        let mut formats = import::formats();
        formats.push(FormatInfo {
            name: "new-app",
            title: "New App",
            encryption: Encryption::Optional,
        });
        let parser = FormatParser { formats };
        let arg = || {
            clap::Arg::new("format")
                .long("format")
                .value_parser(parser.clone())
        };
        let help = help(Command::new("import").arg(arg()));
        assert!(help.contains("new-app"), "{help}");
        assert!(help.contains("New App (plain or encrypted)"), "{help}");
        let err = Command::new("import")
            .arg(arg())
            .try_get_matches_from(["import", "--format", "nope"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown format \"nope\""), "{err}");
        assert!(err.contains("new-app"), "{err}");
    }

    #[test]
    fn names_parse_case_insensitively_and_auto_detects() {
        let formats = import::formats();
        assert!(parse_format(&formats, "AUTO").unwrap().0.is_none());
        assert_eq!(
            parse_format(&formats, "2FAS").unwrap().0.map(Format::name),
            Some("2fas")
        );
    }
}
