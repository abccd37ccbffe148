//! The vault against real files and the real Secret Service.
//!
//! Run inside `scripts/desktop-session.sh` (as `make test` does): it provides a
//! private D-Bus session with an unlocked gnome-keyring.

use std::fs;
use std::process::Command;

use watchword_core::vault::{KeyringError, keyring::SERVICE};
use watchword_core::{
    AccountEdit, CreateOptions, KdfParams, OtpAccount, Passphrase, Unlock, Vault, VaultDir,
    VaultError,
};

/// Cheap Argon2 so the suite stays fast; the defaults are measured in the benchmark.
const LIGHT: KdfParams = KdfParams {
    memory_kib: 8 * 1024,
    iterations: 1,
    parallelism: 1,
};

const SECRETS: [&str; 3] = [
    "JBSWY3DPEHPK3PXP",
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "BASE32SECRET3232",
];

fn otp(issuer: &str, name: &str, secret: &str) -> OtpAccount {
    OtpAccount::parse(&format!("otpauth://totp/{issuer}:{name}?secret={secret}")).unwrap()
}

fn keyring_only() -> CreateOptions {
    CreateOptions {
        keyring: true,
        passphrase: None,
        kdf: LIGHT,
    }
}

fn with_passphrase(keyring: bool, passphrase: &str) -> CreateOptions {
    CreateOptions {
        keyring,
        passphrase: Some(Passphrase::new(passphrase)),
        kdf: LIGHT,
    }
}

fn by_keyring() -> Unlock {
    Unlock {
        keyring: true,
        passphrase: None,
    }
}

fn by_passphrase(passphrase: &str) -> Unlock {
    Unlock {
        keyring: false,
        passphrase: Some(Passphrase::new(passphrase)),
    }
}

fn populated(dir: &VaultDir, options: &CreateOptions) -> Vault {
    let mut vault = Vault::create(dir, options).unwrap();
    vault.add(otp("GitHub", "alice", SECRETS[0])).unwrap();
    vault
        .add(otp("Proton", "bob%40example.com", SECRETS[1]))
        .unwrap();
    vault.add(otp("Steamy", "carol", SECRETS[2])).unwrap();
    vault
}

/// Every keyring item of ours, via secret-tool (the same Secret Service).
fn keyring_items() -> String {
    // Tests share one keyring: an item another test deletes while secret-tool
    // walks the list makes it stop with "No such secret item"; ask again.
    for _ in 0..10 {
        let out = Command::new("secret-tool")
            .args(["search", "--all", "--unlock", "service", SERVICE])
            .output()
            .expect("secret-tool is installed (libsecret-tools)");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if !text.contains("No such secret item") {
            return text;
        }
    }
    panic!("the keyring kept changing under secret-tool");
}

#[test]
fn keyring_vault_opens_without_typing_and_keeps_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let vault = populated(&dir, &keyring_only());
    let ids: Vec<String> = vault.accounts().iter().map(|a| a.id.clone()).collect();

    let reopened = Vault::open(&dir, &by_keyring()).unwrap();
    assert_eq!(
        reopened
            .accounts()
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>(),
        ids
    );
    assert_eq!(reopened.accounts()[1].otp.name, "bob@example.com");
    assert_eq!(
        reopened.accounts()[0].otp.token.code_at(59).as_str(),
        vault.accounts()[0].otp.token.code_at(59).as_str()
    );
    assert!(reopened.has_keyring_slot() && !reopened.has_passphrase_slot());
}

#[test]
fn nothing_readable_in_the_file_or_the_keyring_item() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut vault = populated(&dir, &with_passphrase(true, "correct horse"));
    vault.rename("alice", None, "alice-renamed".into()).unwrap();

    let mut files = vec![fs::read(dir.file()).unwrap()];
    for entry in fs::read_dir(dir.root().join("backups")).unwrap() {
        files.push(fs::read(entry.unwrap().path()).unwrap());
    }
    let items = keyring_items();
    assert!(items.contains(SERVICE), "the keyring item exists: {items}");
    let needles = SECRETS
        .iter()
        .map(|s| s.to_string())
        .chain(SECRETS.iter().map(|s| s.to_lowercase()))
        .chain(
            [
                "GitHub",
                "alice",
                "Proton",
                "bob@example.com",
                "Steamy",
                "carol",
                "correct horse",
            ]
            .map(String::from),
        );
    for needle in needles {
        for (index, file) in files.iter().enumerate() {
            let found = file
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
            assert!(!found, "{needle:?} appears in vault file #{index}");
        }
        assert!(
            !items.to_lowercase().contains(&needle.to_lowercase()),
            "{needle:?} in the keyring item"
        );
    }
}

