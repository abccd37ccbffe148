//! Real-world `otpauth://` quirks: each one accepted (and read as stated) or
//! rejected with an error naming the field.

use watchword_core::{Algorithm, Kind, OtpAccount};

/// What an accepted URI must normalize to.
struct Expect {
    issuer: Option<&'static str>,
    name: &'static str,
    kind: Kind,
    algorithm: Algorithm,
    digits: u8,
    secret: &'static str,
}

const TOTP30: Kind = Kind::Totp { period: 30 };

fn expect(issuer: Option<&'static str>, name: &'static str) -> Expect {
    Expect {
        issuer,
        name,
        kind: TOTP30,
        algorithm: Algorithm::Sha1,
        digits: 6,
        secret: "JBSWY3DPEHPK3PXP",
    }
}

#[test]
fn accepted_quirks() {
    let cases: Vec<(&str, &str, Expect)> = vec![
        (
            "Google's own example",
            "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            expect(Some("Example"), "alice@google.com"),
        ),
        (
            "lowercase base32",
            "otpauth://totp/Example:alice?secret=jbswy3dpehpk3pxp",
            expect(Some("Example"), "alice"),
        ),
        (
            "padded base32",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP%3D%3D%3D%3D",
            expect(Some("Example"), "alice"),
        ),
        (
            "space-separated base32 (as +)",
            "otpauth://totp/Example:alice?secret=JBSW+Y3DP+EHPK+3PXP",
            expect(Some("Example"), "alice"),
        ),
        (
            "space-separated base32 (as %20)",
            "otpauth://totp/Example:alice?secret=jbsw%20y3dp%20ehpk%203pxp",
            expect(Some("Example"), "alice"),
        ),
        (
            "hyphen-separated base32",
            "otpauth://totp/Example:alice?secret=JBSW-Y3DP-EHPK-3PXP",
            expect(Some("Example"), "alice"),
        ),
        (
            "issuer only in the parameter",
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            expect(Some("Example"), "alice"),
        ),
        (
            "issuer only in the label",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP",
            expect(Some("Example"), "alice"),
        ),
        (
            "label and parameter differ: the parameter wins",
            "otpauth://totp/OldName:alice?secret=JBSWY3DPEHPK3PXP&issuer=NewName",
            expect(Some("NewName"), "alice"),
        ),
        (
            "no issuer anywhere",
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP",
            expect(None, "alice"),
        ),
        (
            "encoded colon and space after it",
            "otpauth://totp/ACME%20Co%3A%20john.doe%40email.com?secret=JBSWY3DPEHPK3PXP",
            expect(Some("ACME Co"), "john.doe@email.com"),
        ),
        (
            "non-ASCII percent-encoded label",
            "otpauth://totp/M%C3%BCnchen%20B%C3%A4nk:J%C3%BCrgen?secret=JBSWY3DPEHPK3PXP",
            expect(Some("München Bänk"), "Jürgen"),
        ),
        (
            "issuer with + for spaces in the query",
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Big+Bank",
            expect(Some("Big Bank"), "alice"),
        ),
        (
            "uppercase scheme and type",
            "OTPAUTH://TOTP/Example:alice?secret=JBSWY3DPEHPK3PXP",
            expect(Some("Example"), "alice"),
        ),
        (
            "unknown parameters are kept",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fexample.com%2Fa.png&color=blue",
            expect(Some("Example"), "alice"),
        ),
        (
            "surrounding whitespace and a fragment",
            "  otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP#ignored \n",
            expect(Some("Example"), "alice"),
        ),
        (
            "empty issuer parameter falls back to the label",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=",
            expect(Some("Example"), "alice"),
        ),
        (
            "80-bit secret",
            "otpauth://totp/Example:alice?secret=BASE32SECRET3232",
            Expect {
                secret: "BASE32SECRET3232",
                ..expect(Some("Example"), "alice")
            },
        ),
        (
            "lowercase algorithm, 8 digits, 60 s",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=sha256&digits=8&period=60",
            Expect {
                kind: Kind::Totp { period: 60 },
                algorithm: Algorithm::Sha256,
                digits: 8,
                ..expect(Some("Example"), "alice")
            },
        ),
        (
            "SHA-512 spelled with a hyphen, 10 digits",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA-512&digits=10",
            Expect {
                algorithm: Algorithm::Sha512,
                digits: 10,
                ..expect(Some("Example"), "alice")
            },
        ),
        (
            "period of one day",
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=86400",
            Expect {
                kind: Kind::Totp { period: 86_400 },
                ..expect(Some("Example"), "alice")
            },
        ),
        (
            "hotp with a counter past 2^32",
            "otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=4294967296",
            Expect {
                kind: Kind::Hotp {
                    counter: 4_294_967_296,
                },
                ..expect(Some("Example"), "alice")
            },
        ),
        (
            "Ente-style hotp with a stray period and an extra JSON parameter",
            "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&algorithm=sha1&digits=6&period=30&counter=1&codeDisplay=%7B%22pinned%22%3Afalse%7D",
            Expect {
                kind: Kind::Hotp { counter: 1 },
                secret: "YOOMIXWS5GN6RTBPUFFWKTW5M4",
                ..expect(Some("Issuu"), "James")
            },
        ),
        (
            "steam type ignores digits and algorithm",
            "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&digits=5&algorithm=SHA256",
            Expect {
                kind: Kind::Steam { period: 30 },
                digits: 5,
                ..expect(Some("Steam"), "gaben")
            },
        ),
    ];
    for (what, uri, want) in cases {
        let got = OtpAccount::parse(uri).unwrap_or_else(|e| panic!("{what}: refused: {e}"));
        assert_eq!(got.issuer.as_deref(), want.issuer, "{what}: issuer");
        assert_eq!(got.name, want.name, "{what}: name");
        assert_eq!(got.token.kind(), want.kind, "{what}: kind");
        assert_eq!(got.token.algorithm(), want.algorithm, "{what}: algorithm");
        assert_eq!(got.token.digits(), want.digits, "{what}: digits");
        assert_eq!(
            got.token.secret().to_base32().as_str(),
            want.secret,
            "{what}: secret"
        );
    }
}

