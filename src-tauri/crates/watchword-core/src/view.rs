//! What the desktop window may see of an account: metadata and the current
//! code, never the secret.

use serde::Serialize;

use crate::account::{Account, Icon, IconImage};

/// One row of the account list, as sent to the webview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// Stable id, for later commands.
    pub id: String,
    /// `totp`, `hotp` or `steam`.
    pub r#type: &'static str,
    /// The service.
    pub issuer: Option<String>,
    /// The account at that service.
    pub name: String,
    /// The user's groups, in order.
    pub groups: Vec<String>,
    /// Pinned to the top.
    pub favourite: bool,
    /// Code length.
    pub digits: u8,
    /// Seconds per code (TOTP/Steam).
    pub period: Option<u32>,
    /// Current counter (HOTP).
    pub counter: Option<u64>,
    /// The code to show now.
    pub code: String,
    /// Seconds until `code` changes (TOTP/Steam).
    pub remaining: Option<u64>,
    /// The code after `code` (TOTP/Steam), shown in a period's last seconds.
    pub next_code: Option<String>,
    /// The user's note.
    pub note: String,
    /// The icon to show; `None` shows the letter.
    pub icon: Option<IconView>,
    /// The icon is the user's own choice (the letter included), not automatic.
    pub icon_chosen: bool,
    /// Position in the manual order.
    pub sort: u32,
    /// Copies so far, for "most used".
    pub use_count: u64,
    /// When it was added (Unix seconds).
    pub created: u64,
    /// When a code was last used (Unix seconds).
    pub last_used: Option<u64>,
    /// Values that lost a sync conflict, newest first (the edit dialog
    /// offers them back).
    pub history: Vec<HistoryView>,
}

/// A value an account's field had before another computer's edit won.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryView {
    /// The field (`issuer`, `name`, `groups`, `note`, …).
    pub field: String,
    /// The value it had, as shown (JSON for values that are not text).
    pub value: String,
    /// When that value was set (Unix milliseconds).
    pub when: u64,
}

/// How the webview finds an icon: by name through the app's `wwicon:`
/// protocol, so a list of 500 rows carries no picture bytes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum IconView {
    /// A built-in brand icon, served as `wwicon://localhost/brand/{slug}`.
    Brand {
        /// The brand's slug.
        slug: String,
    },
    /// The account's own picture, served as `wwicon://localhost/account/{id}?v={version}`.
    Picture {
        /// Changes when the picture does, so the webview reloads it.
        version: String,
    },
}

impl IconView {
    /// What `icon` shows, `None` for the letter.
    pub fn of(icon: &Icon) -> Option<Self> {
        match &icon.image {
            IconImage::Brand { slug } => Some(IconView::Brand { slug: slug.clone() }),
            IconImage::Picture { bytes, .. } => {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                Some(IconView::Picture {
                    version: format!("{:016x}", hasher.finish()),
                })
            }
            IconImage::Letter => None,
        }
    }
}

impl AccountView {
    /// The row for `account` at `unix_seconds`.
    pub fn at(account: &Account, unix_seconds: u64) -> Self {
        let token = &account.otp.token;
        Self {
            id: account.id.clone(),
            r#type: token.kind().type_name(),
            issuer: account.otp.issuer.clone(),
            name: account.otp.name.clone(),
            groups: account.groups.clone(),
            favourite: account.favourite,
            digits: token.digits(),
            period: token.kind().period(),
            counter: token.kind().counter(),
            code: token.code_at(unix_seconds).as_str().to_owned(),
            remaining: token.remaining_at(unix_seconds),
            next_code: token
                .remaining_at(unix_seconds)
                .map(|r| token.code_at(unix_seconds + r).as_str().to_owned()),
            note: account.note.clone(),
            icon: crate::icons::shown(account).as_ref().and_then(IconView::of),
            icon_chosen: account.icon.as_ref().is_some_and(|i| i.chosen),
            sort: account.sort,
            use_count: account.use_count,
            created: account.created,
            last_used: account.last_used,
            history: {
                let mut history: Vec<HistoryView> = account
                    .history
                    .iter()
                    .map(|h| HistoryView {
                        field: h.field.clone(),
                        value: h.value.clone(),
                        when: h.stamp.t,
                    })
                    .collect();
                history.sort_by_key(|h| std::cmp::Reverse(h.when));
                history
            },
        }
    }
}

/// The accounts a quick menu (the tray) offers: favourites first, then most
/// used, then the user's order; accounts never used still fill the menu on a
/// fresh vault.
pub fn most_used(accounts: &[Account], count: usize) -> Vec<&Account> {
    let mut ranked: Vec<&Account> = accounts.iter().collect();
    ranked.sort_by_key(|a| (!a.favourite, std::cmp::Reverse(a.use_count), a.sort));
    ranked.truncate(count);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri::OtpAccount;

    #[test]
    fn most_used_ranks_by_use_then_by_manual_order() {
        let otp = OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
        let mut accounts: Vec<Account> = (0..4).map(|i| Account::new(otp.clone(), i, 0)).collect();
        accounts[2].use_count = 5;
        accounts[3].use_count = 1;
        let ranked: Vec<u32> = most_used(&accounts, 3).iter().map(|a| a.sort).collect();
        assert_eq!(ranked, [2, 3, 0]);
        assert!(most_used(&[], 5).is_empty());
        // A favourite comes first however little it was used.
        accounts[1].favourite = true;
        let ranked: Vec<u32> = most_used(&accounts, 3).iter().map(|a| a.sort).collect();
        assert_eq!(ranked, [1, 2, 3]);
    }

    #[test]
    fn the_history_is_shown_newest_first() {
        use crate::sync::stamp::{Stamp, Superseded};
        let otp = OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
        let mut account = Account::new(otp, 0, 0);
        assert!(AccountView::at(&account, 0).history.is_empty());
        for (value, t) in [("Old", 5), ("Older", 1), ("Newest", 9)] {
            account.history.push(Superseded {
                field: "issuer".into(),
                value: value.into(),
                stamp: Stamp { t, d: "x".into() },
            });
        }
        let shown: Vec<(String, u64)> = AccountView::at(&account, 0)
            .history
            .into_iter()
            .map(|h| (h.value, h.when))
            .collect();
        assert_eq!(
            shown,
            [("Newest".into(), 9), ("Old".into(), 5), ("Older".into(), 1)]
        );
    }

    #[test]
    fn the_next_code_is_the_code_of_the_next_period() {
        let otp =
            OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&period=30").unwrap();
        let account = Account::new(otp.clone(), 0, 0);
        let view = AccountView::at(&account, 1_000_000_009);
        assert_eq!(view.remaining, Some(11));
        assert_eq!(view.code, otp.token.code_at(1_000_000_009).as_str());
        assert_eq!(
            view.next_code.as_deref(),
            Some(otp.token.code_at(1_000_000_020).as_str())
        );
        assert_ne!(view.next_code.as_deref(), Some(view.code.as_str()));
        let hotp =
            OtpAccount::parse("otpauth://hotp/A:a?secret=JBSWY3DPEHPK3PXP&counter=3").unwrap();
        assert_eq!(
            AccountView::at(&Account::new(hotp, 0, 0), 5).next_code,
            None
        );
    }
}