#[test]
fn passphrase_slot_wrong_passphrase_and_throttling() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    populated(&dir, &with_passphrase(false, "correct horse"));
    let before = fs::read(dir.file()).unwrap();

    assert!(matches!(
        Vault::open(&dir, &by_passphrase("wrong")),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(matches!(
        Vault::open(&dir, &Unlock::default()),
        Err(VaultError::PassphraseRequired(None))
    ));
    assert_eq!(
        fs::read(dir.file()).unwrap(),
        before,
        "nothing written on failure"
    );

    // Two more wrong attempts reach the limit; the next try must wait, even
    // with the right passphrase, and even from a new process (a file records it).
    for _ in 0..2 {
        assert!(matches!(
            Vault::open(&dir, &by_passphrase("wrong")),
            Err(VaultError::WrongPassphrase)
        ));
    }
    let err = Vault::open(&dir, &by_passphrase("correct horse")).unwrap_err();
    assert!(matches!(err, VaultError::Throttled(1)), "{err}");
    assert_eq!(
        err.to_string(),
        "too many wrong passphrases; try again in 1 s"
    );
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let vault = Vault::open(&dir, &by_passphrase("correct horse")).unwrap();
    assert_eq!(vault.accounts().len(), 3);
    // Success resets the count: one wrong attempt is free again.
    assert!(matches!(
        Vault::open(&dir, &by_passphrase("nope")),
        Err(VaultError::WrongPassphrase)
    ));
}

#[test]
fn passphrase_add_change_remove_and_require_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut vault = populated(&dir, &keyring_only());

    assert!(matches!(
        vault.remove_passphrase(),
        Err(VaultError::NoPassphrase)
    ));
    assert!(matches!(
        vault.disable_keyring(&Passphrase::new("none yet"), LIGHT),
        Err(VaultError::LastSlot)
    ));

    vault
        .set_passphrase(&Passphrase::new("first"), LIGHT)
        .unwrap();
    assert_eq!(
        Vault::open(&dir, &by_passphrase("first"))
            .unwrap()
            .accounts()
            .len(),
        3
    );
    vault
        .set_passphrase(&Passphrase::new("second"), LIGHT)
        .unwrap();
    assert!(matches!(
        Vault::open(&dir, &by_passphrase("first")),
        Err(VaultError::WrongPassphrase)
    ));
    assert_eq!(
        Vault::open(&dir, &by_passphrase("second"))
            .unwrap()
            .accounts()
            .len(),
        3
    );

    // Require the passphrase at start: the keyring item goes away too.
    assert!(keyring_items().contains(&vault_id_fragment(&dir)));
    vault
        .disable_keyring(&Passphrase::new("second"), LIGHT)
        .unwrap();
    assert!(!keyring_items().contains(&vault_id_fragment(&dir)));
    assert!(matches!(
        Vault::open(&dir, &by_keyring()),
        Err(VaultError::PassphraseRequired(None))
    ));
    assert!(matches!(
        vault.remove_passphrase(),
        Err(VaultError::LastSlot)
    ));

    vault.enable_keyring().unwrap();
    vault.remove_passphrase().unwrap();
    let reopened = Vault::open(&dir, &by_keyring()).unwrap();
    assert!(!reopened.has_passphrase_slot());
    assert!(matches!(
        Vault::open(&dir, &by_passphrase("second")),
        Err(VaultError::NoPassphrase)
    ));
}

/// The keyring "user" of a vault starts with its id, which the status shows via the file.
fn vault_id_fragment(dir: &VaultDir) -> String {
    let bytes = fs::read(dir.file()).unwrap();
    let start = position(&bytes, b"\"vault_id\":\"") + 12;
    String::from_utf8(bytes[start..start + 36].to_vec()).unwrap()
}

fn position(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}

#[test]
fn deleted_keyring_item_falls_back_to_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    populated(&dir, &with_passphrase(true, "pw"));
    let id = vault_id_fragment(&dir);
    // Remove our item behind the app's back, as a user clearing the keyring would.
    let items = keyring_items();
    let user = items
        .lines()
        .find_map(|l| {
            l.strip_prefix("attribute.username = ")
                .filter(|u| u.starts_with(&id))
        })
        .unwrap_or_else(|| panic!("item for {id} in {items}"))
        .to_owned();
    let status = Command::new("secret-tool")
        .args(["clear", "service", SERVICE, "username", &user])
        .status()
        .unwrap();
    assert!(status.success());

    let err = Vault::open(&dir, &by_keyring()).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::PassphraseRequired(Some(KeyringError::Missing))
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the vault needs its passphrase (the OS keyring holds no key for this vault)"
    );
    let vault = Vault::open(
        &dir,
        &Unlock {
            keyring: true,
            passphrase: Some(Passphrase::new("pw")),
        },
    )
    .unwrap();
    assert_eq!(vault.keyring_problem(), Some(&KeyringError::Missing));
}

