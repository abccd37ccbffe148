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
    groups: Vec<String>,
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
        groups: Vec::new(),
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
            groups: a.groups.clone(),
            note: a.note.clone(),
            extra: a.otp.extra.clone(),
        })
        .collect()
}

/// True (and says so) when `../shared/peer-data` is absent, as in an outside
/// contributor's clone: the tests that read the other apps' real files skip.
fn skip_without_peer_data() -> bool {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/peer-data");
    let absent = !dir.is_dir();
    if absent {
        eprintln!(
            "skipped: {} is absent (the shared peer test data)",
            dir.display()
        );
    }
    absent
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
    if skip_without_peer_data() {
        return;
    }
    check("aegis/plain.txt", otpauth::FORMAT, None, expected(&SEVEN));
    check(
        "gnome-authenticator/plain.txt",
        otpauth::FORMAT,
        None,
        expected(&SEVEN),
    );
}

#[test]
fn aegis_plain_encrypted_and_grouped() {
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/aegis_plain.json",
        aegis::FORMAT,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/aegis_encrypted.json",
        aegis::FORMAT,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/aegis_encrypted.json", aegis::FORMAT);
    // Version 2: the per-entry "group" string becomes the account's group.
    let mut want = expected(&SEVEN);
    for r in &mut want {
        r.groups = match r.secret.as_str() {
            DENO | AIRBNB => vec!["group1".into()],
            ISSUU => vec!["group2".into()],
            _ => Vec::new(),
        };
    }
    check(
        "aegis/aegis_plain_grouped_v2.json",
        aegis::FORMAT,
        None,
        want,
    );
}

#[test]
fn aegis_files_from_gnome_authenticator() {
    if skip_without_peer_data() {
        return;
    }
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
        aegis::FORMAT,
        None,
        want,
    );
    check(
        "gnome-authenticator/aegis_encrypted.json",
        aegis::FORMAT,
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
    if skip_without_peer_data() {
        return;
    }
    // Schema 1 keeps no type, algorithm, digits or period: six TOTP defaults.
    let want = expected(&[DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE])
        .into_iter()
        .map(defaults)
        .collect();
    check("aegis/2fas_authenticator.json", twofas::FORMAT, None, want);
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
        twofas::FORMAT,
        None,
        schema2.clone(),
    );
    check(
        "aegis/2fas_authenticator_encrypted.2fas",
        twofas::FORMAT,
        Some("test"),
        schema2,
    );
    wrong_password("aegis/2fas_authenticator_encrypted.2fas", twofas::FORMAT);
    // Schemas 3 and 4 carry everything.
    let v3 = read_plain("aegis/2fas_authenticator_plain_v3.2fas");
    check(
        "aegis/2fas_authenticator_plain_v3.2fas",
        twofas::FORMAT,
        None,
        expected(&v3),
    );
    check(
        "aegis/2fas_authenticator_encrypted_v3.2fas",
        twofas::FORMAT,
        Some("test"),
        expected(&v3),
    );
    let v4 = read_plain("aegis/2fas_authenticator_plain_v4.2fas");
    assert_eq!(v4, [DENO, ISSUU, AIR_CANADA, WWE, BOEING]);
    check(
        "aegis/2fas_authenticator_plain_v4.2fas",
        twofas::FORMAT,
        None,
        expected(&v4),
    );
    check(
        "aegis/2fas_authenticator_encrypted_v4.2fas",
        twofas::FORMAT,
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
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/andotp_plain.json",
        andotp::FORMAT,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/andotp_encrypted.bin",
        andotp::FORMAT,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/andotp_encrypted.bin", andotp::FORMAT);
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
        andotp::FORMAT,
        Some("test"),
        glued,
    );
    check(
        "gnome-authenticator/andotp_plain.json",
        andotp::FORMAT,
        None,
        expected(&SEVEN),
    );
    let gnome = check_loose(
        "gnome-authenticator/andotp_enc.json.aes",
        andotp::FORMAT,
        "123456",
    );
    assert_eq!(gnome.accounts.len(), 7);
    wrong_password("gnome-authenticator/andotp_enc.json.aes", andotp::FORMAT);
}

#[test]
fn bitwarden_json_and_csv() {
    if skip_without_peer_data() {
        return;
    }
    // Bitwarden keeps Steam as steam://SECRET: issuer Steam, the item's name.
    let mut want = expected(&[DENO, SPDX, AIRBNB, BOEING]);
    want[3].issuer = Some("Steam".into());
    want[3].name = "Test 4".into();
    check("aegis/bitwarden.csv", bitwarden::FORMAT, None, want.clone());
    want[3].name = "Test Steam".into();
    check(
        "aegis/bitwarden.json",
        bitwarden::FORMAT,
        None,
        want.clone(),
    );
    check(
        "gnome-authenticator/bitwarden.json",
        bitwarden::FORMAT,
        None,
        want,
    );
}