#[test]
fn unknown_parameters_survive_a_round_trip() {
    let account = OtpAccount::parse(
        "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fexample.com%2Fa.png&color=blue",
    )
    .unwrap();
    assert_eq!(
        account.extra,
        vec![
            ("image".to_owned(), "https://example.com/a.png".to_owned()),
            ("color".to_owned(), "blue".to_owned()),
        ]
    );
    let again = OtpAccount::parse(&account.to_uri()).unwrap();
    assert_eq!(again, account);
    assert_eq!(
        account.to_uri().as_str(),
        "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30&image=https%3A%2F%2Fexample.com%2Fa.png&color=blue"
    );
    assert!(!account.to_uri_without_secret().contains("JBSW"));
}

#[test]
fn rejected_quirks_name_the_field() {
    let cases = [
        (
            "https://example.com/?secret=JBSWY3DPEHPK3PXP",
            "not an otpauth:// URI",
        ),
        ("otpauth://totp/Example:alice", "secret: missing"),
        ("otpauth://totp/Example:alice?secret=", "secret: missing"),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DP!HPK3PXP",
            "secret: not base32: character 9",
        ),
        (
            "otpauth://totp/Example:alice?secret=ABC",
            "secret: not base32: 3 characters",
        ),
        (
            "otpauth://xotp/Example:alice?secret=JBSWY3DPEHPK3PXP",
            "type: unknown OTP type \"xotp\"",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            "algorithm: unknown algorithm \"MD5\"",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&digits=5",
            "digits: 5 is out of range",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&digits=11",
            "digits: 11 is out of range",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&digits=six",
            "digits: \"six\" is not a number",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=0",
            "period: 0 is out of range",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=86401",
            "period: 86401 is out of range",
        ),
        (
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&period=-30",
            "period: \"-30\" is not a number",
        ),
        (
            "otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP",
            "counter: missing",
        ),
        (
            "otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=x1",
            "counter: \"x1\" is not a non-negative integer",
        ),
        (
            "otpauth://totp/%FF%FE:alice?secret=JBSWY3DPEHPK3PXP",
            "label: percent-encoded bytes are not valid UTF-8",
        ),
    ];
    for (uri, message) in cases {
        let err = OtpAccount::parse(uri).expect_err(uri).to_string();
        assert!(
            err.contains(message),
            "{uri}\n  got:  {err}\n  want: {message}"
        );
        assert!(
            !err.contains("JBSWY3DP"),
            "{uri}: the secret leaked into {err}"
        );
        assert!(!err.contains('\n'), "{uri}: one line only: {err}");
    }
}

#[test]
fn huge_numbers_are_out_of_range_not_garbage() {
    let err = OtpAccount::parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=99999999999999")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("period: 99999999999999 is out of range"),
        "{err}"
    );
    let err = OtpAccount::parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=300").unwrap_err();
    assert!(
        err.to_string().starts_with("digits: 300 is out of range"),
        "{err}"
    );
}

#[test]
fn long_bad_values_are_shortened_in_messages() {
    let junk = "x".repeat(500);
    let err = OtpAccount::parse(&format!(
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm={junk}"
    ))
    .unwrap_err()
    .to_string();
    assert!(err.len() < 120, "{err}");
}