#[test]
fn tampered_truncated_and_foreign_files_are_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    populated(&dir, &keyring_only());
    let good = fs::read(dir.file()).unwrap();

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "flipped payload byte",
            {
                let mut b = good.clone();
                let last = b.len() - 5;
                b[last] ^= 0x40;
                b
            },
            "failed its integrity check",
        ),
        (
            "edited header",
            {
                // Change the generation without the key: the payload no longer authenticates.
                let at = position(&good, b"\"generation\":") + 13;
                let mut b = good.clone();
                b[at] = if b[at] == b'9' { b'8' } else { b'9' };
                b
            },
            "failed its integrity check",
        ),
        (
            "truncated in the payload",
            good[..good.len() - 20].to_vec(),
            "failed its integrity check",
        ),
        (
            "truncated in the header",
            good[..30].to_vec(),
            "is truncated",
        ),
        (
            "a foreign file",
            b"{\"accounts\": []}".to_vec(),
            "is not a Watchword vault",
        ),
        ("an empty file", Vec::new(), "is truncated"),
    ];
    for (what, bytes, message) in cases {
        fs::write(dir.file(), &bytes).unwrap();
        let err = Vault::open(&dir, &by_keyring()).unwrap_err().to_string();
        assert!(err.contains(message), "{what}: {err}");
        assert!(
            err.contains(&dir.file().display().to_string()),
            "{what}: names the file: {err}"
        );
        // Status and init do not overwrite it either.
        let _ = Vault::status(&dir);
        assert!(matches!(
            Vault::create(&dir, &keyring_only()),
            Err(VaultError::AlreadyExists(_))
        ));
        assert_eq!(
            fs::read(dir.file()).unwrap(),
            bytes,
            "{what}: left untouched"
        );
    }
}

#[test]
fn backups_rotate_and_restore_brings_back_a_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut vault = populated(&dir, &keyring_only());
    for i in 0..12 {
        vault
            .add(otp("Extra", &format!("n{i}"), SECRETS[0]))
            .unwrap();
    }
    let backups = Vault::backups(&dir).unwrap();
    assert_eq!(
        backups.len(),
        watchword_core::vault::BACKUPS_KEPT,
        "rotation keeps the last versions"
    );
    assert_eq!(
        backups[0].generation,
        vault.generation() - 1,
        "newest first"
    );

    // Damage the vault, then restore the newest backup.
    fs::write(dir.file(), b"WWVAULT\0garbage").unwrap();
    assert!(Vault::open(&dir, &by_keyring()).is_err());
    let restored = Vault::restore(&dir, &backups[0].name, &by_keyring()).unwrap();
    assert_eq!(restored.accounts().len(), 3 + 11);
    let reopened = Vault::open(&dir, &by_keyring()).unwrap();
    assert_eq!(reopened.accounts().len(), 14);
    assert!(reopened.generation() > backups[0].generation);
    // The damaged file was kept, not lost.
    let kept = Vault::backups(&dir).unwrap();
    let replaced = kept
        .iter()
        .find(|b| b.name.starts_with("replaced-"))
        .expect("damaged file kept");
    assert_eq!(
        fs::read(dir.root().join("backups").join(&replaced.name)).unwrap(),
        b"WWVAULT\0garbage"
    );

    assert!(matches!(
        Vault::restore(&dir, "nope.wwv", &by_keyring()),
        Err(VaultError::NoBackup(_))
    ));
    assert!(matches!(
        Vault::restore(&dir, "../vault.wwv", &by_keyring()),
        Err(VaultError::NoBackup(_))
    ));
}

#[test]
fn a_second_writer_sees_the_first_writers_changes() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut desktop = populated(&dir, &keyring_only());
    let mut cli = Vault::open(&dir, &by_keyring()).unwrap();

    cli.add(otp("FromCli", "x", SECRETS[1])).unwrap();
    assert!(
        desktop.reload_if_changed().unwrap(),
        "the app notices the change"
    );
    assert!(!desktop.reload_if_changed().unwrap());
    assert_eq!(desktop.accounts().len(), 4);

    // Writing from a stale copy merges instead of discarding the other's work.
    cli.add(otp("Again", "y", SECRETS[1])).unwrap();
    desktop.remove("GitHub").unwrap();
    let final_view = Vault::open(&dir, &by_keyring()).unwrap();
    let issuers: Vec<_> = final_view
        .accounts()
        .iter()
        .map(|a| a.otp.issuer.clone().unwrap())
        .collect();
    assert_eq!(issuers, ["Proton", "Steamy", "FromCli", "Again"]);
}

