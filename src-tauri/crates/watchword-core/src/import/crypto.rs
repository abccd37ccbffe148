//! The primitives other apps encrypt their exports with: PBKDF2, scrypt,
//! Argon2id, SHA-256-as-a-KDF, AES-GCM and AES-CBC. Every output is zeroizing.
//!
//! Every cost parameter from a file is bounded before any work is done, and
//! so is the sum: each file read gets one [`Budget`] of key-derivation work
//! (as much as one Argon2id derivation of 1 GiB × 10 passes) that all of its
//! derivations draw from, so neither one huge derivation nor a hundred
//! password slots can make an import run for hours or allocate gigabytes.
//! Watchword's own vault slots and backups are held to the same limits
//! (`Work::argon2id`).

use std::cell::Cell;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use sha2::Digest;
use zeroize::Zeroizing;

/// PBKDF2 iteration counts above this are refused (andOTP's own sanity limit).
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// Argon2 memory above 1 GiB is refused: no authenticator asks for more.
pub const MAX_ARGON2_MEMORY_KIB: u32 = 1 << 20;
/// Argon2 passes above this are refused.
pub const MAX_ARGON2_PASSES: u32 = 10;
/// Argon2 lanes above this are refused (Stratum uses 4, Watchword 1).
pub const MAX_ARGON2_LANES: u32 = 16;
/// scrypt memory (128 · N · r bytes) above 1 GiB is refused.
const MAX_SCRYPT_MEMORY: u128 = 1 << 30;
/// Password slots (Aegis) above this are refused: an export has one or two.
pub(crate) const MAX_PASSWORD_SLOTS: usize = 8;
/// scrypt work per KiB of its memory and per lane, in Argon2id KiB-passes:
/// measured 4.1 µs per KiB for scrypt (r = 8) against 1.2 µs per KiB-pass
/// for Argon2id, rounded up.
const SCRYPT_WORK_PER_KIB: u64 = 4;

/// An amount of key-derivation work, counted in Argon2id KiB-passes (one
/// pass over 1 KiB of memory, about a microsecond). scrypt counts
/// 4 per KiB of memory per lane (measured: it is that much slower per
/// byte), PBKDF2 one per iteration per output block (0.2–0.8 µs measured).
/// Shown in GiB-passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Work(u64);

/// The work one file may ask for in total: one Argon2id derivation of
/// 1 GiB × 10 passes (about 13 s on the reference machine). An Aegis slot
/// (scrypt 32 MiB) costs 1/80 of it, andOTP's PBKDF2 1/35, Stratum's
/// Argon2id 1/53.
pub const FILE_BUDGET: Work = Work(MAX_ARGON2_MEMORY_KIB as u64 * MAX_ARGON2_PASSES as u64);

impl std::fmt::Display for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} GiB-passes", self.0 as f64 / f64::from(1u32 << 20))
    }
}

