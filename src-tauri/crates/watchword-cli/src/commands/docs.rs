//! `watchword generate-docs --out DIR` (hidden): the man pages, one per
//! command and subcommand (`watchword.1`, `watchword-add.1`,
//! `watchword-vault-init.1`, …), and bash, zsh and fish completions, made from
//! the grammar itself so packages never ship pages that disagree with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// Arguments of `watchword generate-docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write `man1/` and `completions/` into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Writes every page and completion script; prints each path.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    command.build();
    let man = args.out.join("man1");
    std::fs::create_dir_all(&man).with_context(|| format!("cannot create {}", man.display()))?;
    write_pages(&command, "watchword", &man)?;
    let completions = args.out.join("completions");
    std::fs::create_dir_all(&completions)
        .with_context(|| format!("cannot create {}", completions.display()))?;
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
    ] {
        let path = clap_complete::generate_to(shell, &mut command, "watchword", &completions)
            .with_context(|| format!("cannot write the {shell} completions"))?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The page of `command` (named `name`) and, below it, each visible subcommand's.
fn write_pages(command: &clap::Command, name: &str, folder: &Path) -> anyhow::Result<()> {
    // clap names are `&'static str`; this one-shot command may leak a few.
    let static_name: &'static str = Box::leak(name.to_owned().into_boxed_str());
    let page = command.clone().name(static_name);
    let mut text = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut text)
        .with_context(|| format!("cannot render the page of {name}"))?;
    let path = folder.join(format!("{name}.1"));
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("{}", path.display());
    // clap's own `help` subcommand only repeats the pages.
    let pages = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help");
    for sub in pages {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), folder)?;
    }
    Ok(())
}
