//! How CLI commands reach the vault: the folder, and the passphrase from a
//! file or the environment (never from an argument, which `ps` would show).

use std::path::PathBuf;

use anyhow::Context;
use watchword_core::{Passphrase, Unlock, Vault, VaultDir};

/// Passphrase options shared by every vault command.
#[derive(Debug, Clone, clap::Args)]
pub struct PassphraseArgs {
    /// Read the vault passphrase from this file (first line); else WATCHWORD_PASSPHRASE.
    #[arg(long, value_name = "FILE", global = true)]
    passphrase_file: Option<PathBuf>,
}

impl PassphraseArgs {
    /// The passphrase, if one was supplied.
    pub fn passphrase(&self) -> anyhow::Result<Option<Passphrase>> {
        read_passphrase(self.passphrase_file.as_ref(), "WATCHWORD_PASSPHRASE")
    }

    /// Keyring first, then the passphrase.
    pub fn unlock(&self) -> anyhow::Result<Unlock> {
        Ok(Unlock {
            keyring: true,
            passphrase: self.passphrase()?,
        })
    }

    /// Opens the vault in `WATCHWORD_DIR` (or the platform data folder).
    pub fn open(&self) -> anyhow::Result<Vault> {
        let vault = Vault::open(&VaultDir::from_env(), &self.unlock()?)?;
        if let Some(problem) = vault.keyring_problem() {
            eprintln!("watchword: note: {problem}; opened with the passphrase");
        }
        Ok(vault)
    }
}

/// A passphrase from `file`, else from the environment variable `variable`.
pub fn read_passphrase(
    file: Option<&PathBuf>,
    variable: &str,
) -> anyhow::Result<Option<Passphrase>> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the passphrase file {}", path.display()))?;
        let first = text.lines().next().unwrap_or("").to_owned();
        return Ok(Some(Passphrase::new(first)));
    }
    Ok(std::env::var(variable).ok().map(Passphrase::new))
}