#[test]
fn hotp_next_advances_and_persists_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut vault = Vault::create(&dir, &keyring_only()).unwrap();
    vault
        .add(
            OtpAccount::parse("otpauth://hotp/Bank:bob?secret=BASE32SECRET3232&counter=0").unwrap(),
        )
        .unwrap();
    assert_eq!(vault.next_hotp("bank").unwrap().as_str(), "055283");
    let mut reopened = Vault::open(&dir, &by_keyring()).unwrap();
    assert_eq!(reopened.accounts()[0].otp.token.kind().counter(), Some(1));
    assert!(matches!(
        reopened.next_hotp("nobody"),
        Err(VaultError::Find(_))
    ));
    vault.add(otp("Totp", "t", SECRETS[0])).unwrap();
    reopened.reload_if_changed().unwrap();
    assert!(matches!(
        reopened.next_hotp("Totp"),
        Err(VaultError::NotHotp(_))
    ));
}

#[test]
fn ambiguous_names_list_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(dir.path());
    let mut vault = Vault::create(&dir, &keyring_only()).unwrap();
    vault.add(otp("GitHub", "alice", SECRETS[0])).unwrap();
    vault.add(otp("GitHub", "bob", SECRETS[1])).unwrap();
    let err = vault.find("github").unwrap_err().to_string();
    assert!(
        err.contains("matches 2 accounts")
            && err.contains("GitHub (alice)")
            && err.contains("GitHub (bob)"),
        "{err}"
    );
    assert_eq!(vault.find("GITHUB:BOB").unwrap().otp.name, "bob");
    assert_eq!(vault.find("alice").unwrap().otp.name, "alice");
    let id = vault.accounts()[1].id.clone();
    assert_eq!(vault.find(&id).unwrap().otp.name, "bob");
    assert_eq!(vault.find(&id[..8]).unwrap().otp.name, "bob");
}

#[test]
fn edit_undo_reorder_and_usage_persist() {
    let temp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(temp.path());
    let mut vault = populated(&dir, &with_passphrase(false, "pw"));
    let ids: Vec<String> = vault.accounts().iter().map(|a| a.id.clone()).collect();
    let generation = vault.generation();
    let backups = Vault::backups(&dir).unwrap().len();

    let edited = vault
        .edit(
            &ids[1],
            AccountEdit {
                issuer: " Work ".into(),
                name: "bob@work".into(),
                groups: vec![" Office ".into(), "".into(), "office".into(), "VPN".into()],
                favourite: true,
                note: "the VPN one".into(),
            },
        )
        .unwrap();
    assert_eq!(edited.otp.issuer.as_deref(), Some("Work"));
    assert_eq!(edited.otp.token.secret().to_base32().as_str(), SECRETS[1]);

    // Delete, then undo: the same account, in the same place.
    let removed = vault.remove(&ids[0]).unwrap();
    vault.restore_account(removed.clone()).unwrap();
    vault.restore_account(removed).unwrap();
    assert_eq!(
        vault.accounts().iter().map(|a| &a.id).collect::<Vec<_>>(),
        ids.iter().collect::<Vec<_>>()
    );

    vault.reorder(&[ids[2].clone(), ids[0].clone()]).unwrap();
    vault.record_use(&ids[1]).unwrap();
    vault.record_use(&ids[1]).unwrap();

    let reopened = Vault::open(&dir, &by_passphrase("pw")).unwrap();
    let order: Vec<&str> = {
        let mut accounts: Vec<_> = reopened.accounts().iter().collect();
        accounts.sort_by_key(|a| a.sort);
        accounts.iter().map(|a| a.id.as_str()).collect()
    };
    assert_eq!(order, [&ids[2], &ids[0], &ids[1]]);
    let used = reopened.find(&ids[1]).unwrap();
    assert_eq!(used.use_count, 2);
    assert!(used.last_used.is_some());
    assert_eq!(used.groups, ["Office", "VPN"]);
    assert!(used.favourite);
    assert_eq!(used.note, "the VPN one");
    // Usage counts write the vault without pushing real versions out of the backups.
    assert_eq!(reopened.generation(), generation + 7);
    assert_eq!(Vault::backups(&dir).unwrap().len(), backups + 5);
}