#[test]
fn freeotp_plus_and_v1_store_the_counter_minus_one() {
    if skip_without_peer_data() {
        return;
    }
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
        freeotp::FORMAT,
        None,
        minus_one(&[DENO, AIRBNB, ISSUU, WWE]),
    );
    let plus = [DENO, SPDX, AIRBNB, ISSUU, AIR_CANADA, WWE];
    check(
        "aegis/freeotp_plus.json",
        freeotp_plus::FORMAT,
        None,
        minus_one(&plus),
    );
    check(
        "gnome-authenticator/freeotp_json.json",
        freeotp_plus::FORMAT,
        None,
        minus_one(&plus),
    );
}

#[test]
fn freeotp_v2_encrypted_backups() {
    if skip_without_peer_data() {
        return;
    }
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
        check(&path, freeotp::FORMAT, Some("test"), expected(&secrets));
    }
    wrong_password("aegis/freeotp_v2_api34.xml", freeotp::FORMAT);
    // No algo, digits or period stored: the defaults.
    check(
        "aegis/freeotp_v2_null_algo.xml",
        freeotp::FORMAT,
        Some("test"),
        expected(&[DENO]),
    );
}

#[test]
fn ente_auth_quirks() {
    if skip_without_peer_data() {
        return;
    }
    // Lower-case sha512, a period on an HOTP link and Ente's codeDisplay
    // parameter: the accounts come out exactly, codeDisplay not kept.
    check("aegis/ente_auth.txt", ente::FORMAT, None, expected(&SEVEN));
}

#[test]
fn stratum_plain_encrypted_and_legacy() {
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/stratum_plain.json",
        stratum::FORMAT,
        None,
        expected(&SEVEN),
    );
    check(
        "aegis/stratum_encrypted.bin",
        stratum::FORMAT,
        Some("test"),
        expected(&SEVEN),
    );
    check(
        "aegis/stratum_encrypted_legacy.bin",
        stratum::FORMAT,
        Some("test"),
        expected(&SEVEN),
    );
    wrong_password("aegis/stratum_encrypted_legacy.bin", stratum::FORMAT);
}

#[test]
fn proton_authenticator() {
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/proton_authenticator.json",
        proton::FORMAT,
        None,
        expected(&[DENO, SPDX, AIRBNB]),
    );
}

#[test]
fn authy_plain_and_encrypted() {
    if skip_without_peer_data() {
        return;
    }
    // Authy keeps digits only: SHA1 and 30 s for every third-party token.
    let want: Vec<Row> = expected(&[DENO, SPDX, AIRBNB])
        .into_iter()
        .map(|mut r| {
            r.algorithm = Algorithm::Sha1;
            r.kind = Kind::Totp { period: 30 };
            r
        })
        .collect();
    check("aegis/authy_plain.xml", authy::FORMAT, None, want.clone());
    check(
        "aegis/authy_encrypted.xml",
        authy::FORMAT,
        Some("testtest"),
        want,
    );
    wrong_password("aegis/authy_encrypted.xml", authy::FORMAT);
}

#[test]
fn battle_net_steam_and_duo() {
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/battle_net_authenticator.xml",
        battle_net::FORMAT,
        None,
        expected(&[BATTLE_NET]),
    );
    // Steam files name no issuer but Steam itself.
    let mut steam = expected(&[BOEING]);
    steam[0].issuer = Some("Steam".into());
    check("aegis/steam.json", steam::FORMAT, None, steam.clone());
    check("aegis/steam_old.json", steam::FORMAT, None, steam);
    // Duo keeps no issuer and no parameters; its HOTP counter is its own (3).
    let mut duo = vec![
        defaults(expected(&[DENO])[0].clone()),
        expected(&[ISSUU])[0].clone(),
    ];
    for r in &mut duo {
        r.issuer = None;
    }
    duo[1].kind = Kind::Hotp { counter: 3 };
    check("aegis/duo.json", duo::FORMAT, None, duo);
}

#[test]
fn totp_authenticator() {
    if skip_without_peer_data() {
        return;
    }
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
        totp_authenticator::FORMAT,
        Some("Testtest1"),
        want,
    );
    wrong_password("aegis/totp_authenticator.bin", totp_authenticator::FORMAT);
}

#[test]
fn authenticator_plus_zip() {
    if skip_without_peer_data() {
        return;
    }
    check(
        "aegis/authenticator_plus.zip",
        authenticator_plus::FORMAT,
        Some("testtesttest"),
        expected(&SEVEN),
    );
    wrong_password("aegis/authenticator_plus.zip", authenticator_plus::FORMAT);
}

#[test]
fn raivo_rejects_non_base32_secrets_with_a_reason() {
    if skip_without_peer_data() {
        return;
    }
    let (bytes, name) = peer("gnome-authenticator/raivootp.zip");
    assert_eq!(detect(&bytes, &name), Some(raivo::FORMAT));
    assert_eq!(
        read(&bytes, &name, None, None).unwrap_err(),
        ImportError::PasswordRequired(raivo::FORMAT)
    );
    wrong_password("gnome-authenticator/raivootp.zip", raivo::FORMAT);
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
    assert_eq!(imported.format, otpauth::FORMAT);
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
    let imported = read(file.as_bytes(), "x.json", Some(andotp::FORMAT), None).unwrap();
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
    for &format in Format::ALL {
        for bytes in garbage {
            let _ = read(bytes, "x", Some(format), Some(&Passphrase::new("pw")));
            let _ = read(bytes, "x", Some(format), None);
        }
    }
}