/// Why a key derivation was refused before it ran. Messages name costs,
/// never a password or a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KdfError {
    /// One derivation would need more memory than any export asks for.
    #[error(
        "the file asks for too much key-derivation work: {algorithm} with {asked_mib} MiB of memory (at most {allowed_mib} MiB)"
    )]
    TooMuchMemory {
        /// "Argon2id", "scrypt".
        algorithm: &'static str,
        /// What the file asks for.
        asked_mib: u64,
        /// The limit.
        allowed_mib: u64,
    },
    /// One derivation would run too many passes or iterations.
    #[error(
        "the file asks for too much key-derivation work: {algorithm} with {asked} {unit} (at most {allowed})"
    )]
    TooManyRounds {
        /// "Argon2id", "PBKDF2", "scrypt".
        algorithm: &'static str,
        /// What the file asks for.
        asked: u64,
        /// The limit.
        allowed: u64,
        /// "passes", "iterations", "lanes".
        unit: &'static str,
    },
    /// The file's derivations together would exceed its budget.
    #[error(
        "the file asks for too much key-derivation work: {asked} in total (at most {allowed} per file, as much as Argon2id with 1 GiB × 10 passes)"
    )]
    OverBudget {
        /// Everything the file has asked for so far, this derivation included.
        asked: Work,
        /// The per-file budget.
        allowed: Work,
    },
    /// More password slots than any export has.
    #[error("the file has {count} password slots (at most {allowed} are tried)")]
    TooManySlots {
        /// Slots in the file.
        count: usize,
        /// The limit.
        allowed: usize,
    },
    /// Parameters the algorithm itself refuses (zero, not a power of two…).
    #[error("invalid {algorithm} parameters ({reason})")]
    Invalid {
        /// The algorithm.
        algorithm: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Saturating u128 → u64 for messages.
fn clamp(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

impl Work {
    /// No work: where sums start.
    pub(crate) const NONE: Work = Work(0);

    /// Both amounts together (saturating: a sum too large is still too large).
    pub(crate) fn plus(self, other: Work) -> Work {
        Work(self.0.saturating_add(other.0))
    }

    /// The cost of one Argon2id derivation (memory × passes), or why its
    /// parameters are refused: the limits vault slots, backups and imports
    /// share.
    pub fn argon2id(memory_kib: u32, passes: u32, lanes: u32) -> Result<Work, KdfError> {
        let invalid = |reason| KdfError::Invalid {
            algorithm: "Argon2id",
            reason,
        };
        let rounds = |asked: u32, allowed: u32, unit| KdfError::TooManyRounds {
            algorithm: "Argon2id",
            asked: asked.into(),
            allowed: allowed.into(),
            unit,
        };
        if memory_kib > MAX_ARGON2_MEMORY_KIB {
            return Err(KdfError::TooMuchMemory {
                algorithm: "Argon2id",
                asked_mib: u64::from(memory_kib) / 1024,
                allowed_mib: u64::from(MAX_ARGON2_MEMORY_KIB) / 1024,
            });
        }
        if passes > MAX_ARGON2_PASSES {
            return Err(rounds(passes, MAX_ARGON2_PASSES, "passes"));
        }
        if lanes > MAX_ARGON2_LANES {
            return Err(rounds(lanes, MAX_ARGON2_LANES, "lanes"));
        }
        if passes == 0 || lanes == 0 {
            return Err(invalid("zero passes or lanes"));
        }
        if memory_kib < 8 * lanes {
            return Err(invalid("less than 8 KiB of memory per lane"));
        }
        Ok(Work(u64::from(memory_kib) * u64::from(passes)))
    }

    /// The cost of one scrypt derivation, or why its parameters are refused.
    pub(crate) fn scrypt(n: u64, r: u32, p: u32) -> Result<Work, KdfError> {
        let invalid = |reason| KdfError::Invalid {
            algorithm: "scrypt",
            reason,
        };
        if n < 2 || !n.is_power_of_two() {
            return Err(invalid("N is not a power of two above 1"));
        }
        if r == 0 || p == 0 {
            return Err(invalid("r or p is zero"));
        }
        // scrypt's memory is 128 · r · N bytes; its p lanes run one after another.
        let memory = 128 * u128::from(r) * u128::from(n);
        if memory > MAX_SCRYPT_MEMORY {
            return Err(KdfError::TooMuchMemory {
                algorithm: "scrypt",
                asked_mib: clamp(memory >> 20),
                allowed_mib: clamp(MAX_SCRYPT_MEMORY >> 20),
            });
        }
        if r > 64 || p > 16 {
            return Err(KdfError::TooManyRounds {
                algorithm: "scrypt",
                asked: u64::from(r.max(p)),
                allowed: if r > 64 { 64 } else { 16 },
                unit: if r > 64 {
                    "block size (r)"
                } else {
                    "lanes (p)"
                },
            });
        }
        let kib = clamp(memory >> 10);
        Ok(Work(kib * SCRYPT_WORK_PER_KIB * u64::from(p)))
    }

    /// The cost of one PBKDF2 derivation of `length` bytes, or why it is refused.
    pub(crate) fn pbkdf2(prf: Prf, iterations: u32, length: usize) -> Result<Work, KdfError> {
        if iterations > MAX_PBKDF2_ITERATIONS {
            return Err(KdfError::TooManyRounds {
                algorithm: "PBKDF2",
                asked: iterations.into(),
                allowed: MAX_PBKDF2_ITERATIONS.into(),
                unit: "iterations",
            });
        }
        if iterations == 0 || length == 0 || length > 64 {
            return Err(KdfError::Invalid {
                algorithm: "PBKDF2",
                reason: "zero iterations or a key length outside 1–64 bytes",
            });
        }
        let block = match prf {
            Prf::Sha1 => 20,
            Prf::Sha256 => 32,
            Prf::Sha512 => 64,
        };
        let blocks = length.div_ceil(block) as u64;
        Ok(Work(u64::from(iterations) * blocks))
    }
}

/// The key-derivation work one file may still ask for. `import::read` makes
/// one per file and every importer derives its keys through it, so the
/// limit holds for the file as a whole, however many slots or entries it
/// has. Single-threaded by design (a file is read on one thread).
#[derive(Debug)]
pub(crate) struct Budget {
    /// Work not yet spent or set aside.
    left: Cell<u64>,
    /// Work set aside by `reserve` for derivations about to run.
    reserved: Cell<u64>,
}

impl Budget {
    /// A fresh budget: [`FILE_BUDGET`].
    pub(crate) fn per_file() -> Self {
        Self {
            left: Cell::new(FILE_BUDGET.0),
            reserved: Cell::new(0),
        }
    }

    /// Refuses a file with more password slots than any export has.
    pub(crate) fn check_slots(count: usize) -> Result<(), KdfError> {
        if count > MAX_PASSWORD_SLOTS {
            return Err(KdfError::TooManySlots {
                count,
                allowed: MAX_PASSWORD_SLOTS,
            });
        }
        Ok(())
    }

    /// Sets work aside for derivations that may follow (all of a file's
    /// password slots), so a file asking too much in total is refused before
    /// the first of them runs. Later derivations draw on it first.
    pub(crate) fn reserve(&self, work: Work) -> Result<(), KdfError> {
        self.take(work.0)?;
        self.reserved.set(self.reserved.get() + work.0);
        Ok(())
    }

    /// Takes `work` out of what is left, or refuses without taking anything.
    fn take(&self, work: u64) -> Result<(), KdfError> {
        let left = self.left.get();
        if work > left {
            let spent = FILE_BUDGET.0 - left;
            return Err(KdfError::OverBudget {
                asked: Work(spent.saturating_add(work)),
                allowed: FILE_BUDGET,
            });
        }
        self.left.set(left - work);
        Ok(())
    }

    /// Pays for one derivation: from the reserve first, then from what is left.
    fn draw(&self, work: Work) -> Result<(), KdfError> {
        let reserved = self.reserved.get();
        let from_reserve = reserved.min(work.0);
        self.take(work.0 - from_reserve)?;
        self.reserved.set(reserved - from_reserve);
        Ok(())
    }

    /// A PBKDF2 key of `length` bytes, paid for from the budget.
    pub(crate) fn pbkdf2(
        &self,
        prf: Prf,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
        length: usize,
    ) -> Result<Zeroizing<Vec<u8>>, KdfError> {
        self.draw(Work::pbkdf2(prf, iterations, length)?)?;
        let mut key = Zeroizing::new(vec![0u8; length]);
        match prf {
            Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut key),
            Prf::Sha256 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut key);
            }
            Prf::Sha512 => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut key);
            }
        }
        Ok(key)
    }

    /// A 32-byte scrypt key, paid for from the budget.
    pub(crate) fn scrypt(
        &self,
        password: &[u8],
        salt: &[u8],
        n: u64,
        r: u32,
        p: u32,
    ) -> Result<Zeroizing<[u8; 32]>, KdfError> {
        self.draw(Work::scrypt(n, r, p)?)?;
        let invalid = KdfError::Invalid {
            algorithm: "scrypt",
            reason: "refused by scrypt",
        };
        // Work::scrypt checked N is a power of two under 2^64.
        let log_n = n.trailing_zeros() as u8;
        let params = scrypt::Params::new(log_n, r, p, 32).map_err(|_| invalid.clone())?;
        let mut key = Zeroizing::new([0u8; 32]);
        scrypt::scrypt(password, salt, &params, key.as_mut()).map_err(|_| invalid)?;
        Ok(key)
    }

    /// A 32-byte Argon2id (version 0x13) key, paid for from the budget.
    pub(crate) fn argon2id(
        &self,
        password: &[u8],
        salt: &[u8],
        memory_kib: u32,
        passes: u32,
        lanes: u32,
    ) -> Result<Zeroizing<[u8; 32]>, KdfError> {
        self.draw(Work::argon2id(memory_kib, passes, lanes)?)?;
        let invalid = |reason| KdfError::Invalid {
            algorithm: "Argon2id",
            reason,
        };
        let params = argon2::Params::new(memory_kib, passes, lanes, Some(32))
            .map_err(|_| invalid("refused by Argon2"))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(password, salt, key.as_mut())
            .map_err(|_| invalid("salt or password length refused by Argon2"))?;
        Ok(key)
    }
}

