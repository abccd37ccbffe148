//! Every file in the shared peer test data (Aegis's and GNOME Authenticator's
//! importer fixtures), imported and compared field by field with the
//! expected table in `shared/peer-data/README.md`. Where a format cannot
//! carry a field, the test says so by adjusting the expected row.

use std::path::PathBuf;

use super::*;
use crate::token::{Algorithm, Kind};

/// One account as the comparison sees it: every field of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    issuer: Option<String>,
    name: String,
    kind: Kind,
    algorithm: Algorithm,
    digits: u8,
    secret: String,
    group: Option<String>,
    note: String,
    extra: Vec<(String, String)>,
}

fn row(
    issuer: &str,
    name: &str,
    kind: Kind,
    algorithm: Algorithm,
    digits: u8,
    secret: &str,
) -> Row {
    Row {
        issuer: Some(issuer.to_owned()).filter(|i| !i.is_empty()),
        name: name.to_owned(),
        kind,
        algorithm,
        digits,
        secret: secret.to_owned(),
        group: None,
        note: String::new(),
        extra: Vec::new(),
    }
}

const DENO: &str = "4SJHB4GSD43FZBAI7C2HLRJGPQ";
const SPDX: &str = "5OM4WOOGPLQEF6UGN3CPEOOLWU";
const AIRBNB: &str = "7ELGJSGXNCCTV3O6LKJWYFV2RA";
const ISSUU: &str = "YOOMIXWS5GN6RTBPUFFWKTW5M4";
const AIR_CANADA: &str = "KUVJJOM753IHTNDSZVCNKL7GII";
const WWE: &str = "5VAML3X35THCEBVRLV24CGBKOY";
const BOEING: &str = "JRZCL47CMXVOQMNPZR2F7J4RGI";
const BATTLE_NET: &str = "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI";

/// The README's table of eight accounts.
fn table() -> Vec<Row> {
    use Algorithm::*;
    vec![
        row("Deno", "Mason", Kind::Totp { period: 30 }, Sha1, 6, DENO),
        row("SPDX", "James", Kind::Totp { period: 20 }, Sha256, 7, SPDX),
        row(
            "Airbnb",
            "Elijah",
            Kind::Totp { period: 50 },
            Sha512,
            8,
            AIRBNB,
        ),
        row("Issuu", "James", Kind::Hotp { counter: 1 }, Sha1, 6, ISSUU),
        row(
            "Air Canada",
            "Benjamin",
            Kind::Hotp { counter: 50 },
            Sha256,
            7,
            AIR_CANADA,
        ),
        row(
            "WWE",
            "Mason",
            Kind::Hotp { counter: 10300 },
            Sha512,
            8,
            WWE,
        ),
        row(
            "Boeing",
            "Sophia",
            Kind::Steam { period: 30 },
            Sha1,
            5,
            BOEING,
        ),
        row(
            "Battle.net",
            "US-2211-2050-3346",
            Kind::Totp { period: 30 },
            Sha1,
            8,
            BATTLE_NET,
        ),
    ]
}

/// The table's rows for these secrets, in this order.
fn expected(secrets: &[&str]) -> Vec<Row> {
    let table = table();
    secrets
        .iter()
        .map(|s| {
            table
                .iter()
                .find(|r| r.secret == *s)
                .cloned()
                .expect("a secret of the table")
        })
        .collect()
}

const SEVEN: [&str; 7] = [DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE, BOEING];

fn rows(imported: &Imported) -> Vec<Row> {
    imported
        .accounts
        .iter()
        .map(|a| Row {
            issuer: a.otp.issuer.clone(),
            name: a.otp.name.clone(),
            kind: a.otp.token.kind(),
            algorithm: a.otp.token.algorithm(),
            digits: a.otp.token.digits(),
            secret: a.otp.token.secret().to_base32().to_string(),
            group: a.group.clone(),
            note: a.note.clone(),
            extra: a.otp.extra.clone(),
        })
        .collect()
}

fn peer(path: &str) -> (Vec<u8>, String) {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/peer-data")
        .join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    let name = full.file_name().unwrap().to_string_lossy().into_owned();
    (bytes, name)
}