#[test]
fn preview_skips_duplicates_and_add_new_writes_only_new_ones() {
    if skip_without_peer_data() {
        return;
    }
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
    for &format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
        assert_eq!(
            serde_json::to_string(&format).unwrap(),
            format!("\"{}\"", format.name())
        );
    }
    assert_eq!(Format::from_name("2FAS"), Some(twofas::FORMAT));
    assert_eq!(Format::from_name("nope"), None);
}

// ---- The format registry and scored detection ----

/// The peer file at `path`, or `None` (with a note on stderr) when the shared
/// test data is not on this machine.
fn peer_if_present(path: &str) -> Option<(Vec<u8>, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/peer-data");
    if !root.is_dir() {
        eprintln!(
            "skipped: {} is absent (the shared peer test data)",
            root.display()
        );
        return None;
    }
    Some(peer(path))
}

/// Every peer file and the format it is, by name.
const PEER_FORMATS: [(&str, &str); 45] = [
    ("aegis/2fas_authenticator.json", "2fas"),
    ("aegis/2fas_authenticator_encrypted.2fas", "2fas"),
    ("aegis/2fas_authenticator_encrypted_v3.2fas", "2fas"),
    ("aegis/2fas_authenticator_encrypted_v4.2fas", "2fas"),
    ("aegis/2fas_authenticator_plain.2fas", "2fas"),
    ("aegis/2fas_authenticator_plain_v3.2fas", "2fas"),
    ("aegis/2fas_authenticator_plain_v4.2fas", "2fas"),
    ("aegis/aegis_encrypted.json", "aegis"),
    ("aegis/aegis_plain.json", "aegis"),
    ("aegis/aegis_plain_grouped_v2.json", "aegis"),
    ("aegis/andotp_encrypted.bin", "andotp"),
    ("aegis/andotp_encrypted_old.bin", "andotp"),
    ("aegis/andotp_plain.json", "andotp"),
    ("aegis/authenticator_plus.zip", "authenticator-plus"),
    ("aegis/authy_encrypted.xml", "authy"),
    ("aegis/authy_plain.xml", "authy"),
    ("aegis/battle_net_authenticator.xml", "battle-net"),
    ("aegis/bitwarden.csv", "bitwarden"),
    ("aegis/bitwarden.json", "bitwarden"),
    ("aegis/duo.json", "duo"),
    ("aegis/ente_auth.txt", "ente"),
    ("aegis/freeotp.xml", "freeotp"),
    ("aegis/freeotp_plus.json", "freeotp-plus"),
    ("aegis/freeotp_v2_api23.xml", "freeotp"),
    ("aegis/freeotp_v2_api25.xml", "freeotp"),
    ("aegis/freeotp_v2_api27.xml", "freeotp"),
    ("aegis/freeotp_v2_api34.xml", "freeotp"),
    ("aegis/freeotp_v2_null_algo.xml", "freeotp"),
    ("aegis/plain.txt", "otpauth"),
    ("aegis/proton_authenticator.json", "proton"),
    ("aegis/steam.json", "steam"),
    ("aegis/steam_old.json", "steam"),
    ("aegis/stratum_encrypted.bin", "stratum"),
    ("aegis/stratum_encrypted_legacy.bin", "stratum"),
    ("aegis/stratum_plain.json", "stratum"),
    ("aegis/totp_authenticator.bin", "totp-authenticator"),
    ("gnome-authenticator/aegis_encrypted.json", "aegis"),
    ("gnome-authenticator/aegis_issuer_from_name.json", "aegis"),
    ("gnome-authenticator/aegis_plain.json", "aegis"),
    ("gnome-authenticator/andotp_enc.json.aes", "andotp"),
    ("gnome-authenticator/andotp_plain.json", "andotp"),
    ("gnome-authenticator/bitwarden.json", "bitwarden"),
    ("gnome-authenticator/freeotp_json.json", "freeotp-plus"),
    ("gnome-authenticator/plain.txt", "otpauth"),
    ("gnome-authenticator/raivootp.zip", "raivo"),
];

/// The winner and the best score of any other format.
fn winner_and_runner_up(bytes: &[u8], name: &str) -> ((Format, u8), u8) {
    let mut ranked = detect::ranked(Format::ALL, bytes, name);
    ranked.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    (ranked[0], ranked[1].1)
}

#[test]
fn every_peer_file_is_detected_by_a_clear_margin() {
    if skip_without_peer_data() {
        return;
    }
    let Some(_) = peer_if_present("README.md") else {
        return;
    };
    for (path, want) in PEER_FORMATS {
        let (bytes, name) = peer(path);
        assert_eq!(
            detect(&bytes, &name).map(Format::name),
            Some(want),
            "{path}"
        );
        let ((winner, score), runner_up) = winner_and_runner_up(&bytes, &name);
        assert_eq!(winner.name(), want, "{path}");
        assert!(score >= THRESHOLD, "{path}: {score}");
        // No file is won on the registry's order: the scores themselves tell.
        assert!(score > runner_up, "{path}: {score} vs {runner_up}");
    }
    // A peer file added later must get a line above.
    for folder in ["aegis", "gnome-authenticator"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../../shared/peer-data")
            .join(folder);
        for file in std::fs::read_dir(dir).unwrap() {
            let path = format!("{folder}/{}", file.unwrap().file_name().to_string_lossy());
            assert!(
                PEER_FORMATS.iter().any(|(p, _)| *p == path),
                "{path} has no expected format"
            );
        }
    }
}

