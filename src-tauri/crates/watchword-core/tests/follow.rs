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

/// A plain Aegis export of `uris` (Watchword's own exporter), as the other
/// app would write it: no peer data needed.
fn aegis_of(uris: &[&str]) -> zeroize::Zeroizing<Vec<u8>> {
    let accounts: Vec<Account> = uris
        .iter()
        .enumerate()
        .map(|(i, uri)| {
            Account::new(
                watchword_core::OtpAccount::parse(uri).unwrap(),
                i as u32,
                NOW,
            )
        })
        .collect();
    export::write(ExportFormat::Aegis, &accounts, None, LIGHT, NOW)
        .unwrap()
        .bytes
}

const ALPHA: &str = "otpauth://totp/Alpha:a?secret=JBSWY3DPEHPK3PXP&issuer=Alpha";
const BETA: &str = "otpauth://totp/Beta:b?secret=KRSXG5CTMVRXEZLU&issuer=Beta";
const GAMMA: &str = "otpauth://totp/Gamma:c?secret=GEZDGNBVGY3TQOJQ&issuer=Gamma";
const DELTA: &str = "otpauth://totp/Delta:d?secret=MFRGGZDFMZTWQ2LK&issuer=Delta";

fn at_once(vault: &mut Vault, folder: &std::path::Path) -> String {
    follow::add_source(vault, folder, None, None, false)
        .unwrap()
        .id
}

fn applied(vault: &mut Vault, now: u64) -> follow::Plan {
    match follow::run(vault, now).unwrap().remove(0).1 {
        Ok(Outcome::Applied(plan)) => plan,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_flagged_account_is_deleted_with_a_tombstone_or_kept_as_the_users_own() {
    let folder = tempfile::tempdir().unwrap();
    put(
        folder.path(),
        "export-1.json",
        &aegis_of(&[ALPHA, BETA, GAMMA]),
        600,
    );
    let data = tempfile::tempdir().unwrap();
    let mut vault = vault(&data);
    let id = at_once(&mut vault, folder.path());
    applied(&mut vault, NOW);
    assert_eq!(vault.accounts().len(), 3);
    // Beta and Gamma are gone there: flagged.
    put(folder.path(), "export-2.json", &aegis_of(&[ALPHA]), 300);
    assert_eq!(applied(&mut vault, NOW + 1).gone.len(), 2);
    let (beta, gamma) = (
        find(&vault, "Beta").id.clone(),
        find(&vault, "Gamma").id.clone(),
    );
    let mut flagged = Follows::of(&vault).unwrap().get(&id).unwrap().gone.clone();
    flagged.sort();
    let mut expected = vec![beta.clone(), gamma.clone()];
    expected.sort();
    assert_eq!(flagged, expected);

    // Only a flagged account, of a known folder, can be resolved.
    let alpha = follow::resolve(&mut vault, &id, "Alpha", follow::Resolution::Delete).unwrap_err();
    assert!(
        matches!(alpha, follow::FollowError::NotFlagged(_)),
        "{alpha}"
    );
    let unknown =
        follow::resolve(&mut vault, "nope", "Beta", follow::Resolution::Keep).unwrap_err();
    assert!(
        matches!(unknown, follow::FollowError::Unknown(_)),
        "{unknown}"
    );
    assert_eq!(vault.accounts().len(), 3, "refusals change nothing");

    // Delete (by name): gone the usual way, with a tombstone sync tells others of.
    let deleted = follow::resolve(&mut vault, &id, "beta", follow::Resolution::Delete).unwrap();
    assert_eq!(deleted.id, beta);
    assert!(vault.accounts().iter().all(|a| a.id != beta));
    assert!(
        vault.tombstones().contains_key(&beta),
        "a tombstone for sync"
    );
    // Keep (by id): stays, no longer flagged nor linked to the source.
    let kept = follow::resolve(&mut vault, &id, &gamma, follow::Resolution::Keep).unwrap();
    assert_eq!(kept.id, gamma);
    assert!(vault.find(&gamma).is_ok());
    assert!(!vault.tombstones().contains_key(&gamma));
    let follows = Follows::of(&vault).unwrap();
    let source = follows.get(&id).unwrap();
    assert!(source.gone.is_empty(), "{:?}", source.gone);
    assert!(
        source
            .links
            .values()
            .all(|l| l.account != beta && l.account != gamma)
    );
    assert_eq!(source.links.len(), 1, "only Alpha is followed");
    // A resolved account is not flagged again by the next file.
    put(
        folder.path(),
        "export-3.json",
        &aegis_of(&[ALPHA, DELTA]),
        60,
    );
    let plan = applied(&mut vault, NOW + 2);
    assert!(plan.gone.is_empty());
    assert_eq!(plan.new_accounts().count(), 1);
    assert!(
        Follows::of(&vault)
            .unwrap()
            .get(&id)
            .unwrap()
            .gone
            .is_empty()
    );
    assert!(follow::resolve(&mut vault, &id, &gamma, follow::Resolution::Delete).is_err());
}

#[test]
fn an_hotp_counter_rises_to_the_sources_and_never_falls() {
    let hotp = |counter: u64| {
        format!("otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter={counter}")
    };
    let folder = tempfile::tempdir().unwrap();
    put(folder.path(), "export-1.json", &aegis_of(&[&hotp(5)]), 600);
    let data = tempfile::tempdir().unwrap();
    let mut vault = vault(&data);
    at_once(&mut vault, folder.path());
    applied(&mut vault, NOW);
    let counter = |vault: &Vault| find(vault, "Bank").otp.token.kind().counter().unwrap();
    assert_eq!(counter(&vault), 5);
    // Two codes used here: 7.
    vault.next_hotp("Bank").unwrap();
    vault.next_hotp("Bank").unwrap();
    assert_eq!(counter(&vault), 7);
    // The source used more: ours rises to it, shown as a changed field.
    put(folder.path(), "export-2.json", &aegis_of(&[&hotp(12)]), 300);
    let plan = applied(&mut vault, NOW + 1);
    let updates: Vec<_> = plan.updates().collect();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].1, [("counter".to_owned(), "12".to_owned())]);
    assert_eq!(counter(&vault), 12);
    // A source behind us never lowers it (a used code is never shown again).
    vault.next_hotp("Bank").unwrap();
    put(folder.path(), "export-3.json", &aegis_of(&[&hotp(9)]), 60);
    let plan = applied(&mut vault, NOW + 2);
    assert_eq!(plan.updates().count(), 0, "nothing to change");
    assert_eq!(counter(&vault), 13);
}