/// Detects the file as `format`, imports it (auto format) with `password`,
/// and compares every account with `want` (sorted by secret, as apps order
/// their files their own way). No entry may be rejected.
fn check(path: &str, format: Format, password: Option<&str>, mut want: Vec<Row>) -> Imported {
    let (bytes, name) = peer(path);
    assert_eq!(detect(&bytes, &name), Some(format), "{path}: detection");
    let password = password.map(Passphrase::new);
    if password.is_some() {
        assert_eq!(
            read(&bytes, &name, None, None).unwrap_err(),
            ImportError::PasswordRequired(format),
            "{path}: without a password"
        );
    }
    let imported =
        read(&bytes, &name, None, password.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(imported.format, format);
    assert!(
        imported.rejected.is_empty(),
        "{path}: {:?}",
        imported.rejected
    );
    let mut got = rows(&imported);
    got.sort_by(|a, b| a.secret.cmp(&b.secret));
    want.sort_by(|a, b| a.secret.cmp(&b.secret));
    assert_eq!(got, want, "{path}");
    imported
}

/// A wrong password is its own error, not a crash or "malformed".
fn wrong_password(path: &str, format: Format) {
    let (bytes, name) = peer(path);
    assert_eq!(
        read(
            &bytes,
            &name,
            Some(format),
            Some(&Passphrase::new("not the password"))
        )
        .unwrap_err(),
        ImportError::WrongPassword(format),
        "{path}"
    );
}

/// Formats that keep no algorithm, digits or period: SHA1, 6, 30 s, TOTP.
fn defaults(mut r: Row) -> Row {
    r.kind = Kind::Totp { period: 30 };
    r.algorithm = Algorithm::Sha1;
    r.digits = 6;
    r
}

#[test]
fn plain_text_links() {
    check("aegis/plain.txt", Format::Otpauth, None, expected(&SEVEN));
    check(
        "gnome-authenticator/plain.txt",
        Format::Otpauth,
        None,
        expected(&SEVEN),
    );
}

#[test]
fn aegis_plain_encrypted_and_grouped() {
    check(
        "aegis/aegis_plain.json",
        Format::Aegis,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/aegis_encrypted.json",
        Format::Aegis,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/aegis_encrypted.json", Format::Aegis);
    // Version 2: the per-entry "group" string becomes the account's group.
    let mut want = expected(&SEVEN);
    for r in &mut want {
        r.group = match r.secret.as_str() {
            DENO | AIRBNB => Some("group1".into()),
            ISSUU => Some("group2".into()),
            _ => None,
        };
    }
    check(
        "aegis/aegis_plain_grouped_v2.json",
        Format::Aegis,
        None,
        want,
    );
}

#[test]
fn aegis_files_from_gnome_authenticator() {
    let google = row(
        "Google",
        "Bob",
        Kind::Totp { period: 30 },
        Algorithm::Sha1,
        6,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    );
    let mut want = expected(&[AIR_CANADA, BOEING]);
    want.push(google.clone());
    check(
        "gnome-authenticator/aegis_plain.json",
        Format::Aegis,
        None,
        want,
    );
    check(
        "gnome-authenticator/aegis_encrypted.json",
        Format::Aegis,
        Some("test"),
        expected(&SEVEN),
    );
    // A null issuer is recovered from "name@issuer" (split at the last @).
    let mut first = google.clone();
    first.issuer = Some("issuer".into());
    first.name = "missing-issuer".into();
    let mut second = first.clone();
    second.name = "missing-issuer@domain.com".into();
    let (bytes, name) = peer("gnome-authenticator/aegis_issuer_from_name.json");
    assert_eq!(
        rows(&read(&bytes, &name, None, None).unwrap()),
        vec![first, second]
    );
}

/// Imports a file whose exact content the README does not list: no
/// rejections, and every account sane.
fn check_loose(path: &str, format: Format, password: &str) -> Imported {
    let (bytes, name) = peer(path);
    assert_eq!(detect(&bytes, &name), Some(format), "{path}");
    let imported = read(&bytes, &name, None, Some(&Passphrase::new(password)))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        imported.rejected.is_empty(),
        "{path}: {:?}",
        imported.rejected
    );
    assert!(!imported.accounts.is_empty());
    imported
}

#[test]
fn twofas_schemas_one_to_four() {
    // Schema 1 keeps no type, algorithm, digits or period: six TOTP defaults.
    let want = expected(&[DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE])
        .into_iter()
        .map(defaults)
        .collect();
    check("aegis/2fas_authenticator.json", Format::TwoFas, None, want);
    // Schema 2 has no HOTP: the counter-based accounts come as TOTP (30 s).
    let schema2: Vec<Row> = expected(&[DENO, AIRBNB, ISSUU, WWE])
        .into_iter()
        .map(|mut r| {
            if let Kind::Hotp { .. } = r.kind {
                r.kind = Kind::Totp { period: 30 };
            }
            r
        })
        .collect();
    check(
        "aegis/2fas_authenticator_plain.2fas",
        Format::TwoFas,
        None,
        schema2.clone(),
    );
    check(
        "aegis/2fas_authenticator_encrypted.2fas",
        Format::TwoFas,
        Some("test"),
        schema2,
    );
    wrong_password("aegis/2fas_authenticator_encrypted.2fas", Format::TwoFas);
    // Schemas 3 and 4 carry everything.
    let v3 = read_plain("aegis/2fas_authenticator_plain_v3.2fas");
    check(
        "aegis/2fas_authenticator_plain_v3.2fas",
        Format::TwoFas,
        None,
        expected(&v3),
    );
    check(
        "aegis/2fas_authenticator_encrypted_v3.2fas",
        Format::TwoFas,
        Some("test"),
        expected(&v3),
    );
    let v4 = read_plain("aegis/2fas_authenticator_plain_v4.2fas");
    assert_eq!(v4, [DENO, ISSUU, AIR_CANADA, WWE, BOEING]);
    check(
        "aegis/2fas_authenticator_plain_v4.2fas",
        Format::TwoFas,
        None,
        expected(&v4),
    );
    check(
        "aegis/2fas_authenticator_encrypted_v4.2fas",
        Format::TwoFas,
        Some("test"),
        expected(&v4),
    );
}

/// The secrets a plain file holds, in order (to pick the table's rows).
fn read_plain(path: &str) -> Vec<&'static str> {
    let (bytes, name) = peer(path);
    let imported = read(&bytes, &name, None, None).unwrap();
    rows(&imported)
        .iter()
        .map(|r| {
            table()
                .iter()
                .map(|t| t.secret.as_str())
                .find(|s| *s == r.secret)
                .map(|s| {
                    SEVEN
                        .iter()
                        .chain([BATTLE_NET].iter())
                        .find(|x| **x == s)
                        .copied()
                        .unwrap()
                })
                .expect("a table secret")
        })
        .collect()
}