#[test]
fn every_real_change_writes_an_automatic_backup_and_usage_counts_do_not() {
    use watchword_core::backup::{self, BackupKey};
    use watchword_core::settings::Settings;
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let folder = root.path().join("synced");
    let mut vault = Vault::create(&dir, &keyring_only()).unwrap();
    // The front end follows the vault with backups as the saved settings say.
    let auto = std::sync::Arc::new(backup::auto::AutoBackups::new(
        &Settings::load(&dir).unwrap(),
    ));
    vault.listen(auto.clone());
    vault.add(otp("GitHub", "alice", SECRETS[0])).unwrap();
    assert!(auto.last().is_none(), "off by default");

    let passphrase = Passphrase::new("backup words");
    let key = BackupKey::derive(&passphrase, LIGHT).unwrap();
    backup::auto::keep_key(&mut vault, &key).unwrap();
    let settings = Settings {
        auto_backup_dir: Some(folder.clone()),
        auto_backup_keep: 2,
        ..Settings::default()
    };
    settings.save(&dir).unwrap();
    auto.configure(&settings);

    vault.add(otp("GitLab", "bob", SECRETS[1])).unwrap();
    let first = auto.last().unwrap().unwrap();
    let restored = backup::open(&fs::read(&first).unwrap(), &passphrase).unwrap();
    assert_eq!(
        restored.len(),
        2,
        "the backup holds the vault after the change"
    );

    vault.record_use("GitHub").unwrap();
    assert_eq!(
        backup::auto::list(&folder).len(),
        1,
        "counting a copy is no change worth a backup"
    );
    vault.add(otp("Bank", "carol", SECRETS[2])).unwrap();
    vault.rename("Bank", None, "carol2".into()).unwrap();
    assert_eq!(
        backup::auto::list(&folder).len(),
        2,
        "only the newest two are kept"
    );

    // A folder that cannot be written: the change still happens, the failure is kept.
    fs::write(root.path().join("blocked"), b"a file, not a folder").unwrap();
    let blocked = Settings {
        auto_backup_dir: Some(root.path().join("blocked")),
        ..settings
    };
    blocked.save(&dir).unwrap();
    auto.configure(&blocked);
    vault.add(otp("Late", "dave", SECRETS[0])).unwrap();
    assert_eq!(vault.accounts().len(), 4);
    let failure = auto.last().unwrap().unwrap_err();
    assert!(failure.contains("blocked"), "{failure}");
}

#[test]
fn restore_tries_passphrases_throttled_like_opening() {
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let mut vault = populated(&dir, &with_passphrase(false, "right"));
    vault.add(otp("Later", "x", SECRETS[1])).unwrap();
    let backup = Vault::backups(&dir).unwrap()[0].name.clone();
    // Three wrong guesses through restore are free; then restore waits, as open does.
    for _ in 0..3 {
        assert!(matches!(
            Vault::restore(&dir, &backup, &by_passphrase("guess")),
            Err(VaultError::WrongPassphrase)
        ));
    }
    assert!(matches!(
        Vault::restore(&dir, &backup, &by_passphrase("right")),
        Err(VaultError::Throttled(_))
    ));
    assert!(matches!(
        Vault::open(&dir, &by_passphrase("right")),
        Err(VaultError::Throttled(_))
    ));
}

#[test]
fn auto_backup_key_lives_in_the_vault_never_in_the_keyring() {
    use watchword_core::backup::{self, BackupKey};
    use watchword_core::settings::Settings;
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let folder = root.path().join("backups-elsewhere");
    let mut vault = populated(&dir, &with_passphrase(true, "vault words"));
    let id = vault.id().to_owned();
    let passphrase = Passphrase::new("backup words");
    let key = BackupKey::derive(&passphrase, LIGHT).unwrap();
    backup::auto::keep_key(&mut vault, &key).unwrap();
    let items = keyring_items();
    assert!(
        !items.contains(&format!("{id}/auto-backup")),
        "no backup key in the keyring: {items}"
    );

    // Another process (the CLI) with only the vault writes backups that the
    // passphrase alone opens.
    let settings = Settings {
        auto_backup_dir: Some(folder.clone()),
        ..Settings::default()
    };
    let mut other = Vault::open(&dir, &by_passphrase("vault words")).unwrap();
    let auto = std::sync::Arc::new(backup::auto::AutoBackups::new(&settings));
    other.listen(auto.clone());
    other.add(otp("Later", "dave", SECRETS[0])).unwrap();
    let written = auto.last().unwrap().unwrap();
    // Owner-only whatever the umask: the backup, its folder, the data folder.
    #[cfg(unix)]
    for path in [written.as_path(), folder.as_path(), dir.root(), &dir.file()] {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
    }
    assert_eq!(
        backup::open(&fs::read(written).unwrap(), &passphrase)
            .unwrap()
            .len(),
        4
    );

    // "Require the passphrase at start": no item of this vault is left in the keyring.
    other
        .disable_keyring(&Passphrase::new("vault words"), LIGHT)
        .unwrap();
    let items = keyring_items();
    assert!(
        !items.contains(&id),
        "nothing of the vault in the keyring: {items}"
    );

    // Turning backups off forgets the key: the next change writes none.
    backup::auto::forget_key(&mut other).unwrap();
    other.add(otp("Last", "erin", SECRETS[1])).unwrap();
    let failure = auto.last().unwrap().unwrap_err();
    assert!(failure.contains("not in the vault"), "{failure}");
}

