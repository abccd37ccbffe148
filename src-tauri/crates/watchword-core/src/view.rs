//! What the desktop window may see of an account: metadata and the current
//! code, never the secret.

use serde::Serialize;

use crate::account::Account;

/// One row of the account list, as sent to the webview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    /// Stable id, for later commands.
    pub id: String,
    /// `totp`, `hotp` or `steam`.
    pub r#type: &'static str,
    /// The service.
    pub issuer: Option<String>,
    /// The account at that service.
    pub name: String,
    /// The user's group.
    pub group: Option<String>,
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
            group: account.group.clone(),
            digits: token.digits(),
            period: token.kind().period(),
            counter: token.kind().counter(),
            code: token.code_at(unix_seconds).as_str().to_owned(),
            remaining: token.remaining_at(unix_seconds),
        }
    }
}