#[test]
fn andotp_plain_new_and_old_encryption() {
    check(
        "aegis/andotp_plain.json",
        Format::AndOtp,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/andotp_encrypted.bin",
        Format::AndOtp,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/andotp_encrypted.bin", Format::AndOtp);
    // Old andOTP wrote "Issuer:name" into the label; it is imported as written.
    // (It holds no Steam account.)
    let glued = expected(&[DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE])
        .into_iter()
        .map(|mut r| {
            r.name = format!("{}:{}", r.issuer.clone().unwrap(), r.name);
            r
        })
        .collect();
    check(
        "aegis/andotp_encrypted_old.bin",
        Format::AndOtp,
        Some("test"),
        glued,
    );
    check(
        "gnome-authenticator/andotp_plain.json",
        Format::AndOtp,
        None,
        expected(&SEVEN),
    );
    let gnome = check_loose(
        "gnome-authenticator/andotp_enc.json.aes",
        Format::AndOtp,
        "123456",
    );
    assert_eq!(gnome.accounts.len(), 7);
    wrong_password("gnome-authenticator/andotp_enc.json.aes", Format::AndOtp);
}

#[test]
fn bitwarden_json_and_csv() {
    // Bitwarden keeps Steam as steam://SECRET: issuer Steam, the item's name.
    let mut want = expected(&[DENO, SPDX, AIRBNB, BOEING]);
    want[3].issuer = Some("Steam".into());
    want[3].name = "Test 4".into();
    check("aegis/bitwarden.csv", Format::Bitwarden, None, want.clone());
    want[3].name = "Test Steam".into();
    check(
        "aegis/bitwarden.json",
        Format::Bitwarden,
        None,
        want.clone(),
    );
    check(
        "gnome-authenticator/bitwarden.json",
        Format::Bitwarden,
        None,
        want,
    );
}

#[test]
fn freeotp_plus_and_v1_store_the_counter_minus_one() {
    let minus_one = |secrets: &[&str]| -> Vec<Row> {
        expected(secrets)
            .into_iter()
            .map(|mut r| {
                if let Kind::Hotp { counter } = r.kind {
                    r.kind = Kind::Hotp {
                        counter: counter - 1,
                    };
                }
                r
            })
            .collect()
    };
    check(
        "aegis/freeotp.xml",
        Format::FreeOtp,
        None,
        minus_one(&[DENO, AIRBNB, ISSUU, WWE]),
    );
    let plus = [DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE];
    check(
        "aegis/freeotp_plus.json",
        Format::FreeOtpPlus,
        None,
        minus_one(&plus),
    );
    check(
        "gnome-authenticator/freeotp_json.json",
        Format::FreeOtpPlus,
        None,
        minus_one(&plus),
    );
}

#[test]
fn freeotp_v2_encrypted_backups() {
    for api in ["23", "25", "27", "34"] {
        let path = format!("aegis/freeotp_v2_api{api}.xml");
        let (bytes, name) = peer(&path);
        let secrets = {
            let imported = read(&bytes, &name, None, Some(&Passphrase::new("test"))).unwrap();
            let mut s: Vec<&str> = rows(&imported)
                .iter()
                .map(|r| {
                    *SEVEN
                        .iter()
                        .find(|x| **x == r.secret)
                        .expect("table secret")
                })
                .collect();
            s.sort();
            s
        };
        assert!(secrets.len() >= 6, "{path}: {secrets:?}");
        check(&path, Format::FreeOtp, Some("test"), expected(&secrets));
    }
    wrong_password("aegis/freeotp_v2_api34.xml", Format::FreeOtp);
    // No algo, digits or period stored: the defaults.
    check(
        "aegis/freeotp_v2_null_algo.xml",
        Format::FreeOtp,
        Some("test"),
        expected(&[DENO]),
    );
}

#[test]
fn ente_auth_quirks() {
    // Lower-case sha512, a period on an HOTP link and Ente's codeDisplay
    // parameter: the accounts come out exactly, codeDisplay not kept.
    check("aegis/ente_auth.txt", Format::Ente, None, expected(&SEVEN));
}

#[test]
fn stratum_plain_encrypted_and_legacy() {
    check(
        "aegis/stratum_plain.json",
        Format::Stratum,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/stratum_encrypted.bin",
        Format::Stratum,
        Some("test"),
        expected(&SEVEN),
    );
    check(
        "aegis/stratum_encrypted_legacy.bin",
        Format::Stratum,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/stratum_encrypted_legacy.bin", Format::Stratum);
}

#[test]
fn proton_authenticator() {
    check(
        "aegis/proton_authenticator.json",
        Format::Proton,
        None,
        expected(&[DENO, SPDX, AIRBNB]),
    );
}

#[test]
fn authy_plain_and_encrypted() {
    // Authy keeps digits only: SHA1 and 30 s for every third-party token.
    let want: Vec<Row> = expected(&[DENO, SPDX, AIRBNB])
        .into_iter()
        .map(|mut r| {
            r.algorithm = Algorithm::Sha1;
            r.kind = Kind::Totp { period: 30 };
            r
        })
        .collect();
    check("aegis/authy_plain.xml", Format::Authy, None, want.clone());
    check(
        "aegis/authy_encrypted.xml",
        Format::Authy,
        Some("testtest"),
        want,
    );
    wrong_password("aegis/authy_encrypted.xml", Format::Authy);
}

#[test]
fn battle_net_steam_and_duo() {
    check(
        "aegis/battle_net_authenticator.xml",
        Format::BattleNet,
        None,
        expected(&[BATTLE_NET]),
    );
    // Steam files name no issuer but Steam itself.
    let mut steam = expected(&[BOEING]);
    steam[0].issuer = Some("Steam".into());
    check("aegis/steam.json", Format::Steam, None, steam.clone());
    check("aegis/steam_old.json", Format::Steam, None, steam);
    // Duo keeps no issuer and no parameters; its HOTP counter is its own (3).
    let mut duo = vec![
        defaults(expected(&[DENO])[0].clone()),
        expected(&[ISSUU])[0].clone(),
    ];
    for r in &mut duo {
        r.issuer = None;
    }
    duo[1].kind = Kind::Hotp { counter: 3 };
    check("aegis/duo.json", Format::Duo, None, duo);
}

#[test]
fn totp_authenticator() {
    // SHA1, 6 digits, 30 s for all; the app stores names in lower case.
    let want = expected(&[DENO, SPDX, AIRBNB])
        .into_iter()
        .map(|r| {
            let mut r = defaults(r);
            r.name = r.name.to_lowercase();
            r
        })
        .collect();
    check(
        "aegis/totp_authenticator.bin",
        Format::TotpAuthenticator,
        Some("Testtest1"),
        want,
    );
    wrong_password("aegis/totp_authenticator.bin", Format::TotpAuthenticator);
}

#[test]
fn authenticator_plus_zip() {
    check(
        "aegis/authenticator_plus.zip",
        Format::AuthenticatorPlus,
        Some("testtesttest"),
        expected(&SEVEN),
    );
    wrong_password("aegis/authenticator_plus.zip", Format::AuthenticatorPlus);
}

#[test]
fn raivo_rejects_non_base32_secrets_with_a_reason() {
    let (bytes, name) = peer("gnome-authenticator/raivootp.zip");
    assert_eq!(detect(&bytes, &name), Some(Format::Raivo));
    assert_eq!(
        read(&bytes, &name, None, None).unwrap_err(),
        ImportError::PasswordRequired(Format::Raivo)
    );
    wrong_password("gnome-authenticator/raivootp.zip", Format::Raivo);
    let imported = read(&bytes, &name, None, Some(&Passphrase::new("RaivoTest123"))).unwrap();
    assert!(imported.accounts.is_empty(), "{:?}", rows(&imported));
    assert_eq!(imported.rejected.len(), 2, "{:?}", imported.rejected);
    for rejected in &imported.rejected {
        assert!(
            rejected.reason.starts_with("secret: not base32"),
            "{rejected:?}"
        );
    }
}

#[test]
fn google_migration_vector_in_a_text_file() {
    let text = "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D\n\nnot a link\n";
    let imported = read(text.as_bytes(), "export.txt", None, None).unwrap();
    assert_eq!(imported.format, Format::Otpauth);
    assert_eq!(
        rows(&imported),
        vec![row(
            "Discord",
            "johndoe@example.com",
            Kind::Totp { period: 30 },
            Algorithm::Sha1,
            6,
            BOEING
        )]
    );
    assert_eq!(
        imported.rejected,
        vec![Rejected {
            label: "line 3".into(),
            reason: "not an otpauth:// or otpauth-migration:// link".into()
        }]
    );
}

#[test]
fn bad_entries_are_rejected_while_the_rest_import() {
    let file = r#"[
        {"secret":"JBSWY3DPEHPK3PXP","issuer":"Good","label":"a","digits":6,"type":"TOTP","algorithm":"SHA1","period":30},
        {"secret":"NOT-BASE32-!!","issuer":"Bad","label":"b","digits":6,"type":"TOTP","algorithm":"SHA1","period":30},
        {"secret":"JBSWY3DPEHPK3PXP","issuer":"Md5","label":"c","digits":6,"type":"TOTP","algorithm":"MD5","period":30},
        {"secret":"JBSWY3DPEHPK3PXP","issuer":"Long","label":"d","digits":12,"type":"TOTP","algorithm":"SHA1","period":30},
        {"secret":"JBSWY3DPEHPK3PXP","issuer":"Motp","label":"e","digits":6,"type":"MOTP","algorithm":"SHA1","period":30}
    ]"#;
    let imported = read(file.as_bytes(), "x.json", Some(Format::AndOtp), None).unwrap();
    assert_eq!(imported.accounts.len(), 1);
    let reasons: Vec<(&str, &str)> = imported
        .rejected
        .iter()
        .map(|r| (r.label.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "Bad (b)",
                "secret: not base32: character 12 is outside A-Z and 2-7"
            ),
            (
                "Md5 (c)",
                "algorithm: \"MD5\" is not supported (SHA1, SHA256 or SHA512)"
            ),
            ("Long (d)", "digits: 12 is out of range (6 to 10)"),
            (
                "Motp (e)",
                "type: \"motp\" tokens are not supported (TOTP, HOTP and Steam are)"
            ),
        ]
    );
    for r in &imported.rejected {
        assert!(!r.reason.contains("JBSW") && !r.reason.contains("NOT-BASE32"));
    }
}