#[test]
fn auto_backup_key_an_older_version_left_in_the_keyring_moves_into_the_vault() {
    use watchword_core::backup::{self, BackupKey};
    use watchword_core::vault::keyring;
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let mut vault = populated(&dir, &keyring_only());
    let id = vault.id().to_owned();
    let key = BackupKey::derive(&Passphrase::new("backup words"), LIGHT).unwrap();
    keyring::store_text(
        keyring::SERVICE,
        &format!("{id}/auto-backup"),
        key.to_text(),
    )
    .unwrap();
    assert!(backup::auto::adopt_legacy_key(&mut vault).unwrap());
    assert!(!keyring_items().contains(&format!("{id}/auto-backup")));
    assert!(vault.secret("auto-backup").is_some());
    assert!(
        !backup::auto::adopt_legacy_key(&mut vault).unwrap(),
        "only once"
    );
}

/// Whether `file` (a vault or a kept version) opens with `unlock`, tried as a
/// vault of its own elsewhere.
fn file_opens(file: &std::path::Path, unlock: &Unlock) -> bool {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::copy(file, elsewhere.path().join("vault.wwv")).unwrap();
    Vault::open(&VaultDir::new(elsewhere.path()), unlock).is_ok()
}

/// The vault file and every kept version in the data folder.
fn every_version(dir: &VaultDir) -> Vec<std::path::PathBuf> {
    let mut files = vec![dir.file()];
    for backup in Vault::backups(dir).unwrap() {
        files.push(dir.root().join("backups").join(backup.name));
    }
    files
}

#[test]
fn passphrase_change_leaves_the_old_passphrase_opening_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let mut vault = populated(&dir, &with_passphrase(true, "old words"));
    vault.add(otp("More", "x", SECRETS[2])).unwrap();
    assert!(every_version(&dir).len() > 3);
    assert!(file_opens(&dir.file(), &by_passphrase("old words")));

    vault
        .set_passphrase(&Passphrase::new("new words"), LIGHT)
        .unwrap();
    for file in every_version(&dir) {
        assert!(
            !file_opens(&file, &by_passphrase("old words")),
            "the old passphrase opens {}",
            file.display()
        );
        assert!(
            file_opens(&file, &by_passphrase("new words")),
            "{} is still restorable",
            file.display()
        );
    }
    // The keyring still opens the vault (its slot was rewrapped), and the accounts are all there.
    assert_eq!(
        Vault::open(&dir, &by_keyring()).unwrap().accounts().len(),
        4
    );
    let backup = Vault::backups(&dir).unwrap().last().unwrap().name.clone();
    assert!(Vault::restore(&dir, &backup, &by_passphrase("new words")).is_ok());
}

