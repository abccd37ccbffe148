//! The account list and what a row can do: copy, next HOTP code, edit, delete
//! and undo, reorder. Ids in; codes and metadata out, never secrets.

use std::time::Duration;

use serde::Serialize;
use watchword_core::clock::unix_now;
use watchword_core::{AccountEdit, AccountView, Vault};

use super::Session;
use crate::error::{CommandError, ErrorKind};

/// What the toast says after a copy.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Copied {
    /// Seconds until the clipboard is cleared, if it will be.
    pub clear_after: Option<u32>,
}

impl Session {
    /// Every account of `vault` as the list shows it, now.
    pub(crate) fn views(vault: &Vault) -> Result<Vec<AccountView>, CommandError> {
        let now = unix_now()?;
        Ok(vault
            .accounts()
            .iter()
            .map(|a| AccountView::at(a, now))
            .collect())
    }

    /// Every account with its current code, picking up the CLI's changes.
    pub(crate) fn list(&self) -> Result<Vec<AccountView>, CommandError> {
        let views = self.with_vault(|vault| Self::views(vault))?;
        self.trace("list_accounts");
        Ok(views)
    }

    /// Puts the account's current code on the clipboard, clears it later if it
    /// is still there, and counts the use (the list and the tray).
    pub(crate) fn copy(&self, id: &str) -> Result<Copied, CommandError> {
        let now = unix_now()?;
        let code = self.with_vault(|vault| Ok(vault.find(id)?.otp.token.code_at(now)))?;
        let seconds = self.settings().clipboard_clear_seconds;
        let clear_after = (seconds > 0).then_some(seconds);
        self.clipboard()?
            .copy_for(code, clear_after.map(|s| Duration::from_secs(s.into())))?;
        self.with_vault(|vault| Ok(vault.record_use(id)?))?;
        Ok(Copied { clear_after })
    }

    /// HOTP: advances the counter and returns the row with the new code.
    pub(crate) fn next_hotp(&self, id: &str) -> Result<AccountView, CommandError> {
        let now = unix_now()?;
        self.with_vault(|vault| {
            vault.next_hotp(id)?;
            Ok(AccountView::at(vault.find(id)?, now))
        })
    }

    /// Renames, regroups or annotates an account.
    pub(crate) fn edit(&self, id: &str, edit: AccountEdit) -> Result<AccountView, CommandError> {
        let now = unix_now()?;
        self.with_vault(|vault| Ok(AccountView::at(&vault.edit(id, edit)?, now)))
    }

    /// Deletes an account, keeping it in memory so the toast can undo it;
    /// returns how the toast names it.
    pub(crate) fn delete(&self, id: &str) -> Result<String, CommandError> {
        let removed = self.with_vault(|vault| Ok(vault.remove(id)?))?;
        let label = removed.label();
        *super::guard(&self.deleted) = Some(removed);
        Ok(label)
    }

    /// Puts the last deleted account back where it was.
    pub(crate) fn undo_delete(&self) -> Result<(), CommandError> {
        let removed = super::guard(&self.deleted).take().ok_or_else(|| {
            CommandError::new(ErrorKind::NothingToUndo, "There is nothing to undo.")
        })?;
        self.with_vault(|vault| Ok(vault.restore_account(removed)?))
    }

    /// The manual order after a drag.
    pub(crate) fn reorder(&self, ids: &[String]) -> Result<(), CommandError> {
        self.with_vault(|vault| Ok(vault.reorder(ids)?))
    }
}
