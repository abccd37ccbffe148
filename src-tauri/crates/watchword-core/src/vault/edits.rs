//! Changes to the accounts: add, remove, rename, edit, undo, reorder, usage, HOTP.

use super::error::VaultError;
use super::{Keep, Secrets, Vault};
use crate::account::{self, Account, Icon, IconImage, NewAccount};
use crate::icons::packs::{self, IconPack};
use crate::token::{Code, Kind};
use crate::uri::OtpAccount;

/// What the edit dialog changes: names and organisation, never the token.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AccountEdit {
    /// The service ("" for none).
    pub issuer: String,
    /// The account at that service.
    pub name: String,
    /// The groups, in order (blank ones and repeats are dropped).
    pub groups: Vec<String>,
    /// Pinned to the top.
    pub favourite: bool,
    /// Free text.
    pub note: String,
}

/// The icon a user asks for (the edit dialog's picker, `watchword edit --icon…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IconChoice {
    /// Forget any choice: the automatic icon (brand, icon pack) shows again.
    Auto,
    /// This picture or brand, over any automatic one.
    Image(IconImage),
    /// The letter, over any automatic icon.
    Letter,
}

/// Some of an account's organisation, each `None` left as it is (`watchword edit`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountChanges {
    /// New groups (replacing the old ones).
    pub groups: Option<Vec<String>>,
    /// Favourite or not.
    pub favourite: Option<bool>,
    /// New note.
    pub note: Option<String>,
    /// New icon.
    pub icon: Option<IconChoice>,
}

impl IconChoice {
    /// The icon an account keeps for this choice.
    fn into_icon(self) -> Option<Icon> {
        match self {
            IconChoice::Auto => None,
            IconChoice::Image(image) => Some(Icon::chosen(image)),
            IconChoice::Letter => Some(Icon::chosen(IconImage::Letter)),
        }
    }
}

impl Vault {
    /// Adds an account and returns its id.
    pub fn add(&mut self, otp: OtpAccount) -> Result<String, VaultError> {
        let now = self.clock.now();
        self.change(|accounts, _, secrets| {
            let sort = accounts.iter().map(|a| a.sort + 1).max().unwrap_or(0);
            let mut account = Account::new(otp, sort, now);
            packs::assign(std::slice::from_mut(&mut account), &stored_packs(secrets));
            let id = account.id.clone();
            accounts.push(account);
            Ok(id)
        })
    }

    /// Adds many accounts in one write (imports, benchmarks).
    pub fn add_many(&mut self, otps: Vec<OtpAccount>) -> Result<Vec<String>, VaultError> {
        self.add_new(otps.into_iter().map(NewAccount::from).collect())
    }

    /// Adds many accounts with their groups and notes in one write (imports).
    pub fn add_new(&mut self, news: Vec<NewAccount>) -> Result<Vec<String>, VaultError> {
        let now = self.clock.now();
        self.change(|accounts, _, secrets| {
            let packs = stored_packs(secrets);
            let first = accounts.iter().map(|a| a.sort + 1).max().unwrap_or(0);
            let mut ids = Vec::with_capacity(news.len());
            for (sort, new) in (first..).zip(news) {
                let mut account = Account::new(new.otp, sort, now);
                account.groups = account::clean_groups(new.groups);
                account.note = new.note;
                account.icon = new.icon;
                account.favourite = new.favourite;
                packs::assign(std::slice::from_mut(&mut account), &packs);
                ids.push(account.id.clone());
                accounts.push(account);
            }
            Ok(ids)
        })
    }

