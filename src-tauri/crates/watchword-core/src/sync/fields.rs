//! The fields sync merges one by one, each on its own clock. Adding a field
//! to the account is one line here: its name, how it reads as text (compared,
//! ordered, kept in history) and how it is copied from the winning side.

use sha2::{Digest, Sha256};

use crate::account::Account;

/// One field of an account as sync sees it.
pub struct Field {
    /// The key of its stamp in `Account::clocks`.
    pub name: &'static str,
    /// Its value as text: equal texts are equal values; the text orders equal
    /// stamps and is what the history keeps.
    pub value: fn(&Account) -> String,
    /// Sets the field of the first account from the second.
    pub copy: fn(&mut Account, &Account),
    /// Whether a losing value is kept in the history (never for the secret).
    pub kept: bool,
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A value as JSON text: equal values, equal texts.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("account fields serialize")
}

/// The token (kind without the counter, algorithm, digits, secret, extra
/// parameters) as a digest: compared without holding the secret as text.
fn token_digest(account: &Account) -> String {
    let token = &account.otp.token;
    let mut hash = Sha256::new();
    hash.update(token.kind().type_name());
    hash.update(token.kind().period().unwrap_or(0).to_be_bytes());
    hash.update(format!("{:?}", token.algorithm()));
    hash.update([token.digits()]);
    hash.update(token.secret().to_base32().as_bytes());
    for (key, value) in &account.otp.extra {
        hash.update(key);
        hash.update([0]);
        hash.update(value);
        hash.update([0]);
    }
    crate::hex::encode(&hash.finalize())
}

fn copy_token(to: &mut Account, from: &Account) {
    to.otp.token = from.otp.token.clone();
    to.otp.extra = from.otp.extra.clone();
}

/// Every field sync merges by last writer wins. (The HOTP counter is not one:
/// the highest counter wins.)
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    Field { name: "issuer", value: |a| text(&a.otp.issuer), copy: |t, f| t.otp.issuer = f.otp.issuer.clone(), kept: true },
    Field { name: "name", value: |a| a.otp.name.clone(), copy: |t, f| t.otp.name = f.otp.name.clone(), kept: true },
    Field { name: "token", value: token_digest, copy: copy_token, kept: false },
    Field { name: "groups", value: |a| json(&a.groups), copy: |t, f| t.groups = f.groups.clone(), kept: true },
    Field { name: "favourite", value: |a| json(&a.favourite), copy: |t, f| t.favourite = f.favourite, kept: true },
    Field { name: "note", value: |a| a.note.clone(), copy: |t, f| t.note = f.note.clone(), kept: true },
    Field { name: "icon", value: |a| json(&a.icon), copy: |t, f| t.icon = f.icon.clone(), kept: true },
    Field { name: "sort", value: |a| format!("{:010}", a.sort), copy: |t, f| t.sort = f.sort, kept: false },
];

/// The stamp key an undo (an account back after its deletion) sets, so the
/// account outlives the tombstone.
pub const ALIVE: &str = "alive";

/// The HOTP counter, if the account has one.
pub fn counter(account: &Account) -> Option<u64> {
    account.otp.token.kind().counter()
}

/// Sets the HOTP counter to at least `at_least`.
pub fn raise_counter(account: &mut Account, at_least: Option<u64>) {
    if let (Some(mine), Some(theirs)) = (counter(account), at_least)
        && theirs > mine
    {
        account.otp.token.set_counter(theirs);
    }
}