#[test]
fn unrecognised_and_hostile_inputs_are_errors_not_panics() {
    assert_eq!(
        read(b"", "x", None, None).unwrap_err(),
        ImportError::Unrecognised
    );
    assert_eq!(
        read(b"hello world", "x.txt", None, None).unwrap_err(),
        ImportError::Unrecognised
    );
    assert_eq!(
        read(b"{}", "x.json", None, None).unwrap_err(),
        ImportError::Unrecognised
    );
    let mut big = vec![b' '; MAX_FILE_BYTES + 1];
    big[0] = b'[';
    assert_eq!(
        read(&big, "x", None, None).unwrap_err(),
        ImportError::TooLarge
    );
    // Every format on every kind of garbage: an error or an empty result.
    let garbage: [&[u8]; 7] = [
        b"",
        b"{\"db\":\"AAAA\",\"version\":1,\"header\":{\"slots\":[{\"type\":1,\"n\":1099511627776,\"r\":8,\"p\":1,\"salt\":\"00\",\"key\":\"00\",\"key_params\":{\"nonce\":\"00\",\"tag\":\"00\"}}]}}",
        b"AUTHENTICATORPRO\x00",
        b"\xac\xed\x00\x05\x73\x72\x00\x11java.util.HashMap",
        b"PK\x03\x04garbage",
        b"<map><string name=\"com.authy.storage.tokens.authenticator.key\">[1,2]</string></map>",
        b"[{\"secret\":[1,2,3], \"type\": 5}]",
    ];
    for format in Format::ALL {
        for bytes in garbage {
            let _ = read(bytes, "x", Some(format), Some(&Passphrase::new("pw")));
            let _ = read(bytes, "x", Some(format), None);
        }
    }
}

