//! Properties over random inputs: URIs are round-trip stable, and codes match a
//! straightforward RFC 4226 implementation written here with `hmac` + `sha*`.

use hmac::{Hmac, Mac};
use proptest::prelude::*;
use watchword_core::{Algorithm, Kind, OtpAccount, Secret, Token};

/// RFC 4226 section 5.3, written out plainly, independent of totp-rs.
fn reference_code(
    algorithm: Algorithm,
    key: &[u8],
    factor: u64,
    digits: u8,
    steam: bool,
) -> String {
    let message = factor.to_be_bytes();
    let mac: Vec<u8> = match algorithm {
        Algorithm::Sha1 => {
            let mut m = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
            m.update(&message);
            m.finalize().into_bytes().to_vec()
        }
        Algorithm::Sha256 => {
            let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
            m.update(&message);
            m.finalize().into_bytes().to_vec()
        }
        Algorithm::Sha512 => {
            let mut m = Hmac::<sha2::Sha512>::new_from_slice(key).unwrap();
            m.update(&message);
            m.finalize().into_bytes().to_vec()
        }
    };
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let mut value = (u64::from(mac[offset] & 0x7f) << 24)
        | (u64::from(mac[offset + 1]) << 16)
        | (u64::from(mac[offset + 2]) << 8)
        | u64::from(mac[offset + 3]);
    if steam {
        let alphabet = b"23456789BCDFGHJKMNPQRTVWXY";
        let mut code = String::new();
        for _ in 0..5 {
            code.push(alphabet[(value % 26) as usize] as char);
            value /= 26;
        }
        return code;
    }
    let modulus = 10u64.pow(u32::from(digits));
    format!("{:0width$}", value % modulus, width = usize::from(digits))
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

/// Times and counters across the whole u64 range, with extra weight past 2^32.
fn big_u64() -> impl Strategy<Value = u64> {
    prop_oneof![any::<u64>(), (1u64 << 32)..(1u64 << 40), 0u64..(1u64 << 32)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn totp_matches_reference(
        key in prop::collection::vec(any::<u8>(), 1..100),
        algorithm in algorithm(),
        digits in 6u8..=10,
        period in 1u32..=86_400,
        time in big_u64(),
    ) {
        let token = Token::new(Kind::Totp { period }, algorithm, digits, Secret::from_bytes(key.clone()).unwrap()).unwrap();
        let factor = time / u64::from(period);
        let code = token.code_at(time);
        prop_assert_eq!(code.as_str(), reference_code(algorithm, &key, factor, digits, false));
    }

    #[test]
    fn hotp_matches_reference(
        key in prop::collection::vec(any::<u8>(), 1..100),
        algorithm in algorithm(),
        digits in 6u8..=10,
        counter in big_u64(),
    ) {
        let token = Token::new(Kind::Hotp { counter }, algorithm, digits, Secret::from_bytes(key.clone()).unwrap()).unwrap();
        let code = token.code_at(0);
        prop_assert_eq!(code.as_str(), reference_code(algorithm, &key, counter, digits, false));
    }

    #[test]
    fn steam_matches_reference(key in prop::collection::vec(any::<u8>(), 1..64), time in big_u64()) {
        let token = Token::new(Kind::Steam { period: 30 }, Algorithm::Sha1, 5, Secret::from_bytes(key.clone()).unwrap()).unwrap();
        let code = token.code_at(time);
        prop_assert_eq!(code.as_str(), reference_code(Algorithm::Sha1, &key, time / 30, 5, true));
    }

    #[test]
    fn emit_parse_emit_is_stable(
        key in prop::collection::vec(any::<u8>(), 1..64),
        kind in prop_oneof![
            (1u32..=86_400).prop_map(|period| Kind::Totp { period }),
            any::<u64>().prop_map(|counter| Kind::Hotp { counter }),
            (1u32..=86_400).prop_map(|period| Kind::Steam { period }),
        ],
        algorithm in algorithm(),
        digits in 6u8..=10,
        // Any text, colons and percent signs included.
        issuer in prop::option::of("\\PC{0,24}"),
        name in "\\PC{0,24}",
        extra in prop::collection::vec(("[a-z][a-z0-9_]{0,8}", "\\PC{0,16}"), 0..3),
    ) {
        let token = Token::new(kind, algorithm, digits, Secret::from_bytes(key).unwrap()).unwrap();
        let extra: Vec<(String, String)> = extra
            .into_iter()
            .filter(|(k, _)| !["secret", "issuer", "algorithm", "digits", "period", "counter", "encoder"].contains(&k.as_str()))
            .collect();
        let want_issuer = issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()).map(str::to_owned);
        let want_name = name.trim().to_owned();
        // Parsing normalizes (trims, drops an empty issuer); from then on the
        // canonical URI must not change however often it is read and written.
        let normalized = OtpAccount::parse(&OtpAccount { issuer, name, token, extra: extra.clone() }.to_uri()).unwrap();
        prop_assert_eq!(&normalized.issuer, &want_issuer);
        prop_assert_eq!(&normalized.name, &want_name);
        prop_assert_eq!(&normalized.extra, &extra);
        let first = normalized.to_uri();
        let parsed = OtpAccount::parse(&first).unwrap();
        let second = parsed.to_uri();
        prop_assert_eq!(first.as_str(), second.as_str());
        prop_assert_eq!(&parsed, &normalized);
        let (a, b) = (normalized.token.code_at(1_700_000_000), parsed.token.code_at(1_700_000_000));
        prop_assert_eq!(a.as_str(), b.as_str());
    }

    #[test]
    fn base32_round_trips(key in prop::collection::vec(any::<u8>(), 1..128)) {
        let secret = Secret::from_bytes(key.clone()).unwrap();
        let text = secret.to_base32();
        let upper = Secret::from_base32(&text).unwrap();
        let lower = Secret::from_base32(&text.to_lowercase()).unwrap();
        prop_assert_eq!(upper.expose(), &key[..]);
        prop_assert_eq!(lower.expose(), &key[..]);
    }

    #[test]
    fn parse_never_panics(text in "otpauth://\\PC{0,80}") {
        let _ = OtpAccount::parse(&text);
    }
}
