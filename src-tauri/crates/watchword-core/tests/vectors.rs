//! Published test vectors: RFC 4226 Appendix D, RFC 6238 Appendix B, and the
//! Steam and HOTP vectors from the peer suites (`shared/peer-data/README.md`).

use watchword_core::{Algorithm, Kind, OtpAccount, Secret, Token};

fn ascii_secret(text: &str) -> Secret {
    Secret::from_bytes(text.as_bytes().to_vec()).unwrap()
}

#[test]
fn rfc4226_appendix_d() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.iter().enumerate() {
        let token = Token::new(
            Kind::Hotp {
                counter: counter as u64,
            },
            Algorithm::Sha1,
            6,
            ascii_secret("12345678901234567890"),
        )
        .unwrap();
        assert_eq!(token.code_at(0).as_str(), *code, "counter {counter}");
        // The time is irrelevant to HOTP.
        assert_eq!(token.code_at(1_234_567_890).as_str(), *code);
    }
}

#[test]
fn rfc6238_appendix_b_all_hashes() {
    let seeds = [
        (Algorithm::Sha1, "12345678901234567890"),
        (Algorithm::Sha256, "12345678901234567890123456789012"),
        (
            Algorithm::Sha512,
            "1234567890123456789012345678901234567890123456789012345678901234",
        ),
    ];
    let table: [(u64, [&str; 3]); 6] = [
        (59, ["94287082", "46119246", "90693936"]),
        (1_111_111_109, ["07081804", "68084774", "25091201"]),
        (1_111_111_111, ["14050471", "67062674", "99943326"]),
        (1_234_567_890, ["89005924", "91819424", "93441116"]),
        (2_000_000_000, ["69279037", "90698825", "38618901"]),
        (20_000_000_000, ["65353130", "77737706", "47863826"]),
    ];
    for (time, codes) in table {
        for ((algorithm, seed), code) in seeds.iter().zip(codes) {
            let token =
                Token::new(Kind::Totp { period: 30 }, *algorithm, 8, ascii_secret(seed)).unwrap();
            assert_eq!(token.code_at(time).as_str(), code, "{algorithm} at {time}");
        }
    }
}

#[test]
fn peer_hotp_vectors_through_uris() {
    for (counter, code) in [(0u64, "260182"), (1, "055283"), (1401, "316439")] {
        let uri = format!("otpauth://hotp/Test:alice?secret=BASE32SECRET3232&counter={counter}");
        let account = OtpAccount::parse(&uri).unwrap();
        assert_eq!(account.token.code_at(0).as_str(), code, "counter {counter}");
    }
}

#[test]
fn peer_steam_vectors() {
    let token = Token::new(
        Kind::Steam { period: 30 },
        Algorithm::Sha1,
        5,
        Secret::from_base32("BASE32SECRET3232").unwrap(),
    )
    .unwrap();
    assert_eq!(token.code_for_factor(0).as_str(), "2TC8B");
    assert_eq!(token.code_for_factor(1).as_str(), "YKKK4");
    // The same codes reached through time: factor = t / 30.
    assert_eq!(token.code_at(29).as_str(), "2TC8B");
    assert_eq!(token.code_at(30).as_str(), "YKKK4");
    for uri in [
        "otpauth://steam/Steam:gaben?secret=BASE32SECRET3232",
        "otpauth://totp/Steam:gaben?secret=BASE32SECRET3232&encoder=steam",
    ] {
        let account = OtpAccount::parse(uri).unwrap();
        assert_eq!(account.token.code_at(45).as_str(), "YKKK4", "{uri}");
        assert!(
            account
                .token
                .code_at(45)
                .as_str()
                .bytes()
                .all(|b| b"23456789BCDFGHJKMNPQRTVWXY".contains(&b))
        );
    }
}

#[test]
fn nine_and_ten_digits() {
    let secret = || ascii_secret("12345678901234567890");
    // RFC 4226 Appendix D lists the 31-bit truncated values; a 10-digit code is
    // that value zero-padded, a 9-digit one is it modulo 10^9.
    let truncated = [
        1_284_755_224u32,
        1_094_287_082,
        137_359_152,
        1_726_969_429,
        1_640_338_314,
        868_254_676,
        1_918_287_922,
        82_162_583,
        673_399_871,
        645_520_489,
    ];
    for (counter, value) in truncated.iter().enumerate() {
        let ten = Token::new(
            Kind::Hotp {
                counter: counter as u64,
            },
            Algorithm::Sha1,
            10,
            secret(),
        )
        .unwrap();
        assert_eq!(ten.code_at(0).as_str(), format!("{value:010}"));
        let nine = Token::new(
            Kind::Hotp {
                counter: counter as u64,
            },
            Algorithm::Sha1,
            9,
            secret(),
        )
        .unwrap();
        assert_eq!(
            nine.code_at(0).as_str(),
            format!("{:09}", value % 1_000_000_000)
        );
    }
}

#[test]
fn remaining_seconds_and_code_comparison() {
    let token = Token::new(
        Kind::Totp { period: 30 },
        Algorithm::Sha1,
        8,
        ascii_secret("12345678901234567890"),
    )
    .unwrap();
    assert_eq!(token.remaining_at(59), Some(1));
    assert_eq!(token.remaining_at(60), Some(30));
    let code = token.code_at(59);
    assert!(code.matches("94287082"));
    assert!(code.matches("9428 7082"));
    assert!(!code.matches("94287083"));
    assert!(!code.matches("9428708"));
    assert_eq!(format!("{code:?}"), "Code(<redacted>)");
}
