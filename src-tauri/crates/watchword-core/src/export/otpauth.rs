//! A plain list of `otpauth://` links, one a line: what nearly every
//! authenticator imports (and Watchword's `otpauth` importer reads back).

use zeroize::Zeroizing;

use crate::account::Account;

/// The links, each followed by a newline.
pub fn write(accounts: &[Account]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    for account in accounts {
        out.push_str(&account.otp.to_uri());
        out.push('\n');
    }
    out
}
