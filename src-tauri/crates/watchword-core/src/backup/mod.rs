//! Watchword's own encrypted backup file, and the automatic backups written
//! after vault changes.
//!
//! The file is self-describing JSON, so any future Watchword (or a short
//! script) can open it with only the passphrase:
//!
//! ```json
//! {"watchwordBackup":1,
//!  "kdf":{"algorithm":"argon2id","version":19,"memoryKib":131072,"iterations":5,"parallelism":1,"salt":"…"},
//!  "cipher":"aes-256-gcm","created":1700000000,"nonce":"…","ciphertext":"…"}
//! ```
//!
//! The key is Argon2id(passphrase, salt) with the parameters written in the
//! file; the payload is AES-256-GCM over the vault's own account JSON, with
//! every header field bound as associated data (altering the KDF
//! parameters, the salt or the date makes it fail to open).

pub mod auto;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::{Account, StoredAccount};
use crate::import::crypto::{Budget, KdfError};
use crate::vault::crypto::{self as vault_crypto, Key};
use crate::vault::{KdfParams, Passphrase};

/// The file format's version.
pub const VERSION: u32 = 1;

/// Why a backup could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// Not a Watchword backup at all.
    #[error("not a Watchword backup")]
    NotBackup,
    /// Written by a newer Watchword.
    #[error("backup format {0} is newer than this Watchword understands")]
    NewerFormat(u32),
    /// A header field is missing or out of range.
    #[error("damaged backup header: {0}")]
    Header(String),
    /// The passphrase does not open it (or the file was altered).
    #[error("wrong passphrase (or the backup was altered)")]
    WrongPassphrase,
    /// It opened but the accounts inside do not make sense.
    #[error("damaged backup content: {0}")]
    Content(String),
    /// An empty passphrase was given.
    #[error("the backup passphrase is empty")]
    EmptyPassphrase,
    /// The header asks Argon2 for more work than Watchword allows (or for
    /// costs it refuses); nothing was derived.
    #[error("{0}")]
    Kdf(#[from] KdfError),
}

/// A derived backup key: the Argon2id output plus the salt and parameters
/// the file must name so the passphrase alone opens it again. Deriving once
/// and keeping this (in the OS keyring) lets automatic backups skip the
/// half-second derivation on every vault change.
#[derive(Clone)]
pub struct BackupKey {
    kdf: KdfParams,
    salt: [u8; 16],
    key: Key,
}

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupKey")
            .field("kdf", &self.kdf)
            .finish_non_exhaustive()
    }
}

impl BackupKey {
    /// Derives a key from a passphrase with a fresh random salt.
    pub fn derive(passphrase: &Passphrase, kdf: KdfParams) -> Result<Self, BackupError> {
        if passphrase.is_empty() {
            return Err(BackupError::EmptyPassphrase);
        }
        let salt = vault_crypto::random::<16>();
        let key = kdf.derive(passphrase.bytes(), &salt)?;
        Ok(Self { kdf, salt, key })
    }