/// A format that reads `{"accounts":[{"secret":…}]}` (a shape of no real
/// app): it must be able to join the registry next to Steam's collection.
const NEW_APP: Format = Format(&Spec {
    info: FormatInfo {
        name: "new-app",
        title: "New App",
        encryption: Encryption::None,
    },
    detect: |sniff| {
        let ours = sniff.json().is_some_and(|document| {
            json::array(document, "accounts")
                .iter()
                .any(|a| a.get("secret").is_some())
        });
        if ours { detect::LIKELY } else { detect::NO }
    },
    read: |_| Ok(Collected::default()),
});

#[test]
fn an_accounts_key_is_not_steam_and_a_new_format_can_claim_it() {
    let file = br#"{"accounts":[{"secret":"JBSWY3DPEHPK3PXP","issuer":"New","name":"n"}]}"#;
    // The old catch-all read this as Steam; now no format claims it.
    assert_eq!(detect(file, "accounts.json"), None);
    assert_eq!(
        read(file, "accounts.json", None, None).unwrap_err(),
        ImportError::Unrecognised
    );
    // A format added to the registry wins it, wherever it is listed.
    let mut registry = Format::ALL.to_vec();
    registry.push(NEW_APP);
    assert_eq!(
        detect::best(&registry, file, "accounts.json"),
        Some(NEW_APP)
    );
    registry.insert(0, NEW_APP);
    registry.pop();
    assert_eq!(
        detect::best(&registry, file, "accounts.json"),
        Some(NEW_APP)
    );
    // Steam's own collection stays Steam's, with the new format registered.
    let steam_file =
        br#"{"accounts":{"x":{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"s"}}}"#;
    assert_eq!(
        detect::best(&registry, steam_file, "x.json"),
        Some(steam::FORMAT)
    );
}

#[test]
fn ties_go_to_the_earlier_format_and_low_scores_to_nobody() {
    const fn scoring(name: &'static str, score: u8) -> Spec {
        Spec {
            info: FormatInfo {
                name,
                title: name,
                encryption: Encryption::None,
            },
            detect: match score {
                50 => |_| 50,
                _ => |_| THRESHOLD - 1,
            },
            read: |_| Ok(Collected::default()),
        }
    }
    const SPEC_A: Spec = scoring("a", 50);
    const SPEC_B: Spec = scoring("b", 50);
    const SPEC_LOW: Spec = scoring("low", 0);
    const A: Format = Format(&SPEC_A);
    const B: Format = Format(&SPEC_B);
    const LOW: Format = Format(&SPEC_LOW);
    assert_eq!(detect::best(&[A, B], b"x", "x"), Some(A));
    assert_eq!(detect::best(&[B, A], b"x", "x"), Some(B));
    assert_eq!(detect::best(&[LOW], b"x", "x"), None);
    assert_eq!(detect::best(&[LOW, A], b"x", "x"), Some(A));
}

#[test]
fn overlapping_json_shapes_go_to_the_app_whose_markers_they_carry() {
    // An Aegis file that also carries Steam's and Proton's keys.
    let accounts: Vec<Account> = [
        "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ",
        "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&counter=1",
    ]
    .iter()
    .map(|uri| Account::new(crate::OtpAccount::parse(uri).unwrap(), 0, 0))
    .collect();
    let aegis_file = crate::export::aegis::write_plain(&accounts);
    let mut value: serde_json::Value = serde_json::from_slice(&aegis_file).unwrap();
    value["accounts"] = serde_json::json!({"x": {"shared_secret": "THIl8+Jl6ugxr8x0X6eRMg=="}});
    value["shared_secret"] = serde_json::json!("THIl8+Jl6ugxr8x0X6eRMg==");
    value["entries"] =
        serde_json::json!([{"content": {"uri": "otpauth://totp/x?secret=JBSWY3DP"}}]);
    let bytes = serde_json::to_vec(&value).unwrap();
    let ((winner, score), runner_up) = winner_and_runner_up(&bytes, "export.json");
    assert_eq!(winner, aegis::FORMAT);
    assert!(score > runner_up);
    let imported = read(&bytes, "export.json", None, None).unwrap();
    assert_eq!(imported.format, aegis::FORMAT);
    assert_eq!(imported.accounts.len(), 2);

    // A 2FAS file with an `items` list and `folders` (Bitwarden's keys) but
    // no `encrypted`: 2FAS's pair of keys and Bitwarden's pair tie in
    // strength, so the registry's order decides, as the old chain did.
    let twofas = br#"{"schemaVersion":4,"services":[],"items":[],"folders":[]}"#;
    assert_eq!(detect(twofas, "x.2fas"), Some(twofas::FORMAT));

    // A plain andOTP list named like Raivo's export member is still andOTP:
    // content beats names.
    let andotp = br#"[{"secret":"JBSWY3DPEHPK3PXP","label":"a","type":"TOTP"}]"#;
    assert_eq!(
        detect(andotp, "raivo-otp-export.json"),
        Some(andotp::FORMAT)
    );
    // And one named like andOTP's encrypted backups, but holding a Duo list, is Duo.
    let duo = br#"[{"otpGenerator":{"otpSecret":"JBSWY3DPEHPK3PXP"},"name":"d"}]"#;
    assert_eq!(detect(duo, "otp_accounts.json.aes"), Some(duo::FORMAT));
}

