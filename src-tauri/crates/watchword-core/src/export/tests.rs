//! Round trips: the vault's accounts → each export format → Watchword's own
//! importer → the same accounts. And the encrypted Aegis file opened the way
//! Aegis opens it, with the primitives called directly (no importer code).

use aes_gcm::aead::{Aead, KeyInit};
use base64::Engine;

use super::*;
use crate::account::{Icon, IconImage, IconMime, NewAccount};
use crate::import::{self, Format, ImportError};
use crate::uri::OtpAccount;

const LIGHT: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

fn accounts() -> Vec<Account> {
    let uris = [
        "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/Bank%20%26%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=7&period=20",
        "otpauth://totp/Corp:eve?secret=BASE32SECRET3232&algorithm=SHA512&digits=8&period=60",
        "otpauth://hotp/VPN:carol?secret=BASE32SECRET3232&counter=10300&algorithm=SHA256&digits=8",
        "otpauth://steam/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI",
        "otpauth://totp/n%C3%B6%3Cb%3E%20name?secret=JBSWY3DPEHPK3PXQ",
    ];
    uris.iter()
        .enumerate()
        .map(|(i, uri)| {
            let mut account =
                Account::new(OtpAccount::parse(uri).unwrap(), i as u32, 1_700_000_000);
            if i < 2 {
                account.groups = vec!["Work".into()];
                account.note = format!("note {i} <with> \"quotes\"");
            }
            if i == 3 {
                account.groups = vec!["Private".into(), "Work".into()];
                account.favourite = true;
            }
            // Icons the way Aegis 3 keeps them: PNG, JPEG and SVG bytes.
            account.icon = match i {
                0 => Some(Icon::chosen(IconImage::Picture {
                    mime: IconMime::Png,
                    bytes: crate::icons::tests::png(12, 12),
                })),
                1 => Some(Icon::chosen(IconImage::Picture {
                    mime: IconMime::Jpeg,
                    bytes: crate::icons::tests::jpeg(12, 12),
                })),
                3 => Some(Icon::chosen(IconImage::Picture {
                    mime: IconMime::Svg,
                    bytes: br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><path d="M0 0h2v2z"/></svg>"#.to_vec(),
                })),
                _ => None,
            };
            account
        })
        .collect()
}

fn otps(accounts: &[Account]) -> Vec<OtpAccount> {
    accounts.iter().map(|a| a.otp.clone()).collect()
}

fn full(accounts: &[Account]) -> Vec<NewAccount> {
    accounts
        .iter()
        .map(|a| NewAccount {
            otp: a.otp.clone(),
            groups: a.groups.clone(),
            note: a.note.clone(),
            icon: a.icon.clone(),
            favourite: a.favourite,
        })
        .collect()
}

/// The import format of this name (the registry has no per-format constants
/// outside `import`).
fn format(name: &str) -> Format {
    Format::from_name(name).expect("a registered import format")
}

fn reimport(bytes: &[u8], name: &str, format: Format, password: Option<&str>) -> import::Imported {
    assert_eq!(import::detect(bytes, name), Some(format), "{name}");
    let password = password.map(Passphrase::new);
    let imported = import::read(bytes, name, None, password.as_ref()).unwrap();
    assert!(imported.rejected.is_empty(), "{:?}", imported.rejected);
    imported
}

#[test]
fn watchword_backup_round_trips_everything() {
    let accounts = accounts();
    let pw = Passphrase::new("correct horse");
    let export = write(ExportFormat::Watchword, &accounts, Some(&pw), LIGHT, 5).unwrap();
    assert!(export.warning.is_none());
    let text = String::from_utf8(export.bytes.to_vec()).unwrap();
    assert!(
        text.contains("\"memoryKib\": 1024") && text.contains("argon2id"),
        "{text}"
    );
    assert!(
        !text.contains("JBSW") && !text.contains("GitHub"),
        "nothing in clear"
    );
    let imported = reimport(
        &export.bytes,
        "x.wwbackup",
        format("watchword"),
        Some("correct horse"),
    );
    assert_eq!(imported.accounts, full(&accounts));
    // Every field comes back through the backup module itself.
    assert_eq!(crate::backup::open(&export.bytes, &pw).unwrap(), accounts);
    assert_eq!(
        import::read(&export.bytes, "x", None, Some(&Passphrase::new("wrong"))).unwrap_err(),
        ImportError::WrongPassword(format("watchword"))
    );
    // An altered KDF parameter in the header no longer opens.
    let altered = text.replace("\"iterations\": 1", "\"iterations\": 2");
    assert!(crate::backup::open(altered.as_bytes(), &pw).is_err());
    assert_eq!(
        write(ExportFormat::Watchword, &accounts, None, LIGHT, 5).unwrap_err(),
        ExportError::PasswordRequired("watchword")
    );
}

