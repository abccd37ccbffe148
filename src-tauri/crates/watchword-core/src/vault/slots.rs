//! Key slots: each one wraps the vault's master key under a key that comes
//! either from the OS keyring or from a passphrase through Argon2id.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::crypto::{self, KdfParams, Key};
use super::keyring::{self, KeyringError};

/// A passphrase, wiped from memory when dropped and never printed.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase; surrounding line breaks (from files) are removed.
    pub fn new(text: impl Into<String>) -> Self {
        let mut text = Zeroizing::new(text.into());
        while text.ends_with('\n') || text.ends_with('\r') {
            text.pop();
        }
        Self(text)
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// What kind of key a slot is opened with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum SlotKind {
    /// The slot key is an item in the OS keyring.
    Keyring,
    /// The slot key is derived from a passphrase.
    Passphrase {
        /// Argon2id costs used for this slot.
        kdf: KdfParams,
        /// Random salt, base64.
        salt: String,
    },
}

/// One way to unlock: the master key wrapped under a slot key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Slot {
    pub id: String,
    #[serde(flatten)]
    pub kind: SlotKind,
    /// `nonce || AES-GCM(slot key, master key) || tag`, base64.
    pub wrapped: String,
}

/// The associated data of a wrapped key: a slot cannot be moved to another vault.
fn slot_aad(vault_id: &str, slot_id: &str) -> Vec<u8> {
    format!("watchword-slot:{vault_id}:{slot_id}").into_bytes()
}

fn wrap(vault_id: &str, slot_id: &str, slot_key: &Key, master: &Key) -> String {
    BASE64.encode(crypto::seal(
        slot_key,
        master.as_ref(),
        &slot_aad(vault_id, slot_id),
    ))
}

impl Slot {
    /// A keyring slot: stores a fresh slot key in the keyring and wraps the master key.
    pub(crate) fn new_keyring(vault_id: &str, master: &Key) -> Result<Self, KeyringError> {
        let id = uuid::Uuid::new_v4().to_string();
        let slot_key = crypto::random_key();
        keyring::store(vault_id, &id, &slot_key)?;
        Ok(Self {
            wrapped: wrap(vault_id, &id, &slot_key, master),
            id,
            kind: SlotKind::Keyring,
        })
    }

    /// A passphrase slot with a fresh salt.
    pub(crate) fn new_passphrase(
        vault_id: &str,
        master: &Key,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Option<Self> {
        let id = uuid::Uuid::new_v4().to_string();
        let salt = crypto::random::<16>();
        let slot_key = kdf.derive(passphrase.bytes(), &salt).ok()?;
        Some(Self {
            wrapped: wrap(vault_id, &id, &slot_key, master),
            id,
            kind: SlotKind::Passphrase {
                kdf,
                salt: BASE64.encode(salt),
            },
        })
    }

    /// True for keyring slots.
    pub(crate) fn is_keyring(&self) -> bool {
        matches!(self.kind, SlotKind::Keyring)
    }

    /// Unwraps with a slot key; `None` if it does not fit.
    fn unwrap_with(&self, vault_id: &str, slot_key: &Key) -> Option<Key> {
        let sealed = BASE64.decode(&self.wrapped).ok()?;
        let master = crypto::open(slot_key, &sealed, &slot_aad(vault_id, &self.id))?;
        let array: [u8; 32] = master.as_slice().try_into().ok()?;
        Some(Zeroizing::new(array))
    }

    /// Opens a keyring slot through the keyring.
    pub(crate) fn open_with_keyring(&self, vault_id: &str) -> Result<Key, KeyringError> {
        let slot_key = keyring::load(vault_id, &self.id)?;
        self.unwrap_with(vault_id, &slot_key)
            .ok_or(KeyringError::Damaged)
    }

    /// Opens a passphrase slot; `None` for a wrong passphrase. (Costs over
    /// the limits never get here: such a slot does not deserialize.)
    pub(crate) fn open_with_passphrase(
        &self,
        vault_id: &str,
        passphrase: &Passphrase,
    ) -> Option<Key> {
        let SlotKind::Passphrase { kdf, salt } = &self.kind else {
            return None;
        };
        let salt = BASE64.decode(salt).ok()?;
        let slot_key = kdf.derive(passphrase.bytes(), &salt).ok()?;
        self.unwrap_with(vault_id, &slot_key)
    }

    /// Removes what the slot keeps outside the file (the keyring item).
    pub(crate) fn forget(&self, vault_id: &str) -> Result<(), KeyringError> {
        if self.is_keyring() {
            keyring::delete(vault_id, &self.id)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_import_files_vault_passphrase_slot_over_the_limits_is_refused_when_read() {
        let slot = |memory_kib: u32, iterations: u32| {
            format!(
                r#"{{"id":"s","kind":"passphrase","kdf":{{"memory_kib":{memory_kib},"iterations":{iterations},"parallelism":1}},"salt":"c2FsdHNhbHRzYWx0c2FsdA==","wrapped":"AAAA"}}"#
            )
        };
        let err = serde_json::from_str::<Slot>(&slot(4 << 20, 64)).unwrap_err();
        assert!(
            err.to_string().contains("too much key-derivation work"),
            "{err}"
        );
        // The default Watchword writes (128 MiB, 5 passes, 1 lane) reads.
        let read: Slot = serde_json::from_str(&slot(128 * 1024, 5)).unwrap();
        assert_eq!(
            read.kind,
            SlotKind::Passphrase {
                kdf: KdfParams::default(),
                salt: "c2FsdHNhbHRzYWx0c2FsdA==".into(),
            }
        );
    }
}
