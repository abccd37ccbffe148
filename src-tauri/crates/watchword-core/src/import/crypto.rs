//! The primitives other apps encrypt their exports with: PBKDF2, scrypt,
//! SHA-256-as-a-KDF, AES-GCM and AES-CBC. Every output is zeroizing; every
//! cost parameter from a file is bounded before any work is done, so a
//! hostile file cannot make an import run for hours or allocate gigabytes.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use sha2::Digest;
use zeroize::Zeroizing;

/// PBKDF2 iteration counts above this are refused (andOTP's own sanity limit).
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// The HMAC hash under PBKDF2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

/// A PBKDF2 key of `length` bytes; `None` for an absurd iteration count.
pub(crate) fn pbkdf2(
    prf: Prf,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    length: usize,
) -> Option<Zeroizing<Vec<u8>>> {
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS || length == 0 || length > 64 {
        return None;
    }
    let mut key = Zeroizing::new(vec![0u8; length]);
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut key),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut key),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut key),
    }
    Some(key)
}

/// A 32-byte scrypt key; `None` for parameters scrypt refuses or that would
/// need more than 1 GiB.
pub(crate) fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 || r > 64 || p > 16 {
        return None;
    }
    let log_n = u8::try_from(n.trailing_zeros()).ok()?;
    // scrypt's memory is 128 · r · n bytes (and p lanes run one after another).
    if 128u128 * u128::from(r) * u128::from(n) > 1 << 30 {
        return None;
    }
    let params = scrypt::Params::new(log_n, r, p, 32).ok()?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, key.as_mut()).ok()?;
    Some(key)
}

/// SHA-256 of the password: the (weak) key derivation some old formats use.
pub(crate) fn sha256(data: &[u8]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(sha2::Sha256::digest(data).into())
}

/// AES-256-GCM with a 12-byte nonce; `ciphertext` ends with the 16-byte tag.
/// `None` when the key is wrong or anything was altered.
pub(crate) fn gcm_open(
    key: &[u8],
    nonce: &[u8],
    ciphertext: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if key.len() != 32 || nonce.len() != 12 || ciphertext.len() < 16 {
        return None;
    }
    Aes256Gcm::new_from_slice(key)
        .ok()?
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-GCM sealing with a given nonce; the output ends with the tag.
pub(crate) fn gcm_seal(key: &[u8; 32], nonce: &[u8; 12], plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    Aes256Gcm::new(key.into())
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail")
}

/// AES-256-CBC with PKCS#7 padding; `None` when the padding does not check
/// out (almost always a wrong key).
pub(crate) fn cbc_open(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if key.len() != 32
        || iv.len() != 16
        || ciphertext.is_empty()
        || !ciphertext.len().is_multiple_of(16)
    {
        return None;
    }
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    decryptor
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .ok()
        .map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_matches_rfc_6070() {
        // RFC 6070, test vector 2: "password" / "salt", 2 iterations.
        let key = pbkdf2(Prf::Sha1, b"password", b"salt", 2, 20).unwrap();
        assert_eq!(
            data_encoding::HEXLOWER.encode(&key),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
        assert!(pbkdf2(Prf::Sha1, b"p", b"s", 0, 32).is_none());
        assert!(pbkdf2(Prf::Sha1, b"p", b"s", MAX_PBKDF2_ITERATIONS + 1, 32).is_none());
    }

    #[test]
    fn scrypt_refuses_hostile_parameters() {
        assert!(scrypt(b"p", b"s", 3, 8, 1).is_none(), "not a power of two");
        assert!(scrypt(b"p", b"s", 1 << 30, 8, 1).is_none(), "128 GiB");
        assert!(scrypt(b"p", b"s", 16, 0, 1).is_none());
        assert!(scrypt(b"p", b"s", 16, 1, 1).is_some());
    }

    #[test]
    fn gcm_and_cbc_refuse_wrong_keys_and_bad_shapes() {
        let key = [7u8; 32];
        let sealed = gcm_seal(&key, &[1; 12], b"hello", b"aad");
        assert_eq!(
            gcm_open(&key, &[1; 12], &sealed, b"aad")
                .unwrap()
                .as_slice(),
            b"hello"
        );
        assert!(gcm_open(&[8; 32], &[1; 12], &sealed, b"aad").is_none());
        assert!(gcm_open(&key, &[1; 11], &sealed, b"aad").is_none());
        assert!(cbc_open(&key, &[0; 16], &[1; 15]).is_none());
        assert!(cbc_open(&key, &[0; 16], &[]).is_none());
    }
}