#[test]
fn aegis_plain_round_trips_with_groups_and_notes() {
    let accounts = accounts();
    let export = write(ExportFormat::Aegis, &accounts, None, LIGHT, 0).unwrap();
    assert_eq!(export.warning, Some(PLAIN_WARNING));
    let imported = reimport(&export.bytes, "aegis.json", format("aegis"), None);
    assert_eq!(imported.accounts, full(&accounts));
    let file: serde_json::Value = serde_json::from_slice(&export.bytes).unwrap();
    assert_eq!(file["db"]["version"], 3);
    assert_eq!(file["db"]["groups"].as_array().unwrap().len(), 2);
    // Icons as Aegis writes them: base64, the MIME type, and its hash
    // (SHA-256 over the MIME type then the bytes), computed here independently.
    let entry = &file["db"]["entries"][0];
    let Some(Icon {
        image: IconImage::Picture { bytes, .. },
        ..
    }) = &accounts[0].icon
    else {
        unreachable!()
    };
    assert_eq!(
        entry["icon"],
        base64::engine::general_purpose::STANDARD.encode(bytes)
    );
    assert_eq!(entry["icon_mime"], "image/png");
    let mut hashed = b"image/png".to_vec();
    hashed.extend_from_slice(bytes);
    use sha2::Digest;
    assert_eq!(
        entry["icon_hash"],
        crate::hex::encode(&sha2::Sha256::digest(&hashed))
    );
    assert_eq!(file["db"]["entries"][2]["icon"], serde_json::Value::Null);
    assert_eq!(file["db"]["entries"][3]["favorite"], true);
    assert_eq!(
        file["db"]["entries"][3]["groups"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn aegis_encrypted_opens_the_way_aegis_opens_it() {
    let accounts = accounts();
    let pw = Passphrase::new("hunter2 ünïcode");
    let export = write(ExportFormat::Aegis, &accounts, Some(&pw), LIGHT, 0).unwrap();
    assert!(export.warning.is_none());
    // 1. Watchword's Aegis importer.
    let imported = reimport(
        &export.bytes,
        "aegis.json",
        format("aegis"),
        Some("hunter2 ünïcode"),
    );
    assert_eq!(imported.accounts, full(&accounts));
    // 2. Independently: scrypt(password, salt, n, r, p) opens the slot's
    //    master key (AES-GCM, key || tag); the master key opens db || tag.
    let file: serde_json::Value = serde_json::from_slice(&export.bytes).unwrap();
    assert_eq!(file["version"], 1);
    let slot = &file["header"]["slots"][0];
    assert_eq!(slot["type"], 1);
    assert_eq!(
        (slot["n"].as_u64(), slot["r"].as_u64(), slot["p"].as_u64()),
        (Some(32768), Some(8), Some(1))
    );
    let hex = |v: &serde_json::Value| {
        data_encoding::HEXLOWER
            .decode(v.as_str().unwrap().as_bytes())
            .unwrap()
    };
    let salt = hex(&slot["salt"]);
    assert_eq!(salt.len(), 32);
    let mut derived = [0u8; 32];
    scrypt::scrypt(
        "hunter2 ünïcode".as_bytes(),
        &salt,
        &scrypt::Params::new(15, 8, 1, 32).unwrap(),
        &mut derived,
    )
    .unwrap();
    let mut wrapped = hex(&slot["key"]);
    wrapped.extend(hex(&slot["key_params"]["tag"]));
    let master = aes_gcm::Aes256Gcm::new_from_slice(&derived)
        .unwrap()
        .decrypt(
            aes_gcm::Nonce::from_slice(&hex(&slot["key_params"]["nonce"])),
            wrapped.as_slice(),
        )
        .unwrap();
    assert_eq!(master.len(), 32);
    let mut db = base64::engine::general_purpose::STANDARD
        .decode(file["db"].as_str().unwrap())
        .unwrap();
    db.extend(hex(&file["header"]["params"]["tag"]));
    let plain = aes_gcm::Aes256Gcm::new_from_slice(&master)
        .unwrap()
        .decrypt(
            aes_gcm::Nonce::from_slice(&hex(&file["header"]["params"]["nonce"])),
            db.as_slice(),
        )
        .unwrap();
    let db: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(db["version"], 3);
    let entries = db["entries"].as_array().unwrap();
    assert_eq!(entries.len(), accounts.len());
    assert_eq!(entries[3]["type"], "hotp");
    assert_eq!(entries[3]["info"]["counter"], 10300);
    assert_eq!(entries[4]["type"], "steam");
    assert_eq!(entries[4]["info"]["digits"], 5);
    assert_eq!(
        entries[1]["info"]["secret"],
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    );
}

#[test]
fn otpauth_list_round_trips_and_warns() {
    let accounts = accounts();
    let export = write(ExportFormat::Otpauth, &accounts, None, LIGHT, 0).unwrap();
    assert_eq!(export.warning, Some(PLAIN_WARNING));
    let imported = reimport(&export.bytes, "links.txt", format("otpauth"), None);
    // Links carry no groups or notes.
    assert_eq!(
        imported
            .accounts
            .iter()
            .map(|a| a.otp.clone())
            .collect::<Vec<_>>(),
        otps(&accounts)
    );
}

#[test]
fn google_qr_round_trips_what_it_can_carry() {
    let accounts = accounts();
    let (uris, skipped) = crate::migration::encode(&otps(&accounts), 7);
    assert_eq!(uris.len(), 1);
    let png = crate::qr::to_png(&uris[0], 4).unwrap();
    let imported = reimport(&png, "code.png", format("gauth-qr"), None);
    // 7 digits, a 20 or 60 s period and Steam cannot be carried.
    let carried: Vec<OtpAccount> = otps(&accounts)
        .into_iter()
        .filter(|o| {
            !skipped
                .iter()
                .any(|s| s.label == crate::import::entry::label(o.issuer.as_deref(), &o.name))
        })
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(
        imported
            .accounts
            .iter()
            .map(|a| a.otp.clone())
            .collect::<Vec<_>>(),
        carried
    );
}

#[test]
fn html_sheet_has_a_code_per_account_and_escapes_names() {
    let accounts = accounts();
    let export = write(ExportFormat::Html, &accounts, None, LIGHT, 0).unwrap();
    assert_eq!(export.warning, Some(PLAIN_WARNING));
    assert!(export.skipped.is_empty());
    let html = String::from_utf8(export.bytes.to_vec()).unwrap();
    assert_eq!(html.matches("<svg").count(), accounts.len());
    assert!(!html.contains("<?xml"), "inline SVG, no XML prologue");
    assert!(html.contains("nö&lt;b&gt; name"), "names are escaped");
    assert!(html.contains("Bank &amp; Co"));
    assert!(
        html.contains("JBSW Y3DP EHPK 3PXP"),
        "the secret, written out"
    );
    assert!(html.contains("HOTP · SHA256 · 8 digits · counter 10300"));
    assert!(html.contains("Warning: this file holds your secrets unencrypted"));
}

#[test]
fn export_names_are_stable() {
    for format in ExportFormat::ALL {
        assert_eq!(ExportFormat::from_name(format.name()), Some(format));
    }
}

#[test]
fn the_table_lists_every_format_once_and_drives_write() {
    let names: Vec<&str> = formats().iter().map(|f| f.name).collect();
    assert_eq!(names, ["watchword", "aegis", "otpauth", "html", "gauth-qr"]);
    // Every one-file format has its row, in the same order.
    let files: Vec<ExportFormat> = formats()
        .iter()
        .filter_map(|f| match f.output {
            Output::File(format) => Some(format),
            Output::QrPictures => None,
        })
        .collect();
    assert_eq!(files, ExportFormat::ALL);
    assert_eq!(ExportFormat::from_name("gauth-qr"), None);
    assert_eq!(
        format_named("GAUTH-QR").map(|f| f.output),
        Some(Output::QrPictures)
    );
    for info in formats() {
        assert!(
            info.default_file_name.ends_with(info.extension) || info.output == Output::QrPictures
        );
        assert_eq!(info.plain_secrets, info.encryption != Encryption::Required);
        assert_eq!(info.warning.is_some(), info.plain_secrets, "{}", info.name);
    }

    // `write` follows each row: the password policy and the warning.
    let accounts = accounts();
    let pw = Passphrase::new("pw");
    for &format in &ExportFormat::ALL {
        let info = format.info();
        let plain = write(format, &accounts, None, LIGHT, 0);
        match info.encryption {
            Encryption::Required => {
                assert_eq!(plain.unwrap_err(), ExportError::PasswordRequired(info.name))
            }
            _ => assert_eq!(plain.unwrap().warning, info.warning, "{}", info.name),
        }
        let encrypted = write(format, &accounts, Some(&pw), LIGHT, 0).unwrap();
        let expected = match info.encryption {
            Encryption::None => info.warning,
            Encryption::Optional | Encryption::Required => None,
        };
        assert_eq!(encrypted.warning, expected, "{}", info.name);
    }
}

#[test]
fn the_table_serializes_for_the_export_dialog() {
    assert_eq!(
        serde_json::to_value(formats()).unwrap(),
        serde_json::json!([
            {"name": "watchword", "title": "Watchword backup", "extension": "wwbackup",
             "defaultFileName": "watchword-backup.wwbackup", "encryption": "required",
             "plainSecrets": false, "warning": null, "output": "file"},
            {"name": "aegis", "title": "Aegis vault", "extension": "json",
             "defaultFileName": "aegis-export.json", "encryption": "optional",
             "plainSecrets": true, "warning": PLAIN_WARNING, "output": "file"},
            {"name": "otpauth", "title": "otpauth:// links", "extension": "txt",
             "defaultFileName": "otpauth-links.txt", "encryption": "none",
             "plainSecrets": true, "warning": PLAIN_WARNING, "output": "file"},
            {"name": "html", "title": "Printable sheet of QR codes", "extension": "html",
             "defaultFileName": "watchword-paper-backup.html", "encryption": "none",
             "plainSecrets": true, "warning": PLAIN_WARNING, "output": "file"},
            {"name": "gauth-qr", "title": "Google Authenticator QR codes", "extension": "png",
             "defaultFileName": "watchword-export", "encryption": "none",
             "plainSecrets": true, "warning": QR_PICTURES_WARNING, "output": "pictures"},
        ])
    );
}

#[test]
fn brand_icons_go_to_aegis_as_pictures_and_come_back_as_brands() {
    let mut accounts = accounts();
    // A brand the user chose for an account its name does not match.
    accounts[2].icon = Some(Icon::chosen(IconImage::Brand {
        slug: "github".into(),
    }));
    let export = write(ExportFormat::Aegis, &accounts, None, LIGHT, 0).unwrap();
    let file: serde_json::Value = serde_json::from_slice(&export.bytes).unwrap();
    let entries = &file["db"]["entries"];
    // Aegis shows what Watchword shows: the chosen brand, and the brand
    // "Steam" is matched to by name, each as an SVG tile.
    for (at, title) in [(2, "GitHub"), (4, "Steam")] {
        assert_eq!(entries[at]["icon_mime"], "image/svg+xml", "entry {at}");
        let svg = base64::engine::general_purpose::STANDARD
            .decode(entries[at]["icon"].as_str().unwrap())
            .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains(&format!("<title>{title}</title>")), "{svg}");
    }
    // The letter stays the letter.
    assert_eq!(entries[5]["icon"], serde_json::Value::Null);
    // Read back: the chosen brand is chosen again, the matched one automatic again.
    let imported = reimport(&export.bytes, "aegis.json", format("aegis"), None);
    assert_eq!(imported.accounts, full(&accounts));
    // An SVG that is not exactly a built-in tile stays a picture.
    let tampered = String::from_utf8(export.bytes.to_vec()).unwrap().replace(
        entries[2]["icon"].as_str().unwrap(),
        &base64::engine::general_purpose::STANDARD.encode(
            crate::icons::brands::svg(crate::icons::brands::get("github").unwrap())
                .replace("rx=\"7\"", "rx=\"6\""),
        ),
    );
    let imported = reimport(tampered.as_bytes(), "aegis.json", format("aegis"), None);
    assert!(matches!(
        imported.accounts[2].icon,
        Some(Icon {
            image: IconImage::Picture {
                mime: IconMime::Svg,
                ..
            },
            chosen: true
        })
    ));
}