/// A link dump the way `extract_otp_secrets` and similar tools write them:
/// `#` comments (one of them a commented-out link), blank lines, migration
/// links and a plain `otpauth://` link.
#[test]
fn a_commented_list_of_migration_links_is_recognised_and_read() {
    let discord = "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D";
    let (batch, skipped) = crate::migration::encode(
        &[
            crate::OtpAccount::parse(
                "otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&algorithm=SHA256&digits=8",
            )
            .unwrap(),
            crate::OtpAccount::parse(
                "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&counter=1",
            )
            .unwrap(),
        ],
        7,
    );
    assert!(skipped.is_empty());
    let text = format!(
        "# 2FA export, extracted from Google Authenticator\n\
         # otpauth://totp/pi@raspberrypi?secret=7KSQL2JTUDIS5EF65KLMRQIIGY&issuer=raspberrypi\n\
         \n\
         #   Secret key: JRZCL47CMXVOQMNPZR2F7J4RGI\n\
         {discord}\n\
         \n\
         # second batch\n\
         {}\n\
         \n\
         \t# an indented comment\n\
         otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ\n\
         \n",
        batch.join("\n")
    );
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("example_export.txt");
    std::fs::write(&path, &text).unwrap();
    let bytes = std::fs::read(&path).unwrap();

    assert_eq!(detect(&bytes, "example_export.txt"), Some(otpauth::FORMAT));
    let imported = read(&bytes, "example_export.txt", None, None).unwrap();
    assert_eq!(imported.format, otpauth::FORMAT);
    assert!(imported.rejected.is_empty(), "{:?}", imported.rejected);
    let mut got = rows(&imported);
    got.sort_by(|a, b| a.secret.cmp(&b.secret));
    let mut spdx = expected(&[SPDX]).remove(0);
    spdx.kind = Kind::Totp { period: 30 };
    spdx.digits = 8;
    let mut want = vec![
        row(
            "Discord",
            "johndoe@example.com",
            Kind::Totp { period: 30 },
            Algorithm::Sha1,
            6,
            BOEING,
        ),
        spdx,
        expected(&[ISSUU]).remove(0),
        expected(&[DENO]).remove(0),
    ];
    want.sort_by(|a, b| a.secret.cmp(&b.secret));
    assert_eq!(got, want);

    // The same list, without a byte-order mark or with one, and with only
    // comments before a plain link.
    let bom = format!("\u{feff}{text}");
    assert_eq!(detect(bom.as_bytes(), "x.txt"), Some(otpauth::FORMAT));
    let plain = "# my codes\n\notpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ\n";
    assert_eq!(detect(plain.as_bytes(), "x.txt"), Some(otpauth::FORMAT));
    // Comments alone are no list.
    assert_eq!(detect(b"# nothing here\n\n# at all\n", "x.txt"), None);
}

#[test]
fn ente_lists_with_comments_stay_ente() {
    let text = "# Ente Auth export\n\notpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&codeDisplay=%7B%7D\n";
    assert_eq!(detect(text.as_bytes(), "ente.txt"), Some(ente::FORMAT));
}

#[test]
fn the_format_list_is_the_registry_and_serializes_for_the_front_ends() {
    let list = formats();
    assert_eq!(list.len(), Format::ALL.len());
    for (info, format) in list.iter().zip(Format::ALL) {
        assert_eq!(info.name, format.name());
        assert_eq!(info.title, format.title());
        assert_eq!(info.encryption, format.encryption());
    }
    let names: Vec<&str> = list.iter().map(|f| f.name).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "names are unique: {names:?}");
    assert_eq!(
        serde_json::to_value(list[0]).unwrap(),
        serde_json::json!({"name": "aegis", "title": "Aegis", "encryption": "optional"})
    );
    let by_name = |name| Format::from_name(name).unwrap().encryption();
    assert_eq!(by_name("watchword"), Encryption::Required);
    assert_eq!(by_name("otpauth"), Encryption::None);
    assert_eq!(
        serde_json::from_str::<Format>("\"freeotp-plus\"").unwrap(),
        freeotp_plus::FORMAT
    );
    assert!(serde_json::from_str::<Format>("\"nope\"").is_err());
}

// ---- Hostile import files (security review): key-derivation costs and the preview ----

