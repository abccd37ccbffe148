//! PINs and identifiers from the operating system's CSPRNG (getrandom), unbiased by
//! rejection sampling, and compared in constant time.

use std::collections::HashSet;

use subtle::ConstantTimeEq;

/// The alphabets the providers offer for PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinKind {
    /// `0-9`.
    Numeric,
    /// `A-Z`.
    Alpha,
    /// `0-9A-F`.
    Hex,
    /// `0-9A-Z`.
    Alphanumeric,
}

impl PinKind {
    fn alphabet(self) -> &'static [u8] {
        match self {
            PinKind::Numeric => b"0123456789",
            PinKind::Alpha => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            PinKind::Hex => b"0123456789ABCDEF",
            PinKind::Alphanumeric => b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        }
    }

    /// How many distinct PINs of `len` characters exist (saturating).
    pub fn space(self, len: usize) -> u128 {
        let n = self.alphabet().len() as u128;
        (0..len).fold(1u128, |acc, _| acc.saturating_mul(n))
    }
}

/// Random bytes from the OS; the sandbox cannot run without them.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS RNG failing is unrecoverable and never happens on supported platforms.
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf
}

/// A uniformly random index below `n` (n ≤ 256), by rejection sampling.
fn random_below(n: usize) -> usize {
    let limit = 256 - (256 % n);
    loop {
        let [b] = random_bytes::<1>();
        if usize::from(b) < limit {
            return usize::from(b) % n;
        }
    }
}

/// A random PIN of `len` characters from `kind`'s alphabet.
pub fn generate(kind: PinKind, len: usize) -> String {
    let alphabet = kind.alphabet();
    (0..len)
        .map(|_| char::from(alphabet[random_below(alphabet.len())]))
        .collect()
}

/// A random PIN that is none of `outstanding` (the recipient's PINs still valid), or
/// `None` when the space is (nearly) used up.
pub fn generate_unique(kind: PinKind, len: usize, outstanding: &HashSet<String>) -> Option<String> {
    if kind.space(len) <= outstanding.len() as u128 {
        return None;
    }
    (0..1000)
        .map(|_| generate(kind, len))
        .find(|pin| !outstanding.contains(pin))
}

/// A random decimal string of `len` digits (flash call numbers, order ids).
pub fn digits(len: usize) -> String {
    generate(PinKind::Numeric, len)
}

/// 32 lowercase hex characters (128 random bits): Sinch verification ids, sandbox ids.
pub fn hex_id_lower() -> String {
    data_encoding::HEXLOWER.encode(&random_bytes::<16>())
}

/// 32 uppercase hex characters (128 random bits): Infobip pinId, applicationId, messageId.
pub fn hex_id_upper() -> String {
    data_encoding::HEXUPPER.encode(&random_bytes::<16>())
}

/// An opaque bearer token (256 random bits, base64url without padding).
pub fn token() -> String {
    data_encoding::BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// Constant-time comparison of a typed PIN with the stored one. Letters compare
/// case-insensitively (people type `ab12` for `AB12`); different lengths are unequal.
pub fn matches(stored: &str, typed: &str) -> bool {
    let a = stored.trim().to_ascii_uppercase();
    let b = typed.trim().to_ascii_uppercase();
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Constant-time equality of two secrets (credentials, signatures).
pub fn secret_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_use_their_alphabet() {
        for _ in 0..200 {
            let n = generate(PinKind::Numeric, 6);
            assert_eq!(n.len(), 6);
            assert!(n.bytes().all(|b| b.is_ascii_digit()));
            let a = generate(PinKind::Alpha, 8);
            assert!(a.bytes().all(|b| b.is_ascii_uppercase()));
            let h = generate(PinKind::Hex, 8);
            assert!(
                h.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase())
            );
            let x = generate(PinKind::Alphanumeric, 8);
            assert!(
                x.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            );
        }
    }

    #[test]
    fn every_digit_appears() {
        let mut seen = HashSet::new();
        for _ in 0..500 {
            seen.insert(generate(PinKind::Numeric, 1));
        }
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn never_an_outstanding_pin() {
        let outstanding: HashSet<String> = (0..9).map(|d| d.to_string()).collect();
        for _ in 0..100 {
            assert_eq!(
                generate_unique(PinKind::Numeric, 1, &outstanding).as_deref(),
                Some("9")
            );
        }
        let full: HashSet<String> = (0..10).map(|d| d.to_string()).collect();
        assert_eq!(generate_unique(PinKind::Numeric, 1, &full), None);
    }

    #[test]
    fn ids_have_their_shape() {
        let l = hex_id_lower();
        assert_eq!(l.len(), 32);
        assert!(
            l.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        let u = hex_id_upper();
        assert_eq!(u.len(), 32);
        assert!(
            u.bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
        );
        assert_ne!(hex_id_lower(), hex_id_lower());
    }

    #[test]
    fn comparison() {
        assert!(matches("AB12", "ab12"));
        assert!(matches("1234", "1234"));
        assert!(!matches("1234", "1235"));
        assert!(!matches("1234", "12345"));
        assert!(!matches("1234", ""));
    }
}
