//! Following another app's backups with the real encrypted Aegis backup from
//! `../shared/peer-data` (password "test", as Aegis's own tests use it),
//! copied into a watched folder; a newer backup written by Watchword's Aegis
//! exporter. Skips, saying so, when `../shared` is absent.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use watchword_core::clock::FixedClock;
use watchword_core::export::{self, ExportFormat};
use watchword_core::follow::{self, Follows, Outcome};
use watchword_core::{
    Account, CreateOptions, KdfParams, Passphrase, Unlock, Vault, VaultDir, import,
};

const LIGHT: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};
const NOW: u64 = 1_800_000_000;

fn peer_file() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/peer-data/aegis/aegis_encrypted.json");
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: ../shared/peer-data is absent; the real Aegis backup cannot be followed"
        );
        None
    }
}

fn vault(data: &tempfile::TempDir) -> Vault {
    let dir = VaultDir::new(data.path());
    let options = CreateOptions {
        keyring: false,
        passphrase: Some(Passphrase::new("vault")),
        kdf: LIGHT,
    };
    drop(Vault::create(&dir, &options).unwrap());
    let unlock = Unlock {
        keyring: false,
        passphrase: Some(Passphrase::new("vault")),
    };
    Vault::open_with_clock(&dir, &unlock, Arc::new(FixedClock::at(NOW))).unwrap()
}

fn put(folder: &std::path::Path, name: &str, bytes: &[u8], age_secs: u64) {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
        .unwrap();
}

fn find<'a>(vault: &'a Vault, issuer: &str) -> &'a Account {
    vault
        .accounts()
        .iter()
        .find(|a| a.otp.issuer.as_deref() == Some(issuer))
        .unwrap_or_else(|| panic!("{issuer} not in the vault"))
}

#[test]
fn a_followed_aegis_folder_brings_accounts_in_updates_them_and_flags_the_gone() {
    let Some(original) = peer_file() else { return };
    let bytes = std::fs::read(&original).unwrap();
    let folder = tempfile::tempdir().unwrap();
    put(
        folder.path(),
        "aegis-backup-20261201-100000.json",
        &bytes,
        600,
    );
    std::fs::write(folder.path().join(".aegis-backup-partial.json.tmp"), b"{").unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut vault = vault(&data);
    let password = Passphrase::new("test");
    let source =
        follow::add_source(&mut vault, folder.path(), None, Some(&password), false).unwrap();
    // The password is kept inside the vault only.
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let content = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&content).contains("\"test\""));
    }

    let outcomes = follow::run(&mut vault, NOW).unwrap();
    let Ok(Outcome::Applied(plan)) = &outcomes[0].1 else {
        panic!("{:?}", outcomes[0].1)
    };
    assert_eq!(plan.file, "aegis-backup-20261201-100000.json");
    let expected = import::read(&bytes, "aegis.json", None, Some(&password)).unwrap();
    assert_eq!(vault.accounts().len(), expected.accounts.len());
    assert!(vault.accounts().len() >= 7);
    // Nothing newer: nothing happens.
    assert!(matches!(
        follow::run(&mut vault, NOW).unwrap()[0].1,
        Ok(Outcome::Nothing)
    ));

    // The user's own note on an account the source will rename stays.
    let spdx = find(&vault, "SPDX").id.clone();
    let edit = watchword_core::AccountEdit {
        issuer: "SPDX".into(),
        name: find(&vault, "SPDX").otp.name.clone(),
        groups: Vec::new(),
        favourite: false,
        note: "mine".into(),
    };
    vault.edit(&spdx, edit).unwrap();

    // A newer backup: Deno removed, SPDX renamed there, one new account.
    let mut accounts: Vec<Account> = expected
        .accounts
        .iter()
        .filter(|a| a.otp.issuer.as_deref() != Some("Deno"))
        .enumerate()
        .map(|(i, a)| {
            let mut account = Account::new(a.otp.clone(), i as u32, NOW);
            account.groups = a.groups.clone();
            if a.otp.issuer.as_deref() == Some("SPDX") {
                account.otp.name = "James Bond".into();
            }
            account
        })
        .collect();
    let extra = watchword_core::OtpAccount::parse(
        "otpauth://totp/Newcomer:zoe?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    )
    .unwrap();
    accounts.push(Account::new(extra, 99, NOW));
    let newer = export::write(ExportFormat::Aegis, &accounts, Some(&password), LIGHT, NOW).unwrap();
    put(
        folder.path(),
        "aegis-backup-20261202-100000.json",
        &newer.bytes,
        60,
    );

    let outcomes = follow::run(&mut vault, NOW + 60).unwrap();
    let Ok(Outcome::Applied(plan)) = &outcomes[0].1 else {
        panic!("{:?}", outcomes[0].1)
    };
    assert_eq!(plan.file, "aegis-backup-20261202-100000.json");
    assert_eq!(plan.new_accounts().count(), 1);
    let renamed = find(&vault, "SPDX");
    assert_eq!(
        renamed.otp.name, "James Bond",
        "changed there: updated here"
    );
    assert_eq!(renamed.note, "mine", "the user's own edit stays");
    assert!(
        vault
            .accounts()
            .iter()
            .any(|a| a.otp.issuer.as_deref() == Some("Newcomer"))
    );
    // Deno is flagged, not deleted.
    let deno = find(&vault, "Deno").id.clone();
    let follows = Follows::of(&vault).unwrap();
    let followed = follows.get(&source.id).unwrap();
    assert_eq!(followed.gone, vec![deno]);
    assert_eq!(plan.gone.len(), 1);
}

#[test]
fn a_source_that_asks_for_review_changes_nothing_until_applied() {
    let Some(original) = peer_file() else { return };
    let folder = tempfile::tempdir().unwrap();
    put(
        folder.path(),
        "aegis-backup-20261201-100000.json",
        &std::fs::read(original).unwrap(),
        60,
    );
    let data = tempfile::tempdir().unwrap();
    let mut vault = vault(&data);
    follow::add_source(
        &mut vault,
        folder.path(),
        None,
        Some(&Passphrase::new("test")),
        true,
    )
    .unwrap();
    let mut outcomes = follow::run(&mut vault, NOW).unwrap();
    let Ok(Outcome::Waiting(plan)) = outcomes.remove(0).1 else {
        panic!("waits for the review")
    };
    assert!(vault.accounts().is_empty());
    let count = plan.new_accounts().count();
    assert!(count >= 7);
    follow::apply(&mut vault, plan, NOW).unwrap();
    assert_eq!(vault.accounts().len(), count);
    assert!(matches!(
        follow::run(&mut vault, NOW).unwrap()[0].1,
        Ok(Outcome::Nothing)
    ));
    // A wrong password is reported for that source, nothing else happens.
    let data = tempfile::tempdir().unwrap();
    let mut other = vault_with_wrong_password(&data, folder.path());
    let outcomes = follow::run(&mut other, NOW).unwrap();
    let Err(error) = &outcomes[0].1 else {
        panic!("a wrong password is an error")
    };
    assert!(error.to_string().contains("wrong password"), "{error}");
    assert!(other.accounts().is_empty());
}

fn vault_with_wrong_password(data: &tempfile::TempDir, folder: &std::path::Path) -> Vault {
    let mut vault = vault(data);
    follow::add_source(
        &mut vault,
        folder,
        None,
        Some(&Passphrase::new("nope")),
        false,
    )
    .unwrap();
    vault
}