#[test]
fn passphrase_removal_and_requiring_it_replace_the_master_key() {
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let mut vault = populated(&dir, &with_passphrase(true, "words"));
    let before = every_version(&dir);
    let copies = tempfile::tempdir().unwrap();
    let old_copy = copies.path().join("old.wwv");
    fs::copy(&before[0], &old_copy).unwrap();

    // Removing the passphrase: the keyring opens everything, the passphrase nothing.
    vault.remove_passphrase().unwrap();
    for file in every_version(&dir) {
        assert!(
            !file_opens(&file, &by_passphrase("words")),
            "{}",
            file.display()
        );
        assert!(file_opens(&file, &by_keyring()), "{}", file.display());
    }

    // Requiring a (new) passphrase at start: the keyring's key opens nothing
    // any more, and the copy taken before is a different key altogether.
    vault
        .set_passphrase(&Passphrase::new("fresh"), LIGHT)
        .unwrap();
    vault
        .disable_keyring(&Passphrase::new("fresh"), LIGHT)
        .unwrap();
    for file in every_version(&dir) {
        assert!(!file_opens(&file, &by_keyring()), "{}", file.display());
        assert!(
            file_opens(&file, &by_passphrase("fresh")),
            "{}",
            file.display()
        );
    }
    assert!(
        file_opens(&old_copy, &by_passphrase("words")),
        "copies taken away are not ours"
    );
    // A wrong passphrase does not drop the keyring.
    let mut vault = populated(
        &VaultDir::new(root.path().join("second")),
        &with_passphrase(true, "right"),
    );
    assert!(matches!(
        vault.disable_keyring(&Passphrase::new("wrong"), LIGHT),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(vault.has_keyring_slot());
}

#[test]
fn a_vault_rolled_back_on_disk_is_refused_until_restored() {
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    let mut vault = populated(&dir, &keyring_only());
    let old = fs::read(dir.file()).unwrap();
    vault.add(otp("Newer", "x", SECRETS[2])).unwrap();

    // An old copy put back (by hand, or by a sync engine).
    fs::write(dir.file(), &old).unwrap();
    assert!(matches!(
        vault.reload_if_changed(),
        Err(VaultError::RolledBack { .. })
    ));
    drop(vault);
    // Remembered across restarts.
    assert!(matches!(
        Vault::open(&dir, &by_keyring()),
        Err(VaultError::RolledBack { .. })
    ));
    // Only restore goes back on purpose.
    let newest = Vault::backups(&dir).unwrap()[0].name.clone();
    let restored = Vault::restore(&dir, &newest, &by_keyring()).unwrap();
    assert!(Vault::open(&dir, &by_keyring()).is_ok());
    assert!(restored.generation() > 0);
}

#[test]
fn hostile_import_files_vault_slot_asking_4_gib_64_passes_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(temp.path());
    populated(&dir, &with_passphrase(false, "pw"));
    // Rewrite the clear header: the passphrase slot now asks Argon2id for
    // 4 GiB × 64 passes (minutes and 4 GiB of memory if it were derived).
    let good = fs::read(dir.file()).unwrap();
    let length = u32::from_le_bytes(good[9..13].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&good[13..13 + length]).unwrap();
    let light = "\"memory_kib\":8192,\"iterations\":1,";
    assert!(header.contains(light), "{header}");
    let hostile = header.replace(light, "\"memory_kib\":4194304,\"iterations\":64,");
    let mut bytes = good[..9].to_vec();
    bytes.extend_from_slice(&u32::try_from(hostile.len()).unwrap().to_le_bytes());
    bytes.extend_from_slice(hostile.as_bytes());
    bytes.extend_from_slice(&good[13 + length..]);
    fs::write(dir.file(), &bytes).unwrap();

    // Refused while reading the header, before any derivation: the file is
    // reported as one Watchword did not write, naming the cost asked for.
    let err = Vault::open(&dir, &by_passphrase("pw")).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, VaultError::Corrupt { .. }), "{err:?}");
    assert!(
        message.contains("too much key-derivation work: Argon2id with 4096 MiB"),
        "{message}"
    );
    assert!(Vault::status(&dir).is_err());
    assert_eq!(fs::read(dir.file()).unwrap(), bytes, "left untouched");
}

#[test]
fn the_vault_stamps_and_throttles_by_the_clock_it_is_given() {
    use std::sync::Arc;
    use watchword_core::clock::FixedClock;
    let root = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(root.path().join("vault"));
    populated(&dir, &with_passphrase(false, "right"));
    let clock = Arc::new(FixedClock::at(1_700_000_000));
    let mut vault = Vault::open_with_clock(&dir, &by_passphrase("right"), clock.clone()).unwrap();
    let id = vault.add(otp("Stamped", "x", SECRETS[0])).unwrap();
    clock.set(1_700_000_500);
    vault.record_use(&id).unwrap();
    let account = vault.find(&id).unwrap();
    assert_eq!(account.created, 1_700_000_000);
    assert_eq!(account.last_used, Some(1_700_000_500));

    // Wrong passphrases are counted at the given time: a clock far ahead of
    // the last failure waits no more.
    for _ in 0..4 {
        let _ = Vault::open_with_clock(&dir, &by_passphrase("guess"), clock.clone());
    }
    assert!(matches!(
        Vault::open_with_clock(&dir, &by_passphrase("right"), clock.clone()),
        Err(VaultError::Throttled(_))
    ));
    clock.set(1_700_100_000);
    assert!(Vault::open_with_clock(&dir, &by_passphrase("right"), clock).is_ok());
}