/// An encrypted Aegis file with `slots` password slots of scrypt cost
/// (`n`, `r`, `p`); the password opens none of them.
fn aegis_with_slots(slots: usize, n: u64, r: u32, p: u32) -> Vec<u8> {
    let zeros = |len: usize| "00".repeat(len);
    let slot = serde_json::json!({
        "type": 1, "uuid": "5d5c5c2c-0000-4000-8000-000000000000",
        "key": zeros(32), "key_params": {"nonce": zeros(12), "tag": zeros(16)},
        "n": n, "r": r, "p": p, "salt": zeros(32),
    });
    serde_json::to_vec(&serde_json::json!({
        "version": 1,
        "header": {"slots": vec![slot; slots], "params": {"nonce": zeros(12), "tag": zeros(16)}},
        "db": "AAAA",
    }))
    .unwrap()
}

/// Reads an Aegis file with a password; the error it must end in.
fn aegis_error(bytes: &[u8]) -> ImportError {
    read(
        bytes,
        "aegis-export.json",
        Some(aegis::FORMAT),
        Some(&Passphrase::new("pw")),
    )
    .unwrap_err()
}

#[test]
fn hostile_import_files_aegis_with_100_slots_at_maximum_scrypt_cost_is_refused() {
    // 100 slots at the largest cost a single slot may ask for (1 GiB, 16
    // lanes): about an hour of scrypt. Refused for its slot count, before
    // any derivation runs.
    let message = aegis_error(&aegis_with_slots(100, 1 << 20, 8, 16)).to_string();
    assert!(message.contains("100 password slots"), "{message}");
    assert!(message.contains("at most 8"), "{message}");
}

#[test]
fn hostile_import_files_aegis_slots_over_the_file_budget_are_refused() {
    // Within the slot cap, but three 1 GiB slots together ask for more than
    // the per-file budget: refused before the first one is derived.
    let message = aegis_error(&aegis_with_slots(3, 1 << 20, 8, 1)).to_string();
    assert!(
        message.contains("too much key-derivation work"),
        "{message}"
    );
    // One slot of 1 GiB × 16 lanes alone is over the budget too.
    let message = aegis_error(&aegis_with_slots(1, 1 << 20, 8, 16)).to_string();
    assert!(
        message.contains("too much key-derivation work"),
        "{message}"
    );
}

#[test]
fn hostile_import_files_aegis_slot_with_n_2_30_is_refused_as_too_much_work() {
    for r in [1, 8] {
        let message = aegis_error(&aegis_with_slots(1, 1 << 30, r, 1)).to_string();
        assert!(
            message.contains("too much key-derivation work"),
            "r={r}: {message}"
        );
    }
}

#[test]
fn hostile_import_files_legitimate_files_still_import() {
    if skip_without_peer_data() {
        return;
    }
    // The Aegis file Watchword writes (one scrypt slot, N = 2^15, r = 8).
    let accounts = vec![Account::new(
        crate::OtpAccount::parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP").unwrap(),
        0,
        0,
    )];
    let pw = Passphrase::new("pw");
    let export = crate::export::write(
        crate::export::ExportFormat::Aegis,
        &accounts,
        Some(&pw),
        crate::KdfParams::default(),
        0,
    )
    .unwrap();
    let imported = read(&export.bytes, "aegis-export.json", None, Some(&pw)).unwrap();
    assert_eq!(imported.accounts.len(), 1);
    // Eight such slots still fit in one file's budget, with room to spare.
    let slot = crypto::Work::scrypt(1 << 15, 8, 1).unwrap();
    assert!((0..8).fold(crypto::Work::NONE, |sum, _| sum.plus(slot)) < crypto::FILE_BUDGET);
    // Every encrypted peer file (each read once, as the other tests do in
    // detail) opens within its budget.
    let encrypted = [
        ("aegis/aegis_encrypted.json", "test"),
        ("gnome-authenticator/aegis_encrypted.json", "test"),
        ("aegis/2fas_authenticator_encrypted_v4.2fas", "test"),
        ("aegis/andotp_encrypted.bin", "test"),
        ("gnome-authenticator/andotp_enc.json.aes", "123456"),
        ("aegis/freeotp_v2_api34.xml", "test"),
        ("aegis/stratum_encrypted.bin", "test"),
        ("aegis/stratum_encrypted_legacy.bin", "test"),
        ("aegis/authy_encrypted.xml", "testtest"),
    ];
    let Some(_) = peer_if_present("README.md") else {
        return;
    };
    for (path, password) in encrypted {
        let (bytes, name) = peer(path);
        let imported = read(&bytes, &name, None, Some(&Passphrase::new(password)))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!imported.accounts.is_empty(), "{path}");
    }
}

#[test]
fn hostile_import_files_wwbackup_with_4_gib_64_passes_is_refused_on_import() {
    let pw = Passphrase::new("pw");
    let key = crate::backup::BackupKey::derive(
        &pw,
        crate::KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
    )
    .unwrap();
    // Edited as text: the `watchwordBackup` marker stays first (detection).
    let sealed = String::from_utf8(crate::backup::seal(&[], &key, 0)).unwrap();
    let (light, hostile) = (
        "\"memoryKib\": 1024,\n    \"iterations\": 1,",
        "\"memoryKib\": 4194304,\n    \"iterations\": 64,",
    );
    assert!(sealed.contains(light), "{sealed}");
    let bytes = sealed.replace(light, hostile).into_bytes();
    let message = read(&bytes, "x.wwbackup", None, Some(&pw))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("too much key-derivation work"),
        "{message}"
    );
}

