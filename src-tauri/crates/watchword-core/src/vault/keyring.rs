//! Slot keys in the OS keyring (Secret Service, Keychain, Credential Manager).
//!
//! Every call runs on a helper thread with a deadline: a Secret Service that
//! waits on an unlock prompt nobody can answer must not freeze the app.

use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use super::crypto::Key;

/// The keyring service name all of Watchword's items use.
pub const SERVICE: &str = "app.watchword.vault";

/// How long a keyring call may take before it counts as unavailable.
const DEADLINE: Duration = Duration::from_secs(10);

/// Why the keyring could not be used. Messages carry no secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No keyring service answers (headless session, no Secret Service).
    #[error("the OS keyring is unavailable: {0}")]
    Unavailable(String),
    /// The keyring exists but is locked or refused access.
    #[error("the OS keyring is locked or refused access: {0}")]
    Locked(String),
    /// The vault's item is not in the keyring (deleted, or another user's keyring).
    #[error("the OS keyring holds no key for this vault")]
    Missing,
    /// The item exists but does not hold a key of the expected form.
    #[error("the OS keyring's item for this vault is damaged")]
    Damaged,
}

/// The keyring "user" of one slot: the vault and slot it belongs to.
fn user(vault_id: &str, slot_id: &str) -> String {
    format!("{vault_id}/{slot_id}")
}

fn classify(error: keyring::Error) -> KeyringError {
    use keyring::Error as E;
    match error {
        E::NoEntry => KeyringError::Missing,
        E::NoStorageAccess(platform) => KeyringError::Locked(platform.to_string()),
        E::PlatformFailure(platform) => KeyringError::Unavailable(platform.to_string()),
        E::NoDefaultStore => {
            KeyringError::Unavailable("no credential store could be opened".into())
        }
        // These carry raw item bytes: never format them.
        E::BadEncoding(_) | E::BadDataFormat(..) => KeyringError::Damaged,
        other => KeyringError::Unavailable(other.to_string()),
    }
}

/// Runs a keyring call on a helper thread, giving up after the deadline.
fn with_deadline<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(call());
    });
    receiver.recv_timeout(DEADLINE).unwrap_or_else(|_| {
        Err(KeyringError::Unavailable(format!(
            "no answer within {} s (is an unlock prompt waiting?)",
            DEADLINE.as_secs()
        )))
    })
}

/// Stores a slot key.
pub(crate) fn store(vault_id: &str, slot_id: &str, key: &Key) -> Result<(), KeyringError> {
    let encoded = Zeroizing::new(BASE64.encode(key.as_ref()));
    store_text(SERVICE, &user(vault_id, slot_id), encoded)
}

/// Reads a slot key back.
pub(crate) fn load(vault_id: &str, slot_id: &str) -> Result<Key, KeyringError> {
    let encoded = load_text(SERVICE, &user(vault_id, slot_id))?;
    let bytes = Zeroizing::new(
        BASE64
            .decode(encoded.as_bytes())
            .map_err(|_| KeyringError::Damaged)?,
    );
    let array: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| KeyringError::Damaged)?;
    Ok(Zeroizing::new(array))
}

/// Deletes a slot key; an item already gone is not an error.
pub(crate) fn delete(vault_id: &str, slot_id: &str) -> Result<(), KeyringError> {
    delete_entry(SERVICE, &user(vault_id, slot_id))
}

/// Stores a text secret under `service`/`user`, so other parts of Watchword (the PIN
/// providers' credentials) get the same deadline and error mapping as the vault's keys.
pub fn store_text(service: &str, user: &str, text: Zeroizing<String>) -> Result<(), KeyringError> {
    let (service, user) = (service.to_owned(), user.to_owned());
    with_deadline(move || {
        let entry = keyring::Entry::new(&service, &user).map_err(classify)?;
        entry.set_password(&text).map_err(classify)
    })
}

/// Reads a text secret stored by [`store_text`].
pub fn load_text(service: &str, user: &str) -> Result<Zeroizing<String>, KeyringError> {
    let (service, user) = (service.to_owned(), user.to_owned());
    with_deadline(move || {
        let entry = keyring::Entry::new(&service, &user).map_err(classify)?;
        Ok(Zeroizing::new(entry.get_password().map_err(classify)?))
    })
}

/// Deletes a keyring item; an item already gone is not an error.
pub fn delete_entry(service: &str, user: &str) -> Result<(), KeyringError> {
    let (service, user) = (service.to_owned(), user.to_owned());
    with_deadline(move || {
        let entry = keyring::Entry::new(&service, &user).map_err(classify)?;
        match entry.delete_credential().map_err(classify) {
            Ok(()) | Err(KeyringError::Missing) => Ok(()),
            Err(other) => Err(other),
        }
    })
}
