//! The vault file's layout.
//!
//! ```text
//! "WWVAULT\0"  format (1 byte)  header length (u32 LE)  header (JSON)  nonce+ciphertext+tag
//! └──────────────── associated data of the payload's AES-GCM ────────┘
//! ```
//! The header (vault id, generation, key slots) is readable without a key, so
//! the app can tell what unlocks a vault before asking; altering any byte of it
//! makes the payload fail to open.

use serde::{Deserialize, Serialize};

use super::slots::Slot;

const MAGIC: &[u8; 8] = b"WWVAULT\0";
const FORMAT: u8 = 1;
const PREAMBLE: usize = MAGIC.len() + 1 + 4;
/// A header larger than this is not one Watchword wrote.
const MAX_HEADER: usize = 1 << 20;

/// The clear part of the file: what unlocks it and which version it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Header {
    /// Random id, fixed for the vault's life; binds keyring items to it.
    pub vault_id: String,
    /// Incremented on every write; tells a reader the file changed.
    pub generation: u64,
    /// Ways to unwrap the master key.
    pub slots: Vec<Slot>,
}

/// Why bytes are not a readable vault file (before any key is tried).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Malformed {
    /// Does not start like a Watchword vault.
    Foreign,
    /// Starts like one but ends early.
    Truncated,
    /// Written by a newer Watchword.
    Version(u8),
    /// The header is not what Watchword writes.
    Header(String),
}

/// A parsed file: the header and what is needed to decrypt the payload.
pub(crate) struct Sealed {
    pub header: Header,
    /// Associated data: everything before the payload, exactly as stored.
    pub aad: Vec<u8>,
    pub payload: Vec<u8>,
}

/// Lays out a file from a header and an already sealed payload.
pub(crate) fn header_bytes(header: &Header) -> Vec<u8> {
    let json = serde_json::to_vec(header).expect("the header serializes");
    let mut out = Vec::with_capacity(PREAMBLE + json.len());
    out.extend_from_slice(MAGIC);
    out.push(FORMAT);
    out.extend_from_slice(
        &u32::try_from(json.len())
            .expect("header under 4 GiB")
            .to_le_bytes(),
    );
    out.extend_from_slice(&json);
    out
}

/// Splits file bytes into header, associated data and payload.
pub(crate) fn parse(bytes: &[u8]) -> Result<Sealed, Malformed> {
    let magic_seen = bytes.len().min(MAGIC.len());
    if bytes[..magic_seen] != MAGIC[..magic_seen] {
        return Err(Malformed::Foreign);
    }
    if bytes.len() < PREAMBLE {
        return Err(Malformed::Truncated);
    }
    if bytes[MAGIC.len()] != FORMAT {
        return Err(Malformed::Version(bytes[MAGIC.len()]));
    }
    let length = u32::from_le_bytes(bytes[9..13].try_into().expect("4 bytes")) as usize;
    if length > MAX_HEADER {
        return Err(Malformed::Header(format!(
            "header length {length} is implausible"
        )));
    }
    let end = PREAMBLE + length;
    if bytes.len() < end + super::crypto::NONCE_LEN + super::crypto::TAG_LEN {
        return Err(Malformed::Truncated);
    }
    let header: Header = serde_json::from_slice(&bytes[PREAMBLE..end])
        .map_err(|e| Malformed::Header(e.to_string()))?;
    Ok(Sealed {
        header,
        aad: bytes[..end].to_vec(),
        payload: bytes[end..].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            vault_id: "v".into(),
            generation: 7,
            slots: vec![],
        }
    }

    #[test]
    fn parse_recognises_foreign_truncated_and_newer_files() {
        let mut file = header_bytes(&header());
        file.extend_from_slice(&[0u8; 40]);
        let sealed = parse(&file).unwrap();
        assert_eq!(sealed.header, header());
        assert_eq!(sealed.payload.len(), 40);
        assert_eq!(parse(b"{\"db\":1}").err(), Some(Malformed::Foreign));
        assert_eq!(parse(b"").err(), Some(Malformed::Truncated));
        assert_eq!(parse(&file[..5]).err(), Some(Malformed::Truncated));
        assert_eq!(parse(&file[..20]).err(), Some(Malformed::Truncated));
        let mut newer = file.clone();
        newer[8] = 2;
        assert_eq!(parse(&newer).err(), Some(Malformed::Version(2)));
        let mut garbled = file.clone();
        garbled[14] = b'#';
        assert!(matches!(parse(&garbled), Err(Malformed::Header(_))));
    }
}