/// A distinct valid secret for link `i` (10 bytes, base32).
fn secret_for(i: usize) -> String {
    let mut bytes = [0x5au8; 10];
    bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn link(i: usize) -> String {
    format!(
        "otpauth://totp/Service{}:user{i}?secret={}",
        i % 1000,
        secret_for(i)
    )
}

#[test]
fn hostile_import_files_preview_of_200000_links_is_not_quadratic() {
    const UNIQUE: usize = 199_000;
    const REPEATED: usize = 1_000;
    const IN_VAULT: usize = 300;
    // The vault holds the first 300 links, and one near miss: link 500's
    // secret and issuer under another name (not a duplicate).
    let mut vault: Vec<Account> = (0..IN_VAULT)
        .map(|i| Account::new(crate::OtpAccount::parse(&link(i)).unwrap(), i as u32, 0))
        .collect();
    let mut near = crate::OtpAccount::parse(&link(500)).unwrap();
    near.name = "someone else".into();
    vault.push(Account::new(near, 300, 0));
    // 200,000 lines: 199,000 distinct links, then the first 1,000 again.
    let mut text = String::new();
    for i in (0..UNIQUE).chain(0..REPEATED) {
        text.push_str(&link(i));
        text.push('\n');
    }
    let imported = read(text.as_bytes(), "links.txt", None, None).unwrap();
    assert_eq!(imported.accounts.len(), UNIQUE + REPEATED);
    let compared = || crate::enroll::KEY_COMPARISONS.with(std::cell::Cell::get);
    let before = compared();
    let started = std::time::Instant::now();
    let preview = preview(&vault, imported);
    // A figure for the report, not a pass/fail bound.
    eprintln!(
        "preview of {} links against {} accounts: {:?}",
        UNIQUE + REPEATED,
        vault.len(),
        started.elapsed()
    );
    assert_eq!(preview.new.len(), UNIQUE - IN_VAULT);
    assert_eq!(preview.duplicates.len(), IN_VAULT + REPEATED);
    assert_eq!(preview.new[0].otp.name, format!("user{IN_VAULT}"));
    assert!(preview.new.iter().any(|a| a.otp.name == "user500"));
    // The file's order is kept: the in-vault links first, then the repeats.
    assert_eq!(preview.duplicates[0].otp.name, "user0");
    assert_eq!(preview.duplicates[IN_VAULT].otp.name, "user0");
    // Not quadratic: comparing each entry with the vault and every earlier
    // entry made about 2 · 10^10 comparisons here; a hash set makes one per
    // duplicate plus the odd hash collision.
    let comparisons = compared() - before;
    let entries = (vault.len() + UNIQUE + REPEATED) as u64;
    eprintln!("account-key comparisons: {comparisons} for {entries} accounts");
    assert!(
        comparisons >= (IN_VAULT + REPEATED) as u64,
        "each duplicate is found by a comparison"
    );
    assert!(comparisons <= 2 * entries, "{comparisons} comparisons");
}

/// An Aegis 3 database the way Aegis writes one with icons and groups (the
/// peer files carry none): `icon` base64 with `icon_mime`, the database's
/// `groups` list and entries naming them by uuid, `favorite`.
#[test]
fn aegis_3_icons_groups_and_favourites_come_in_byte_for_byte() {
    use crate::account::{Icon, IconImage, IconMime};
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let png = crate::icons::tests::png(16, 16);
    let jpeg = crate::icons::tests::jpeg(16, 16);
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#181717" d="M12 0L24 24H0z"/></svg>"##;
    let entry = |uuid: &str, issuer: &str, icon: serde_json::Value, mime: &str, groups: &[&str]| {
        serde_json::json!({
            "type": "totp", "uuid": uuid, "name": "alice", "issuer": issuer, "note": "",
            "favorite": issuer == "GitHub", "icon": icon, "icon_mime": mime,
            "info": {"secret": DENO, "algo": "SHA1", "digits": 6, "period": 30},
            "groups": groups,
        })
    };
    let work = "7b1e1c1a-0000-4000-8000-000000000001";
    let home = "7b1e1c1a-0000-4000-8000-000000000002";
    let file = serde_json::json!({
        "version": 1,
        "header": {"slots": null, "params": null},
        "db": {
            "version": 3,
            "entries": [
                entry("1b1e1c1a-0000-4000-8000-000000000001", "GitHub", b64(&png).into(), "image/png", &[work, home]),
                entry("1b1e1c1a-0000-4000-8000-000000000002", "Bank", b64(&jpeg).into(), "image/jpeg", &[home]),
                entry("1b1e1c1a-0000-4000-8000-000000000003", "Forge", b64(svg).into(), "image/svg+xml", &[]),
                entry("1b1e1c1a-0000-4000-8000-000000000004", "Plain", serde_json::Value::Null, "", &["no-such-group"]),
            ],
            "groups": [{"uuid": work, "name": "Work"}, {"uuid": home, "name": "Home"}],
        },
    });
    let bytes = serde_json::to_vec(&file).unwrap();
    let imported = read(&bytes, "aegis-export.json", None, None).unwrap();
    assert!(imported.rejected.is_empty(), "{:?}", imported.rejected);
    let a = &imported.accounts;
    let picture = |mime, bytes: &[u8]| {
        Some(Icon::chosen(IconImage::Picture {
            mime,
            bytes: bytes.to_vec(),
        }))
    };
    assert_eq!(a[0].icon, picture(IconMime::Png, &png));
    assert_eq!(a[1].icon, picture(IconMime::Jpeg, &jpeg));
    assert_eq!(a[2].icon, picture(IconMime::Svg, svg));
    assert_eq!(a[3].icon, None);
    assert_eq!(a[0].groups, ["Work", "Home"]);
    assert_eq!(a[1].groups, ["Home"]);
    assert!(a[2].groups.is_empty() && a[3].groups.is_empty());
    assert!(a[0].favourite && !a[1].favourite);

    // An SVG with a script loses it; a PNG that is not one is dropped, the
    // account still comes in.
    let mut dirty = file.clone();
    dirty["db"]["entries"][2]["icon"] =
        b64(br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><path d="M0 0"/></svg>"#).into();
    dirty["db"]["entries"][1]["icon_mime"] = "image/png".into();
    let imported = read(&serde_json::to_vec(&dirty).unwrap(), "a.json", None, None).unwrap();
    let Some(Icon {
        image: IconImage::Picture { bytes, .. },
        ..
    }) = &imported.accounts[2].icon
    else {
        panic!("the SVG icon is kept, cleaned");
    };
    let kept = String::from_utf8(bytes.clone()).unwrap();
    assert!(!kept.contains("alert") && kept.contains("<path"), "{kept}");
    assert_eq!(imported.accounts[1].icon, None);
    assert_eq!(imported.accounts.len(), 4);
}

/// 2FAS's icon-collection choice and Stratum's named icon become the
/// built-in brand, as the user's choice; 2FAS's label stays automatic.
#[test]
fn twofas_and_stratum_icon_choices_map_to_brands() {
    use crate::account::{Icon, IconImage};
    let brand = |slug: &str| {
        Some(Icon::chosen(IconImage::Brand {
            slug: slug.to_owned(),
        }))
    };
    let service = |name: &str, selected: &str| {
        serde_json::json!({
            "name": name, "secret": DENO, "updatedAt": 0,
            "otp": {"account": "alice", "digits": 6, "period": 30, "algorithm": "SHA1", "tokenType": "TOTP"},
            "order": {"position": 0},
            "icon": {"selected": selected, "label": {"text": "GI", "backgroundColor": "Red"},
                     "iconCollection": {"id": "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad"}},
        })
    };
    let file = serde_json::json!({
        "services": [service("GitHub", "IconCollection"), service("GitLab", "Label"),
                     service("My Own Server", "IconCollection")],
        "groups": [], "schemaVersion": 4, "appVersionCode": 5000000,
    });
    let imported = read(&serde_json::to_vec(&file).unwrap(), "x.2fas", None, None).unwrap();
    let icons: Vec<_> = imported.accounts.iter().map(|a| a.icon.clone()).collect();
    assert_eq!(icons, [brand("github"), None, None]);

    let stratum = serde_json::json!({"Authenticators": [
        {"Type": 2, "Icon": "gitlab", "Issuer": "GitLab", "Username": "a", "Secret": DENO, "Algorithm": 0, "Digits": 6, "Period": 30},
        {"Type": 2, "Icon": "@5f2d…", "Issuer": "Mine", "Username": "b", "Secret": DENO, "Algorithm": 0, "Digits": 6, "Period": 30},
    ]});
    let imported = read(&serde_json::to_vec(&stratum).unwrap(), "s.json", None, None).unwrap();
    let icons: Vec<_> = imported.accounts.iter().map(|a| a.icon.clone()).collect();
    assert_eq!(icons, [brand("gitlab"), None]);
}

/// Ente's `codeDisplay`: pinned, tags and a simple-icons icon come in; the
/// parameter itself is not kept.
#[test]
fn ente_pins_tags_and_simple_icons_come_in() {
    use crate::account::{Icon, IconImage};
    let display = |json: &str| {
        percent_encoding::utf8_percent_encode(json, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let text = format!(
        "otpauth://totp/GitHub:alice?secret={DENO}&issuer=GitHub&codeDisplay={}\notpauth://totp/Deno:bob?secret={DENO}&issuer=Deno&codeDisplay={}\n",
        display(
            r#"{"pinned":true,"trashed":false,"tags":["Work","Code"],"iconSrc":"simpleIcon","iconID":"GitHub"}"#
        ),
        display(r#"{"pinned":false,"tags":[]}"#),
    );
    let imported = read(text.as_bytes(), "ente-codes.txt", None, None).unwrap();
    let [github, deno] = &imported.accounts[..] else {
        panic!("{:?}", imported.accounts.len())
    };
    assert!(github.favourite && !deno.favourite);
    assert_eq!(github.groups, ["Work", "Code"]);
    assert!(deno.groups.is_empty());
    assert_eq!(
        github.icon,
        Some(Icon::chosen(IconImage::Brand {
            slug: "github".into()
        }))
    );
    assert_eq!(deno.icon, None);
    assert!(github.otp.extra.is_empty(), "{:?}", github.otp.extra);
}