#[test]
fn preview_skips_duplicates_and_add_new_writes_only_new_ones() {
    let temp = tempfile::tempdir().unwrap();
    let dir = crate::VaultDir::new(temp.path());
    let mut vault = Vault::create(
        &dir,
        &crate::CreateOptions {
            keyring: false,
            passphrase: Some(Passphrase::new("pw")),
            kdf: crate::KdfParams {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
        },
    )
    .unwrap();
    vault
        .add(
            crate::OtpAccount::parse("otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ")
                .unwrap(),
        )
        .unwrap();
    let (bytes, name) = peer("aegis/plain.txt");
    let mut imported = read(&bytes, &name, None, None).unwrap();
    // The same account twice in the file counts once.
    imported.accounts.push(imported.accounts[1].clone());
    let preview = preview(vault.accounts(), imported);
    assert_eq!(preview.new.len(), 6);
    assert_eq!(preview.duplicates.len(), 2);
    assert_eq!(preview.duplicates[0].otp.issuer.as_deref(), Some("Deno"));
    assert_eq!(vault.accounts().len(), 1, "a preview writes nothing");
    let ids = add_new(&mut vault, preview).unwrap();
    assert_eq!(ids.len(), 6);
    assert_eq!(vault.accounts().len(), 7);
    // Importing again adds nothing.
    let again = preview_of(&vault, &bytes, &name);
    assert!(again.new.is_empty());
    assert_eq!(again.duplicates.len(), 7);
    assert!(add_new(&mut vault, again).unwrap().is_empty());
}

fn preview_of(vault: &Vault, bytes: &[u8], name: &str) -> ImportPreview {
    preview(vault.accounts(), read(bytes, name, None, None).unwrap())
}

#[test]
fn format_names_are_stable() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
        assert_eq!(
            serde_json::to_string(&format).unwrap(),
            format!("\"{}\"", format.name())
        );
    }
    assert_eq!(Format::from_name("2FAS"), Some(Format::TwoFas));
    assert_eq!(Format::from_name("nope"), None);
}