    /// The key as one opaque text (for the OS keyring); wipe it after use.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new(Vec::with_capacity(12 + 16 + 32));
        raw.extend_from_slice(&self.kdf.memory_kib.to_le_bytes());
        raw.extend_from_slice(&self.kdf.iterations.to_le_bytes());
        raw.extend_from_slice(&self.kdf.parallelism.to_le_bytes());
        raw.extend_from_slice(&self.salt);
        raw.extend_from_slice(self.key.as_ref());
        Zeroizing::new(BASE64.encode(raw.as_slice()))
    }

    /// Reads `to_text` back; `None` if it is not such a text.
    pub fn from_text(text: &str) -> Option<Self> {
        let raw = Zeroizing::new(BASE64.decode(text.trim().as_bytes()).ok()?);
        if raw.len() != 12 + 16 + 32 {
            return None;
        }
        let word = |at: usize| u32::from_le_bytes(raw[at..at + 4].try_into().expect("4 bytes"));
        let kdf = KdfParams {
            memory_kib: word(0),
            iterations: word(4),
            parallelism: word(8),
        };
        let salt: [u8; 16] = raw[12..28].try_into().ok()?;
        let key: [u8; 32] = raw[28..60].try_into().ok()?;
        Some(Self {
            kdf,
            salt,
            key: Zeroizing::new(key),
        })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    watchword_backup: u32,
    kdf: KdfHeader,
    cipher: String,
    created: u64,
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfHeader {
    algorithm: String,
    version: u32,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

/// Everything but the ciphertext and nonce, in a fixed text form: the
/// payload's associated data.
fn associated_data(header: &Header) -> Vec<u8> {
    let kdf = &header.kdf;
    format!(
        "watchword-backup/{}|{}/{}|m={},t={},p={}|salt={}|{}|created={}",
        header.watchword_backup,
        kdf.algorithm,
        kdf.version,
        kdf.memory_kib,
        kdf.iterations,
        kdf.parallelism,
        kdf.salt,
        header.cipher,
        header.created
    )
    .into_bytes()
}

#[derive(Serialize, Deserialize)]
struct Payload {
    accounts: Vec<StoredAccount>,
}

/// Writes a backup of `accounts` (every field: groups, notes, order, usage).
pub fn seal(accounts: &[Account], key: &BackupKey, created: u64) -> Vec<u8> {
    let payload = Payload {
        accounts: accounts.iter().map(StoredAccount::from).collect(),
    };
    let plaintext = Zeroizing::new(serde_json::to_vec(&payload).expect("accounts serialize"));
    drop(payload);
    let nonce = vault_crypto::random::<12>();
    let mut header = Header {
        watchword_backup: VERSION,
        kdf: KdfHeader {
            algorithm: "argon2id".into(),
            version: 19,
            memory_kib: key.kdf.memory_kib,
            iterations: key.kdf.iterations,
            parallelism: key.kdf.parallelism,
            salt: BASE64.encode(key.salt),
        },
        cipher: "aes-256-gcm".into(),
        created,
        nonce: BASE64.encode(nonce),
        ciphertext: String::new(),
    };
    let sealed =
        crate::import::crypto::gcm_seal(&key.key, &nonce, &plaintext, &associated_data(&header));
    header.ciphertext = BASE64.encode(sealed);
    let mut out = serde_json::to_vec_pretty(&header).expect("the header serializes");
    out.push(b'\n');
    out
}

/// Whether bytes look like a Watchword backup (without opening it).
pub fn is_backup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.windows(17).any(|w| w == b"\"watchwordBackup\"")
}

/// Opens a backup with its passphrase; the accounts as they were saved.
/// Argon2 costs over the limits (`KdfParams::check`) are refused before
/// anything is derived.
pub fn open(bytes: &[u8], passphrase: &Passphrase) -> Result<Vec<Account>, BackupError> {
    open_within(bytes, passphrase, &Budget::per_file())
}

/// `open`, its derivation drawn from an import's budget.
pub(crate) fn open_within(
    bytes: &[u8],
    passphrase: &Passphrase,
    budget: &Budget,
) -> Result<Vec<Account>, BackupError> {
    let header: Header = serde_json::from_slice(bytes).map_err(|_| BackupError::NotBackup)?;
    if header.watchword_backup > VERSION {
        return Err(BackupError::NewerFormat(header.watchword_backup));
    }
    let kdf = &header.kdf;
    if kdf.algorithm != "argon2id" || kdf.version != 19 || header.cipher != "aes-256-gcm" {
        return Err(BackupError::Header(format!(
            "unknown algorithms {}/{}",
            kdf.algorithm, header.cipher
        )));
    }
    let params = KdfParams {
        memory_kib: kdf.memory_kib,
        iterations: kdf.iterations,
        parallelism: kdf.parallelism,
    };
    params.check()?;
    let decode = |text: &str, what: &str| {
        BASE64
            .decode(text.as_bytes())
            .map_err(|_| BackupError::Header(format!("{what}: not base64")))
    };
    let salt = decode(&kdf.salt, "salt")?;
    let nonce = decode(&header.nonce, "nonce")?;
    let ciphertext = decode(&header.ciphertext, "ciphertext")?;
    let key = budget.argon2id(
        passphrase.bytes(),
        &salt,
        params.memory_kib,
        params.iterations,
        params.parallelism,
    )?;
    let plaintext = crate::import::crypto::gcm_open(
        key.as_ref(),
        &nonce,
        &ciphertext,
        &associated_data(&header),
    )
    .ok_or(BackupError::WrongPassphrase)?;
    let payload: Payload =
        serde_json::from_slice(&plaintext).map_err(|e| BackupError::Content(e.to_string()))?;
    payload
        .accounts
        .into_iter()
        .enumerate()
        .map(|(index, stored)| {
            stored
                .into_account()
                .map_err(|detail| BackupError::Content(format!("account {index}: {detail}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sealed (empty) backup whose header then claims other Argon2 costs.
    fn backup_claiming(memory_kib: u64, iterations: u64, parallelism: u64) -> Vec<u8> {
        let light = KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        let key = BackupKey::derive(&Passphrase::new("pw"), light).unwrap();
        let mut file: serde_json::Value = serde_json::from_slice(&seal(&[], &key, 0)).unwrap();
        file["kdf"]["memoryKib"] = memory_kib.into();
        file["kdf"]["iterations"] = iterations.into();
        file["kdf"]["parallelism"] = parallelism.into();
        serde_json::to_vec(&file).unwrap()
    }

    #[test]
    fn hostile_import_files_wwbackup_with_4_gib_64_passes_is_refused() {
        // Refused from the header alone: the test would run for minutes (and
        // touch 4 GiB) if the derivation ran.
        let bytes = backup_claiming(4 * 1024 * 1024, 64, 1);
        let err = open(&bytes, &Passphrase::new("pw")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("too much key-derivation work"),
            "{message}"
        );
        assert!(matches!(
            err,
            BackupError::Kdf(KdfError::TooMuchMemory {
                asked_mib: 4096,
                ..
            })
        ));
        // 11 passes or 17 lanes at an allowed memory: refused too.
        for (m, t, p) in [(1 << 20, 11, 1), (1 << 20, 10, 17)] {
            assert!(matches!(
                open(&backup_claiming(m, t, p), &Passphrase::new("pw")),
                Err(BackupError::Kdf(KdfError::TooManyRounds { .. }))
            ));
        }
    }

    #[test]
    fn backups_with_the_default_costs_still_open() {
        let pw = Passphrase::new("pw");
        let key = BackupKey::derive(&pw, KdfParams::default()).unwrap();
        assert!(open(&seal(&[], &key, 0), &pw).unwrap().is_empty());
        // A key for costs over the limits is refused before deriving.
        let hostile = KdfParams {
            memory_kib: 4 << 20,
            iterations: 64,
            parallelism: 1,
        };
        assert!(matches!(
            BackupKey::derive(&pw, hostile),
            Err(BackupError::Kdf(_))
        ));
    }
}