    /// Removes an account; returns it (for undo).
    pub fn remove(&mut self, query: &str) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            Ok(accounts.remove(index))
        })
    }

    /// Renames an account (`issuer: None` keeps the current issuer).
    pub fn rename(
        &mut self,
        query: &str,
        issuer: Option<String>,
        name: String,
    ) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            if let Some(issuer) = issuer {
                account.otp.issuer = Some(issuer).filter(|i| !i.trim().is_empty());
            }
            account.otp.name = name;
            Ok(account.clone())
        })
    }

    /// Changes what the user organises an account by; the token stays as it is.
    pub fn edit(&mut self, query: &str, edit: AccountEdit) -> Result<Account, VaultError> {
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            account.otp.issuer = Some(edit.issuer.trim().to_owned()).filter(|i| !i.is_empty());
            account.otp.name = edit.name.trim().to_owned();
            account.groups = account::clean_groups(edit.groups);
            account.favourite = edit.favourite;
            account.note = edit.note;
            Ok(account.clone())
        })
    }

    /// Changes only what `changes` names (the CLI's `edit`); the token stays.
    pub fn change_account(
        &mut self,
        query: &str,
        changes: AccountChanges,
    ) -> Result<Account, VaultError> {
        self.change(|accounts, _, secrets| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            if let Some(groups) = changes.groups {
                account.groups = account::clean_groups(groups);
            }
            if let Some(favourite) = changes.favourite {
                account.favourite = favourite;
            }
            if let Some(note) = changes.note {
                account.note = note;
            }
            if let Some(icon) = changes.icon {
                account.icon = icon.into_icon();
                packs::assign(std::slice::from_mut(account), &stored_packs(secrets));
            }
            Ok(account.clone())
        })
    }

    /// Keeps an icon pack in the vault (replacing an older version of the
    /// same pack) and gives accounts without a chosen icon its suggestions;
    /// returns how many accounts got a new icon.
    pub fn add_icon_pack(&mut self, pack: &IconPack) -> Result<usize, VaultError> {
        let json = serde_json::to_string(pack).expect("an icon pack serializes");
        self.change(|accounts, _, secrets| {
            secrets.insert(
                format!("{}{}", packs::SECRET_PREFIX, pack.uuid),
                zeroize::Zeroizing::new(json),
            );
            Ok(packs::assign(accounts, &stored_packs(secrets)))
        })
    }

    /// The icon packs kept in the vault.
    pub fn icon_packs(&self) -> Vec<IconPack> {
        stored_packs(&self.secrets)
    }

    /// Puts a removed account back as it was (undo), unless it is back already.
    pub fn restore_account(&mut self, removed: Account) -> Result<(), VaultError> {
        self.change(|accounts, _, _| {
            if !accounts.iter().any(|a| a.id == removed.id) {
                let at = accounts
                    .iter()
                    .position(|a| a.sort > removed.sort)
                    .unwrap_or(accounts.len());
                accounts.insert(at, removed);
            }
            Ok(())
        })
    }

    /// The manual order: `ids` first, in that order; any others keep theirs after.
    pub fn reorder(&mut self, ids: &[String]) -> Result<(), VaultError> {
        self.change(|accounts, _, _| {
            let rank = |a: &Account| ids.iter().position(|id| *id == a.id).unwrap_or(usize::MAX);
            accounts.sort_by_key(|a| (rank(a), a.sort));
            for (sort, account) in (0..).zip(accounts.iter_mut()) {
                account.sort = sort;
            }
            Ok(())
        })
    }

    /// Counts a copy for "most used". Not worth a backup: usage is no content.
    pub fn record_use(&mut self, query: &str) -> Result<(), VaultError> {
        let now = self.clock.now();
        self.change_with(Keep::NoBackup, |accounts, _, _| {
            let index = account::position(accounts, query)?;
            accounts[index].use_count += 1;
            accounts[index].last_used = Some(now);
            Ok(())
        })
    }

    /// HOTP: advances the counter and returns the code at the new counter.
    pub fn next_hotp(&mut self, query: &str) -> Result<Code, VaultError> {
        let now = self.clock.now();
        self.change(|accounts, _, _| {
            let index = account::position(accounts, query)?;
            let account = &mut accounts[index];
            let Kind::Hotp { counter } = account.otp.token.kind() else {
                return Err(VaultError::NotHotp(account.label()));
            };
            account.otp.token.set_counter(counter.wrapping_add(1));
            account.use_count += 1;
            account.last_used = Some(now);
            Ok(account.otp.token.code_at(0))
        })
    }
}

/// The icon packs among the vault's named secrets.
fn stored_packs(secrets: &Secrets) -> Vec<IconPack> {
    packs::stored(secrets.iter())
}
