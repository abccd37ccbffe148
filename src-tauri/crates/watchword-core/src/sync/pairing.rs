//! The pairing code: what a second computer needs to join a sync group
//! without typing the sync passphrase, carried by a QR code the first
//! computer shows. It holds the group, the key costs and the derived key, not
//! the folder (each computer names its own copy of it):
//! `watchword-sync:pair?v=1&group=HEX&m=KIB&t=PASSES&p=LANES&key=HEX`.
//! It is a secret: shown only on demand, never logged; errors about it never
//! quote it.

use std::path::Path;

use zeroize::Zeroizing;

use super::device::{SyncConfig, SyncError, install, opens_group};
use crate::{KdfParams, Vault};

/// The URI scheme of pairing codes.
pub const SCHEME: &str = "watchword-sync:";
/// The pairing code format this version writes and reads.
pub const VERSION: u32 = 1;

/// A parsed pairing code. Its `Debug` leaves the key out.
pub struct Pairing {
    /// The group id (hex salt).
    pub group: String,
    /// The costs the group's key was derived with.
    pub kdf: KdfParams,
    key: Zeroizing<String>,
}

impl std::fmt::Debug for Pairing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pairing")
            .field("group", &self.group)
            .finish_non_exhaustive()
    }
}

/// Whether `text` looks like a pairing code (to pick it among the QR codes
/// on a screen).
pub fn is_pairing(text: &str) -> bool {
    text.trim()
        .get(..SCHEME.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(SCHEME))
}

/// The pairing code of `vault`'s sync group.
pub fn pairing_uri(vault: &Vault) -> Result<Zeroizing<String>, SyncError> {
    let config = SyncConfig::of(vault)?;
    let kdf = config.kdf;
    Ok(Zeroizing::new(format!(
        "{SCHEME}pair?v={VERSION}&group={}&m={}&t={}&p={}&key={}",
        config.group,
        kdf.memory_kib,
        kdf.iterations,
        kdf.parallelism,
        config.key_hex().as_str()
    )))
}

impl Pairing {
    /// Reads a pairing code; a code from a newer Watchword or one missing a
    /// part is refused by what is wrong (never by quoting it).
    pub fn parse(uri: &str) -> Result<Self, SyncError> {
        let bad = |why: &str| SyncError::Pairing(why.to_owned());
        let uri = uri.trim();
        if !is_pairing(uri) {
            return Err(bad("this is not a Watchword pairing code"));
        }
        let query = uri[SCHEME.len()..]
            .split_once('?')
            .map(|(_, q)| q)
            .ok_or_else(|| bad("the pairing code is incomplete"))?;
        let mut parts = std::collections::BTreeMap::new();
        for pair in query.split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                parts.insert(k, v);
            }
        }
        let number = |name: &str| -> Result<u32, SyncError> {
            parts
                .get(name)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| bad("the pairing code is incomplete"))
        };
        let version = number("v")?;
        if version > VERSION {
            return Err(bad(
                "the pairing code comes from a newer Watchword: update this one",
            ));
        }
        let hex = |name: &str, len: usize| -> Result<String, SyncError> {
            parts
                .get(name)
                .filter(|v| v.len() == len && crate::hex::decode(v).is_some())
                .map(|v| v.to_ascii_lowercase())
                .ok_or_else(|| bad("the pairing code is incomplete or damaged"))
        };
        let group = hex("group", 32)?;
        let key = Zeroizing::new(hex("key", 64)?);
        let kdf = KdfParams {
            memory_kib: number("m")?,
            iterations: number("t")?,
            parallelism: number("p")?,
        };
        kdf.check()
            .map_err(|_| bad("the pairing code asks for key costs Watchword does not accept"))?;
        Ok(Self { group, kdf, key })
    }
}

/// Joins the group of the pairing code `uri` through `folder` (this
/// computer's copy of the shared folder), keeping the key in the vault like
/// a passphrase setup does. When the folder already holds files of that
/// group, the key must open one of them (a stale code is refused).
pub fn join_by_uri(vault: &mut Vault, folder: &Path, uri: &str) -> Result<SyncConfig, SyncError> {
    let pairing = Pairing::parse(uri)?;
    let mut key = Zeroizing::new([0u8; 32]);
    let bytes = Zeroizing::new(crate::hex::decode(&pairing.key).unwrap_or_default());
    key.copy_from_slice(&bytes);
    crate::files::create_private_dir(folder).map_err(super::device::io("create", folder))?;
    if !opens_group(folder, &pairing.group, &key)? {
        return Err(SyncError::Pairing(
            "the pairing code does not open the sync files in that folder (an old code?)".into(),
        ));
    }
    install(vault, folder, pairing.group, pairing.kdf, key)
}
