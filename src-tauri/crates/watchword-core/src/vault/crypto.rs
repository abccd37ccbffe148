//! AES-256-GCM sealing and Argon2id key derivation: the only two primitives the vault uses.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

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
/// raised later without breaking old vaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

impl KdfParams {
    /// Derives a slot key from a passphrase; `None` if the stored parameters
    /// are ones Argon2 refuses (a damaged or hostile slot).
    pub(crate) fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Option<Key> {
        // Refuse absurd costs from a hostile file before allocating for them.
        if self.memory_kib > 4 * 1024 * 1024 || self.iterations > 64 || self.parallelism > 16 {
            return None;
        }
        let params =
            argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
                .ok()?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase, salt, key.as_mut())
            .ok()?;
        Some(key)
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
        assert!(hostile.derive(b"pw", b"saltsaltsaltsalt").is_none());
    }

    #[test]
    fn default_meets_owasp() {
        let d = KdfParams::default();
        // OWASP: m=47104 (46 MiB), t=1, p=1 is the strongest listed option.
        assert!(d.memory_kib >= 47_104 && d.iterations >= 1 && d.parallelism >= 1);
    }
}