#[test]
fn token_changes_in_the_source_are_updated_and_the_users_edits_stay() {
    let folder = tempfile::tempdir().unwrap();
    put(
        folder.path(),
        "export-1.json",
        &aegis_of(&[ALPHA, BETA]),
        600,
    );
    let data = tempfile::tempdir().unwrap();
    let mut vault = vault(&data);
    at_once(&mut vault, folder.path());
    applied(&mut vault, NOW);
    let alpha = find(&vault, "Alpha").id.clone();
    let changes = watchword_core::AccountChanges {
        note: Some("mine".into()),
        ..Default::default()
    };
    vault.change_account(&alpha, changes).unwrap();
    // Same secret, new digits, period and algorithm there.
    let changed = "otpauth://totp/Alpha:a?secret=JBSWY3DPEHPK3PXP&issuer=Alpha&digits=8&period=60&algorithm=SHA256";
    put(
        folder.path(),
        "export-2.json",
        &aegis_of(&[changed, BETA]),
        60,
    );
    let plan = applied(&mut vault, NOW + 1);
    let updates: Vec<_> = plan.updates().collect();
    assert_eq!(updates.len(), 1, "Beta did not change");
    let fields: Vec<&str> = updates[0].1.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["algorithm", "digits", "period"]);
    let account = vault.find(&alpha).unwrap();
    let token = &account.otp.token;
    assert_eq!(token.digits(), 8);
    assert_eq!(token.kind().period(), Some(60));
    assert_eq!(token.algorithm(), watchword_core::token::Algorithm::Sha256);
    assert_eq!(token.code_at(NOW).as_str().len(), 8);
    assert_eq!(account.note, "mine", "the user's own edit stays");
    // Read again (a newer file, same entries): nothing changes any more.
    put(
        folder.path(),
        "export-3.json",
        &aegis_of(&[BETA, changed]),
        0,
    );
    assert_eq!(applied(&mut vault, NOW + 2).updates().count(), 0);
}