/// A vault written by the version before several groups, favourites and icons
/// (`tests/fixtures/vault-one-group.wwv`: made with that version's CLI, `vault
/// init --no-keyring` then an Aegis import, passphrase "old shape"): its one
/// group becomes the list, and new fields are written alongside.
#[test]
fn a_vault_with_one_group_per_account_opens_with_that_group_in_the_list() {
    use watchword_core::{AccountChanges, IconChoice, IconImage};
    let temp = tempfile::tempdir().unwrap();
    fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/vault-one-group.wwv"
        ),
        temp.path().join("vault.wwv"),
    )
    .unwrap();
    let dir = VaultDir::new(temp.path());
    let mut vault = Vault::open(&dir, &by_passphrase("old shape")).unwrap();
    let github = vault.find("GitHub").unwrap().clone();
    assert_eq!(github.groups, ["Work"]);
    assert_eq!(github.note, "old note");
    assert!(!github.favourite && github.icon.is_none());
    assert!(vault.find("Example").unwrap().groups.is_empty());

    let changed = vault
        .change_account(
            "GitHub",
            AccountChanges {
                groups: Some(vec!["Work".into(), "Code".into()]),
                favourite: Some(true),
                icon: Some(IconChoice::Letter),
                ..AccountChanges::default()
            },
        )
        .unwrap();
    assert_eq!(changed.note, "old note", "what was not named stays");
    let reopened = Vault::open(&dir, &by_passphrase("old shape")).unwrap();
    let github = reopened.find("GitHub").unwrap();
    assert_eq!(github.groups, ["Work", "Code"]);
    assert!(github.favourite);
    let icon = github.icon.as_ref().unwrap();
    assert!(icon.chosen && icon.image == IconImage::Letter);
    assert_eq!(
        github.otp.token.secret().to_base32().as_str(),
        "JBSWY3DPEHPK3PXP"
    );
}

/// An Aegis icon pack kept in the vault: it assigns icons to accounts whose
/// issuer it knows, to accounts added later too, never over a user's choice;
/// all of it survives reopening.
#[test]
fn an_icon_pack_assigns_icons_and_a_users_choice_wins() {
    use std::io::Write;
    use watchword_core::icons::packs;
    use watchword_core::{AccountChanges, IconChoice, IconImage};
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("pack.json", options).unwrap();
    zip.write_all(
        br#"{"uuid":"c553f06f-2a17-46ca-87f5-56af90dd0500","name":"Pack","version":1,
            "icons":[{"name":"Proton","filename":"p.svg","category":"Mail","issuer":["proton"]}]}"#,
    )
    .unwrap();
    zip.start_file("p.svg", options).unwrap();
    zip.write_all(br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="3" height="3"/></svg>"#)
        .unwrap();
    let read = packs::read_zip(&zip.finish().unwrap().into_inner()).unwrap();

    let temp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(temp.path());
    let mut vault = populated(&dir, &with_passphrase(false, "pw"));
    assert_eq!(vault.add_icon_pack(&read.pack).unwrap(), 1);
    let proton = vault.find("Proton").unwrap();
    let icon = proton.icon.as_ref().unwrap();
    assert!(!icon.chosen && matches!(icon.image, IconImage::Picture { .. }));
    assert!(vault.find("GitHub").unwrap().icon.is_none());

    // A later account with a known issuer gets it too.
    vault.add(otp("Proton", "second", SECRETS[0])).unwrap();
    // The user's choice wins, also when the pack is imported again.
    vault
        .change_account(
            "Proton:bob@example.com",
            AccountChanges {
                icon: Some(IconChoice::Letter),
                ..AccountChanges::default()
            },
        )
        .unwrap();
    assert_eq!(vault.add_icon_pack(&read.pack).unwrap(), 0);

    let reopened = Vault::open(&dir, &by_passphrase("pw")).unwrap();
    assert_eq!(reopened.icon_packs(), [read.pack]);
    let second = reopened.find("second").unwrap();
    assert!(second.icon.as_ref().is_some_and(|i| !i.chosen));
    let first = reopened.find("Proton:bob@example.com").unwrap().clone();
    assert_eq!(first.icon.as_ref().unwrap().image, IconImage::Letter);
    // Back to automatic: the pack's icon again.
    let mut reopened = reopened;
    let back = reopened
        .change_account(
            &first.id,
            AccountChanges {
                icon: Some(IconChoice::Auto),
                ..AccountChanges::default()
            },
        )
        .unwrap();
    assert!(back.icon.is_some_and(|i| !i.chosen));
}
