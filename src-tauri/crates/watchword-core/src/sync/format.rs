//! The sync file: `WWSYNC\0\0`, format byte, header length (u32 LE), header
//! JSON, then `nonce ‖ AES-256-GCM(sync key, payload JSON) ‖ tag` with
//! everything before the nonce as associated data.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::stamp::Tombstones;
use crate::account::{Account, StoredAccount};
use crate::vault::KdfParams;
use crate::vault::crypto;

/// The first bytes of every sync file.
pub const MAGIC: &[u8; 8] = b"WWSYNC\0\0";
/// The format this version writes and reads.
pub const FORMAT: u8 = 1;
/// The most a header may take (a hostile length is refused before reading).
const MAX_HEADER: usize = 64 * 1024;

/// The readable part: what group (salt) and costs derive the key, and whose file it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The sync group's id (hex of the 16-byte Argon2id salt).
    pub group: String,
    /// Argon2id costs (bounded when read).
    pub kdf: KdfParams,
    /// The device that wrote it.
    pub device: String,
}

/// The encrypted part: one computer's accounts and deletions.
#[derive(Serialize, Deserialize)]
pub(crate) struct Payload {
    pub device: String,
    /// Unix seconds of the write.
    pub written: u64,
    pub accounts: Vec<StoredAccount>,
    #[serde(default)]
    pub tombstones: Tombstones,
}

/// Why a file in the sync folder was not read (each said with its reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Shorter than a header says, or cut off: a half-written or truncated copy.
    #[error("truncated (half-written or cut off)")]
    Truncated,
    /// Does not start like a sync file.
    #[error("not a Watchword sync file")]
    NotSync,
    /// A later Watchword wrote it.
    #[error("written by a newer Watchword (format {0}; this one reads {FORMAT})")]
    Newer(u8),
    /// The header does not parse.
    #[error("damaged header: {0}")]
    BadHeader(String),
    /// Another sync group: made with another passphrase.
    #[error("belongs to another sync group (another passphrase)")]
    OtherGroup,
    /// The tag does not check: another key, or altered.
    #[error("does not open with this sync key (another key, or altered)")]
    OtherKey,
    /// Authentic but unreadable (should not happen).
    #[error("damaged content: {0}")]
    Damaged(String),
    /// The header, the payload or the file name disagree on the device.
    #[error("names another device than its file name (renamed or altered)")]
    WrongDevice,
}

/// The file bytes for `accounts` and `tombstones` (usage counts left out).
pub(crate) fn seal(
    key: &[u8; 32],
    header: &Header,
    written: u64,
    accounts: &[Account],
    tombstones: &Tombstones,
) -> Vec<u8> {
    let payload = Payload {
        device: header.device.clone(),
        written,
        accounts: accounts.iter().map(sent).collect(),
        tombstones: tombstones.clone(),
    };
    let plaintext = Zeroizing::new(serde_json::to_vec(&payload).expect("payload serializes"));
    let mut bytes = header_bytes(header);
    let sealed = crypto::seal(key, &plaintext, &bytes);
    bytes.extend_from_slice(&sealed);
    bytes
}

/// An account as it is sent: without this computer's usage counts.
fn sent(account: &Account) -> StoredAccount {
    let mut account = account.clone();
    account.use_count = 0;
    account.last_used = None;
    StoredAccount::from(&account)
}

fn header_bytes(header: &Header) -> Vec<u8> {
    let json = serde_json::to_vec(header).expect("header serializes");
    let mut bytes = Vec::with_capacity(MAGIC.len() + 5 + json.len());
    bytes.extend_from_slice(MAGIC);
    bytes.push(FORMAT);
    bytes.extend_from_slice(&(json.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&json);
    bytes
}

/// The header and where the sealed part starts, without a key.
pub fn read_header(bytes: &[u8]) -> Result<(Header, usize), FileError> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) {
            FileError::Truncated
        } else {
            FileError::NotSync
        });
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(FileError::NotSync);
    }
    let rest = &bytes[MAGIC.len()..];
    let Some((&format, rest)) = rest.split_first() else {
        return Err(FileError::Truncated);
    };
    if format > FORMAT {
        return Err(FileError::Newer(format));
    }
    if format == 0 {
        return Err(FileError::BadHeader("format 0".into()));
    }
    let Some(length) = rest.get(..4) else {
        return Err(FileError::Truncated);
    };
    let length = u32::from_le_bytes(length.try_into().expect("four bytes")) as usize;
    if length > MAX_HEADER {
        return Err(FileError::BadHeader(format!("{length} bytes")));
    }
    let json = rest.get(4..4 + length).ok_or(FileError::Truncated)?;
    let header: Header =
        serde_json::from_slice(json).map_err(|e| FileError::BadHeader(e.to_string()))?;
    Ok((header, MAGIC.len() + 5 + length))
}

/// Opens a file with `key`; the caller checks the group first for a clearer reason.
pub(crate) fn open(bytes: &[u8], key: &[u8; 32]) -> Result<(Header, Payload), FileError> {
    let (header, start) = read_header(bytes)?;
    let sealed = &bytes[start..];
    if sealed.len() < crypto::NONCE_LEN + crypto::TAG_LEN {
        return Err(FileError::Truncated);
    }
    let plaintext = crypto::open(key, sealed, &bytes[..start]).ok_or(FileError::OtherKey)?;
    let payload: Payload =
        serde_json::from_slice(&plaintext).map_err(|e| FileError::Damaged(e.to_string()))?;
    if payload.device != header.device {
        return Err(FileError::WrongDevice);
    }
    Ok((header, payload))
}

/// The accounts of a payload, or why one does not make sense.
pub(crate) fn accounts(payload: Payload) -> Result<(Vec<Account>, Tombstones), FileError> {
    let accounts = payload
        .accounts
        .into_iter()
        .map(|stored| stored.into_account().map_err(FileError::Damaged))
        .collect::<Result<_, _>>()?;
    Ok((accounts, payload.tombstones))
}