/// One Argon2id derivation with a budget of its own: a vault slot or a
/// backup, where one file means one derivation. Same limits as imports.
pub(crate) fn argon2id(
    password: &[u8],
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
    lanes: u32,
) -> Result<Zeroizing<[u8; 32]>, KdfError> {
    Budget::per_file().argon2id(password, salt, memory_kib, passes, lanes)
}

/// The HMAC hash under PBKDF2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

/// One scrypt derivation with a budget of its own, for writing (Watchword's
/// Aegis export uses fixed, modest costs); `None` for refused parameters.
/// Importers derive through their file's [`Budget`] instead.
pub(crate) fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    Budget::per_file().scrypt(password, salt, n, r, p).ok()
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
        let budget = Budget::per_file();
        let key = budget
            .pbkdf2(Prf::Sha1, b"password", b"salt", 2, 20)
            .unwrap();
        assert_eq!(
            data_encoding::HEXLOWER.encode(&key),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
        assert!(budget.pbkdf2(Prf::Sha1, b"p", b"s", 0, 32).is_err());
        assert!(matches!(
            budget.pbkdf2(Prf::Sha1, b"p", b"s", MAX_PBKDF2_ITERATIONS + 1, 32),
            Err(KdfError::TooManyRounds { .. })
        ));
    }

    #[test]
    fn scrypt_refuses_hostile_parameters() {
        assert!(scrypt(b"p", b"s", 3, 8, 1).is_none(), "not a power of two");
        assert!(scrypt(b"p", b"s", 1 << 30, 8, 1).is_none(), "128 GiB");
        assert!(scrypt(b"p", b"s", 16, 0, 1).is_none());
        assert!(scrypt(b"p", b"s", 16, 1, 1).is_some());
        assert_eq!(
            Work::scrypt(1 << 30, 8, 1),
            Err(KdfError::TooMuchMemory {
                algorithm: "scrypt",
                asked_mib: 1 << 20,
                allowed_mib: 1024,
            })
        );
    }

    #[test]
    fn hostile_import_files_one_budget_covers_every_derivation_of_a_file() {
        // Costs in KiB-passes: Aegis's slot (scrypt 32 MiB) is 1/80 of the budget.
        assert_eq!(Work::scrypt(1 << 15, 8, 1), Ok(Work(FILE_BUDGET.0 / 80)));
        assert_eq!(Work::argon2id(1 << 20, 10, 1), Ok(FILE_BUDGET));
        assert_eq!(Work::pbkdf2(Prf::Sha1, 1000, 32), Ok(Work(2000)));
        assert_eq!(Work::pbkdf2(Prf::Sha512, 1000, 32), Ok(Work(1000)));
        // Reserving more than the budget is refused and takes nothing.
        let budget = Budget::per_file();
        let over = Work(FILE_BUDGET.0 + 1);
        assert_eq!(
            budget.reserve(over),
            Err(KdfError::OverBudget {
                asked: over,
                allowed: FILE_BUDGET,
            })
        );
        // A reserve is drawn on first: reserving three slots and deriving
        // one costs three slots, not four.
        let slot = Work::pbkdf2(Prf::Sha256, 1_000_000, 32).unwrap();
        budget.reserve(Work(slot.0 * 3)).unwrap();
        budget.pbkdf2(Prf::Sha256, b"p", b"s", 1, 32).unwrap();
        assert_eq!(budget.left.get(), FILE_BUDGET.0 - slot.0 * 3);
        // Derivations add up: once ten tenths are paid, a small one is refused.
        let budget = Budget::per_file();
        let tenth = Work(FILE_BUDGET.0 / 10);
        for _ in 0..10 {
            budget.draw(tenth).unwrap();
        }
        assert!(budget.reserve(Work(1)).is_err());
        let err = budget
            .pbkdf2(Prf::Sha256, b"p", b"s", 1000, 32)
            .unwrap_err();
        assert!(matches!(err, KdfError::OverBudget { .. }), "{err}");
        assert!(err.to_string().contains("too much key-derivation work"));
        assert_eq!(
            Budget::check_slots(9).unwrap_err().to_string(),
            "the file has 9 password slots (at most 8 are tried)"
        );
        assert!(Budget::check_slots(8).is_ok());
    }

    #[test]
    fn argon2_limits_are_the_budget_and_keep_the_defaults_working() {
        // Watchword's default (128 MiB, 5 passes, 1 lane) and Stratum's.
        assert!(Work::argon2id(128 * 1024, 5, 1).is_ok());
        assert!(Work::argon2id(64 * 1024, 3, 4).is_ok());
        let too_big = Work::argon2id(4 << 20, 64, 1).unwrap_err();
        assert!(matches!(
            too_big,
            KdfError::TooMuchMemory {
                asked_mib: 4096,
                ..
            }
        ));
        assert!(matches!(
            Work::argon2id(1 << 20, 11, 1),
            Err(KdfError::TooManyRounds { asked: 11, .. })
        ));
        assert!(matches!(
            Work::argon2id(1 << 20, 1, 17),
            Err(KdfError::TooManyRounds { unit: "lanes", .. })
        ));
        assert!(matches!(
            Work::argon2id(8, 1, 2),
            Err(KdfError::Invalid { .. })
        ));
        assert_eq!(FILE_BUDGET.to_string(), "10.00 GiB-passes");
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
