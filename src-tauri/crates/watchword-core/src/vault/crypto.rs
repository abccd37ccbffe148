//! AES-256-GCM sealing and Argon2id key derivation: the only two primitives the vault uses.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::import::crypto::{self as import_crypto, KdfError, Work};

/// A 256-bit key, wiped on drop.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// Length of an AES-GCM nonce.
pub(crate) const NONCE_LEN: usize = 12;
/// Length of an AES-GCM tag.
pub(crate) const TAG_LEN: usize = 16;

/// Fills a buffer from the operating system's CSPRNG.
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing is unrecoverable: refusing to run beats weak keys.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes
}

/// A fresh random key.
pub(crate) fn random_key() -> Key {
    Zeroizing::new(random::<32>())
}

/// Encrypts with a fresh nonce; output is `nonce || ciphertext || tag`.
pub(crate) fn seal(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    let nonce = random::<NONCE_LEN>();
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Decrypts `nonce || ciphertext || tag`; `None` when the key is wrong or
/// anything (data or associated data) was altered.
pub(crate) fn open(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    Aes256Gcm::new(key.into())
        .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
        .ok()
        .map(Zeroizing::new)
}

/// Argon2id cost parameters, stored in each passphrase slot so they can be
/// raised later without breaking old vaults. Read from a file, they are
/// bounded before anything is derived: a header asking for more than 1 GiB,
/// 10 passes or 16 lanes does not deserialize (the vault reports it as
/// damaged, naming the cost) — see [`KdfParams::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedKdfParams")]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 128 MiB, 5 passes, 1 lane: above every OWASP Argon2id option (the
    /// strongest listed is 46 MiB × 1 pass), tuned to about 0.5 s per unlock
    /// on the reference machine (`make bench`, README).
    fn default() -> Self {
        Self {
            memory_kib: 128 * 1024,
            iterations: 5,
            parallelism: 1,
        }
    }
}

/// `KdfParams` as the file has them, before [`KdfParams::check`].
#[derive(Deserialize)]
struct UncheckedKdfParams {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl TryFrom<UncheckedKdfParams> for KdfParams {
    type Error = KdfError;

    fn try_from(raw: UncheckedKdfParams) -> Result<Self, KdfError> {
        let params = KdfParams {
            memory_kib: raw.memory_kib,
            iterations: raw.iterations,
            parallelism: raw.parallelism,
        };
        params.check()?;
        Ok(params)
    }
}

impl KdfParams {
    /// Whether Watchword derives keys with these costs: at most 1 GiB,
    /// 10 passes and 16 lanes (the limits imports have, `import::Work`), so
    /// a hostile vault or backup file cannot make opening it take minutes
    /// or gigabytes. Checked before any derivation.
    pub fn check(&self) -> Result<(), KdfError> {
        Work::argon2id(self.memory_kib, self.iterations, self.parallelism).map(|_| ())
    }

    /// Derives a slot key from a passphrase, refusing (before allocating
    /// anything) costs over the limits or ones Argon2 refuses.
    pub(crate) fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<Key, KdfError> {
        import_crypto::argon2id(
            passphrase,
            salt,
            self.memory_kib,
            self.iterations,
            self.parallelism,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_tamper_detection() {
        let key = random_key();
        let sealed = seal(&key, b"accounts", b"header");
        assert_eq!(
            open(&key, &sealed, b"header").unwrap().as_slice(),
            b"accounts"
        );
        assert!(
            open(&key, &sealed, b"header!").is_none(),
            "associated data is bound"
        );
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(open(&key, &flipped, b"header").is_none());
        assert!(open(&random_key(), &sealed, b"header").is_none());
        assert!(open(&key, &sealed[..10], b"header").is_none());
        // Fresh nonce per seal.
        assert_ne!(seal(&key, b"accounts", b"header"), sealed);
    }

    #[test]
    fn derivation_depends_on_passphrase_salt_and_params() {
        let light = KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        let a = light.derive(b"pw", b"saltsaltsaltsalt").unwrap();
        assert_eq!(a, light.derive(b"pw", b"saltsaltsaltsalt").unwrap());
        assert_ne!(a, light.derive(b"pw2", b"saltsaltsaltsalt").unwrap());
        assert_ne!(a, light.derive(b"pw", b"saltsaltsaltsalu").unwrap());
        let heavier = KdfParams {
            iterations: 2,
            ..light
        };
        assert_ne!(a, heavier.derive(b"pw", b"saltsaltsaltsalt").unwrap());
        let hostile = KdfParams {
            memory_kib: u32::MAX,
            ..light
        };
        assert!(hostile.derive(b"pw", b"saltsaltsaltsalt").is_err());
    }

    #[test]
    fn hostile_import_files_vault_kdf_over_the_limits_is_refused_when_read() {
        let json = |m: u32, t: u32, p: u32| {
            format!(r#"{{"memory_kib":{m},"iterations":{t},"parallelism":{p}}}"#)
        };
        // 4 GiB × 64 passes: refused while parsing, naming the cost.
        let err = serde_json::from_str::<KdfParams>(&json(4 << 20, 64, 1)).unwrap_err();
        assert!(
            err.to_string()
                .contains("too much key-derivation work: Argon2id with 4096 MiB"),
            "{err}"
        );
        let hostile = KdfParams {
            memory_kib: 4 << 20,
            iterations: 64,
            parallelism: 1,
        };
        assert!(matches!(
            hostile.check(),
            Err(KdfError::TooMuchMemory {
                asked_mib: 4096,
                allowed_mib: 1024,
                ..
            })
        ));
        assert!(matches!(
            hostile.derive(b"pw", b"saltsaltsaltsalt"),
            Err(KdfError::TooMuchMemory { .. })
        ));
        for (m, t, p) in [(1 << 20, 11, 1), (1 << 20, 10, 17), (0, 1, 1), (1024, 0, 1)] {
            assert!(
                serde_json::from_str::<KdfParams>(&json(m, t, p)).is_err(),
                "{m} {t} {p}"
            );
        }
        // The defaults Watchword writes, and the largest accepted, read back.
        for params in [
            KdfParams::default(),
            KdfParams {
                memory_kib: 1 << 20,
                iterations: 10,
                parallelism: 16,
            },
        ] {
            let text = serde_json::to_string(&params).unwrap();
            assert_eq!(serde_json::from_str::<KdfParams>(&text).unwrap(), params);
        }
    }

    #[test]
    fn default_meets_owasp() {
        let d = KdfParams::default();
        // OWASP: m=47104 (46 MiB), t=1, p=1 is the strongest listed option.
        assert!(d.memory_kib >= 47_104 && d.iterations >= 1 && d.parallelism >= 1);
        assert_eq!(d.check(), Ok(()));
    }
}
