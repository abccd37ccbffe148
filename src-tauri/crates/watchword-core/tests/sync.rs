//! Sync through a folder with real vaults, real files and the real format:
//! two and three computers (vaults in their own folders) sharing one folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use watchword_core::clock::FixedClock;
use watchword_core::sync::format::FileError;
use watchword_core::sync::{self, SyncConfig, SyncListener};
use watchword_core::{
    AccountEdit, CreateOptions, KdfParams, OtpAccount, Passphrase, Unlock, Vault, VaultDir,
};

const LIGHT: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};
const T0: u64 = 1_800_000_000;

fn otp(issuer: &str, name: &str) -> OtpAccount {
    OtpAccount::parse(&format!(
        "otpauth://totp/{issuer}:{name}?secret=JBSWY3DPEHPK3PXP"
    ))
    .unwrap()
}

fn hotp(issuer: &str) -> OtpAccount {
    OtpAccount::parse(&format!(
        "otpauth://hotp/{issuer}:bob?secret=BASE32SECRET3232&counter=0"
    ))
    .unwrap()
}

/// One computer: its own data folder and vault, a clock tests move.
struct Computer {
    _data: tempfile::TempDir,
    vault: Vault,
    clock: Arc<FixedClock>,
}

impl Computer {
    fn new() -> Self {
        let data = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(data.path());
        let options = CreateOptions {
            keyring: false,
            passphrase: Some(Passphrase::new("vault")),
            kdf: LIGHT,
        };
        drop(Vault::create(&dir, &options).unwrap());
        let clock = Arc::new(FixedClock::at(T0));
        let unlock = Unlock {
            keyring: false,
            passphrase: Some(Passphrase::new("vault")),
        };
        let mut vault = Vault::open_with_clock(&dir, &unlock, clock.clone()).unwrap();
        vault.listen(Arc::new(SyncListener::new()));
        Self {
            _data: data,
            vault,
            clock,
        }
    }

    fn joined(folder: &Path, passphrase: &str) -> Self {
        let mut computer = Self::new();
        sync::setup(
            &mut computer.vault,
            folder,
            &Passphrase::new(passphrase),
            LIGHT,
        )
        .unwrap();
        computer
    }

    fn sync(&mut self) -> sync::Report {
        sync::sync_now(
            &mut self.vault,
            self.clock.0.load(std::sync::atomic::Ordering::SeqCst),
        )
        .unwrap()
    }

    fn config(&self) -> SyncConfig {
        SyncConfig::of(&self.vault).unwrap()
    }

    fn find(&self, query: &str) -> &watchword_core::Account {
        self.vault.find(query).unwrap()
    }

    fn edit(&mut self, query: &str, change: impl FnOnce(&mut AccountEdit)) {
        let account = self.find(query);
        let mut edit = AccountEdit {
            issuer: account.otp.issuer.clone().unwrap_or_default(),
            name: account.otp.name.clone(),
            groups: account.groups.clone(),
            favourite: account.favourite,
            note: account.note.clone(),
        };
        change(&mut edit);
        self.vault.edit(query, edit).unwrap();
    }
}

fn fingerprint(c: &Computer) -> Vec<sync::merge::Fingerprint> {
    sync::merge::fingerprint(c.vault.accounts())
}

fn sync_all(computers: &mut [Computer]) {
    for _ in 0..2 {
        for computer in computers.iter_mut() {
            computer.sync();
        }
    }
}

#[test]
fn an_account_added_on_one_computer_appears_on_the_other_with_the_same_passphrase() {
    let folder = tempfile::tempdir().unwrap();
    let mut a = Computer::joined(folder.path(), "correct horse");
    a.vault.add(otp("GitHub", "alice")).unwrap();
    // The listener wrote A's file after the change, outside the lock.
    assert!(a.config().own_file().exists());
    let mut b = Computer::joined(folder.path(), "correct horse");
    assert_eq!(a.config().group, b.config().group, "B joined A's group");
    assert_ne!(a.config().device, b.config().device);
    let report = b.sync();
    assert_eq!(report.peers.len(), 1);
    assert_eq!(report.peers[0].outcome.added.len(), 1, "{report:?}");
    assert_eq!(b.find("GitHub").otp.name, "alice");
    assert_eq!(b.find("GitHub").id, a.find("GitHub").id);
    // Nothing new: no write (the vault's generation stays).
    let generation = b.vault.generation();
    let again = b.sync();
    assert!(!again.changed());
    assert_eq!(b.vault.generation(), generation);
    // Files are owner-only.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(a.config().own_file())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // Status remembers what B's last read of A changed.
    let status = sync::Status::load(b.vault.dir().root());
    let seen = &status.devices[&a.config().device];
    assert_eq!(seen.last_change.added, vec![a.find("GitHub").id.clone()]);
}

#[test]
fn the_key_is_kept_only_inside_the_vault_and_a_wrong_passphrase_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let mut a = Computer::joined(folder.path(), "correct horse");
    a.vault.add(otp("GitHub", "alice")).unwrap();
    let mut b = Computer::new();
    let err = sync::setup(
        &mut b.vault,
        folder.path(),
        &Passphrase::new("battery staple"),
        LIGHT,
    )
    .unwrap_err();
    assert!(matches!(err, sync::SyncError::WrongPassphrase(_)), "{err}");
    assert!(SyncConfig::of(&b.vault).is_err(), "nothing kept");
    // The folder holds no key and no plaintext account.
    for entry in std::fs::read_dir(folder.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("GitHub") && !text.contains("alice") && !text.contains("JBSWY3DP"));
    }
    // Leaving removes this computer's file and the settings.
    let own = a.config().own_file();
    sync::leave(&mut a.vault).unwrap();
    assert!(!own.exists());
    assert!(SyncConfig::of(&a.vault).is_err());
    assert_eq!(a.vault.accounts().len(), 1, "accounts stay");
}

fn group(n: usize) -> (tempfile::TempDir, Vec<Computer>) {
    let folder = tempfile::tempdir().unwrap();
    let computers = (0..n)
        .map(|_| Computer::joined(folder.path(), "pw"))
        .collect();
    (folder, computers)
}

#[test]
fn edits_of_different_fields_both_stay_and_the_same_field_resolves_the_same_way_everywhere() {
    let (_folder, mut c) = group(2);
    c[0].vault.add(otp("GitHub", "alice")).unwrap();
    c[1].sync();
    // Different fields on each side: both edits stay.
    c[0].edit("GitHub", |e| e.note = "from A".into());
    c[1].edit("GitHub", |e| e.groups = vec!["Work".into()]);
    sync_all(&mut c);
    for computer in &c {
        let account = computer.find("GitHub");
        assert_eq!(account.note, "from A");
        assert_eq!(account.groups, ["Work"]);
    }
    // The same field on both, in the same second: one winner everywhere, the
    // loser in the history on both.
    c[0].edit("GitHub", |e| e.name = "alice-a".into());
    c[1].edit("GitHub", |e| e.name = "alice-b".into());
    sync_all(&mut c);
    assert_eq!(fingerprint(&c[0]), fingerprint(&c[1]));
    let account = c[0].find("GitHub");
    let loser = if account.otp.name == "alice-a" {
        "alice-b"
    } else {
        "alice-a"
    };
    assert!(
        account
            .history
            .iter()
            .any(|h| h.field == "name" && h.value == loser),
        "{:?}",
        account.history
    );
    // A later edit wins over an earlier one whatever the device ids.
    c[1].clock.set(T0 + 10);
    c[1].edit("GitHub", |e| e.issuer = "GitHub Enterprise".into());
    c[0].clock.set(T0 + 20);
    c[0].edit("GitHub", |e| e.issuer = "GHE".into());
    sync_all(&mut c);
    assert_eq!(c[1].find("GHE").otp.issuer.as_deref(), Some("GHE"));
    assert_eq!(fingerprint(&c[0]), fingerprint(&c[1]));
}

#[test]
fn deletions_travel_an_undo_survives_and_the_highest_hotp_counter_wins() {
    let (_folder, mut c) = group(2);
    c[0].vault.add(otp("GitHub", "alice")).unwrap();
    c[0].vault.add(otp("GitLab", "alice")).unwrap();
    c[0].vault.add(hotp("Bank")).unwrap();
    sync_all(&mut c);
    assert_eq!(c[1].vault.accounts().len(), 3);
    // HOTP used twice on A, once on B: the counter is 2 on both, so a code
    // shown on either is never shown again.
    c[0].vault.next_hotp("Bank").unwrap();
    c[0].vault.next_hotp("Bank").unwrap();
    c[1].vault.next_hotp("Bank").unwrap();
    // A deletes GitLab; B deletes GitHub and undoes it.
    c[0].vault.remove("GitLab").unwrap();
    let removed = c[1].vault.remove("GitHub").unwrap();
    c[1].vault.restore_account(removed).unwrap();
    sync_all(&mut c);
    for computer in &c {
        assert_eq!(computer.find("Bank").otp.token.kind().counter(), Some(2));
        assert!(computer.vault.find("GitLab").is_err(), "deleted everywhere");
        assert!(computer.vault.find("GitHub").is_ok(), "the undo stands");
    }
    assert!(
        c[1].vault
            .tombstones()
            .contains_key(&removed_id(&c[0], "GitLab"))
    );
    // Deleted on A while B edits it later: B's later edit brings it back.
    c[0].vault.remove("GitHub").unwrap();
    c[1].clock.set(T0 + 60);
    c[1].edit("GitHub", |e| e.note = "still mine".into());
    sync_all(&mut c);
    assert_eq!(c[0].find("GitHub").note, "still mine");
    assert_eq!(fingerprint(&c[0]), fingerprint(&c[1]));
}

fn removed_id(c: &Computer, issuer: &str) -> String {
    c.vault
        .tombstones()
        .keys()
        .find(|id| !c.vault.accounts().iter().any(|a| &&a.id == id))
        .cloned()
        .unwrap_or_else(|| panic!("a tombstone for {issuer}"))
}

/// Copies `from`'s file into the folder under `name`, changed by `damage`.
fn plant(folder: &Path, from: &Computer, name: &str, damage: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(from.config().own_file()).unwrap();
    damage(&mut bytes);
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn what_sync_engines_leave_is_ignored_or_reported_and_nothing_local_is_lost() {
    let (folder, mut c) = group(2);
    let folder = folder.path().to_owned();
    c[0].vault.add(otp("GitHub", "alice")).unwrap();
    c[1].vault.add(otp("Mine", "bob")).unwrap();
    let a_dev = c[0].config().device;
    let a_name = sync::folder::file_name(&a_dev);
    // A stranger group (another passphrase, another folder) and a newer Watchword.
    let elsewhere = tempfile::tempdir().unwrap();
    let stranger = Computer::joined(elsewhere.path(), "other");
    let s_dev = stranger.config().device;
    plant(&folder, &stranger, &sync::folder::file_name(&s_dev), |_| {});
    let newer_dev = "f".repeat(32);
    plant(&folder, &c[0], &sync::folder::file_name(&newer_dev), |b| {
        b[8] = 2
    });
    // A's file tampered with under a third name, truncated under a fourth.
    let tampered_dev = "e".repeat(32);
    plant(
        &folder,
        &c[0],
        &sync::folder::file_name(&tampered_dev),
        |b| {
            let last = b.len() - 20;
            b[last] ^= 1;
        },
    );
    let truncated_dev = "d".repeat(32);
    plant(
        &folder,
        &c[0],
        &sync::folder::file_name(&truncated_dev),
        |b| b.truncate(b.len() / 2),
    );
    let renamed_dev = "c".repeat(32);
    plant(
        &folder,
        &c[0],
        &sync::folder::file_name(&renamed_dev),
        |_| {},
    );
    // Sync engines' temporary files (holding garbage) and a conflict copy of A's file.
    std::fs::write(folder.join(format!(".syncthing.{a_name}.tmp")), b"half").unwrap();
    std::fs::write(folder.join(format!("~${a_name}")), b"lock").unwrap();
    std::fs::write(folder.join(format!(".~lock.{a_name}#")), b"lock").unwrap();
    let conflict = format!("watchword-sync-{a_dev}.sync-conflict-20261202-061500-ABCDEFG.wwsync");
    plant(&folder, &c[0], &conflict, |_| {});
    std::fs::write(folder.join("notes.txt"), b"not ours").unwrap();

    let before = fingerprint(&c[1]);
    let report = c[1].sync();
    let reason = |dev: &str| {
        let name = sync::folder::file_name(dev);
        report
            .problems
            .iter()
            .find(|p| p.file == name)
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {:?}", report.problems))
    };
    assert_eq!(reason(&s_dev), FileError::OtherGroup.to_string());
    assert_eq!(reason(&newer_dev), FileError::Newer(2).to_string());
    assert_eq!(reason(&tampered_dev), FileError::OtherKey.to_string());
    assert!(
        [
            FileError::Truncated.to_string(),
            FileError::OtherKey.to_string()
        ]
        .contains(&reason(&truncated_dev)),
        "{}",
        reason(&truncated_dev)
    );
    assert_eq!(reason(&renamed_dev), FileError::WrongDevice.to_string());
    let temporary = report
        .problems
        .iter()
        .filter(|p| p.reason.contains("temporary"))
        .count();
    assert_eq!(temporary, 3, "{:?}", report.problems);
    assert!(!report.problems.iter().any(|p| p.file == "notes.txt"));
    // A's file and its conflict copy were both read; B's own account is kept.
    assert_eq!(report.peers.len(), 2, "{:?}", report.peers);
    assert!(
        report
            .peers
            .iter()
            .any(|p| p.conflict_copy && p.file == conflict)
    );
    assert!(c[1].vault.find("Mine").is_ok());
    assert!(c[1].vault.find("GitHub").is_ok());
    assert_eq!(before.len() + 1, fingerprint(&c[1]).len());
    // The status keeps the reasons for the front ends.
    let status = sync::Status::load(c[1].vault.dir().root());
    assert_eq!(status.problems, report.problems);
}

mod converge {
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Add(usize),
        Edit(usize, usize, u8, u8),
        Delete(usize, usize),
        Hotp(usize, usize),
        Tick(usize),
        Sync(usize),
        Reorder(usize),
        Undo(usize, usize),
    }

    fn op(n: usize) -> impl Strategy<Value = Op> {
        prop_oneof![
            2 => (0..n).prop_map(Op::Add),
            3 => (0..n, 0..8usize, 0..4u8, 0..3u8).prop_map(|(c, a, f, v)| Op::Edit(c, a, f, v)),
            1 => (0..n, 0..8usize).prop_map(|(c, a)| Op::Delete(c, a)),
            2 => (0..n, 0..8usize).prop_map(|(c, a)| Op::Hotp(c, a)),
            1 => (0..n).prop_map(Op::Tick),
            3 => (0..n).prop_map(Op::Sync),
            1 => (0..n).prop_map(Op::Reorder),
            1 => (0..n, 0..8usize).prop_map(|(c, a)| Op::Undo(c, a)),
        ]
    }

    fn run(n: usize, ops: Vec<Op>) {
        let (_folder, mut c) = group(n);
        let mut added = std::collections::BTreeSet::new();
        let mut deleted = std::collections::BTreeSet::new();
        let mut highest = std::collections::BTreeMap::new();
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                Op::Add(i) => {
                    let otp = if step % 2 == 0 {
                        hotp(&format!("H{step}"))
                    } else {
                        otp(&format!("T{step}"), "x")
                    };
                    added.insert(c[i].vault.add(otp).unwrap());
                }
                Op::Edit(i, a, field, value) => {
                    let Some(id) = pick(&c[i], a) else { continue };
                    let value = format!("v{value}-{i}");
                    c[i].edit(&id, |e| match field {
                        0 => e.note = value,
                        1 => e.groups = vec![value],
                        2 => e.name = value,
                        _ => e.issuer = value,
                    });
                }
                Op::Delete(i, a) => {
                    let Some(id) = pick(&c[i], a) else { continue };
                    c[i].vault.remove(&id).unwrap();
                    deleted.insert(id);
                }
                Op::Hotp(i, a) => {
                    let Some(id) = pick(&c[i], a) else { continue };
                    if c[i].find(&id).otp.token.kind().counter().is_some() {
                        c[i].vault.next_hotp(&id).unwrap();
                        let now = c[i].find(&id).otp.token.kind().counter().unwrap();
                        let top = highest.entry(id).or_insert(0);
                        *top = now.max(*top);
                    }
                }
                Op::Tick(i) => {
                    let now = c[i].clock.0.load(std::sync::atomic::Ordering::SeqCst);
                    c[i].clock.set(now + 1);
                }
                Op::Sync(i) => {
                    c[i].sync();
                }
                Op::Reorder(i) => {
                    let mut ids: Vec<String> =
                        c[i].vault.accounts().iter().map(|a| a.id.clone()).collect();
                    ids.reverse();
                    c[i].vault.reorder(&ids).unwrap();
                }
                Op::Undo(i, a) => {
                    let Some(id) = pick(&c[i], a) else { continue };
                    let removed = c[i].vault.remove(&id).unwrap();
                    c[i].vault.restore_account(removed).unwrap();
                }
            }
        }
        sync_all(&mut c);
        let first = fingerprint(&c[0]);
        for other in &c[1..] {
            assert_eq!(first, fingerprint(other), "all converge");
        }
        let ids: std::collections::BTreeSet<String> =
            c[0].vault.accounts().iter().map(|a| a.id.clone()).collect();
        for id in &added {
            assert!(ids.contains(id) || deleted.contains(id), "{id} lost");
        }
        assert!(ids.is_subset(&added), "nothing invented");
        for (id, top) in highest {
            if let Ok(account) = c[0].vault.find(&id) {
                assert!(
                    account.otp.token.kind().counter().unwrap() >= top,
                    "a used HOTP code comes back"
                );
            }
        }
    }

    fn pick(c: &Computer, index: usize) -> Option<String> {
        let accounts = c.vault.accounts();
        (!accounts.is_empty()).then(|| accounts[index % accounts.len()].id.clone())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn two_vaults_converge_and_lose_nothing_not_deleted(ops in prop::collection::vec(op(2), 1..30)) {
            run(2, ops);
        }

        #[test]
        fn three_vaults_converge_and_lose_nothing_not_deleted(ops in prop::collection::vec(op(3), 1..30)) {
            run(3, ops);
        }
    }
}

#[test]
fn a_pairing_code_joins_without_the_passphrase_and_a_bad_one_says_why_without_quoting_it() {
    use sync::pairing::{Pairing, is_pairing};
    let folder = tempfile::tempdir().unwrap();
    let mut a = Computer::joined(folder.path(), "correct horse");
    a.vault.add(otp("GitHub", "alice")).unwrap();
    let uri = sync::pairing_uri(&a.vault).unwrap();
    assert!(
        uri.starts_with("watchword-sync:pair?v=1&group="),
        "a versioned URI"
    );
    assert!(is_pairing(&uri));
    assert!(
        !uri.contains(folder.path().to_str().unwrap()),
        "folder-independent"
    );
    let key = uri.rsplit_once("key=").unwrap().1.to_owned();
    assert_eq!(key.len(), 64);
    assert!(!format!("{:?}", Pairing::parse(&uri).unwrap()).contains(&key));

    // B joins by the code alone, through its own path to the same folder.
    let mut b = Computer::new();
    let link = tempfile::tempdir().unwrap();
    let other_path = link.path().join("shared");
    std::os::unix::fs::symlink(folder.path(), &other_path).unwrap();
    let config = sync::join_by_uri(&mut b.vault, &other_path, &uri).unwrap();
    assert_eq!(config.group, a.config().group);
    assert_ne!(config.device, a.config().device);
    b.sync();
    assert_eq!(b.find("GitHub").id, a.find("GitHub").id);
    // And A reads B's file: the same key, the same group.
    b.vault.add(otp("GitLab", "bob")).unwrap();
    a.sync();
    assert_eq!(a.find("GitLab").otp.name, "bob");

    // Refusals, each by its reason, never quoting the code or its key.
    let mut c = Computer::new();
    let newer = uri.replace("v=1", "v=2");
    let wrong_key = format!(
        "{}key={}",
        uri.rsplit_once("key=").unwrap().0,
        "ab".repeat(32)
    );
    let cases: [(&str, &str); 5] = [
        (&newer, "newer Watchword"),
        (
            "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP",
            "not a Watchword pairing code",
        ),
        (&uri.replace("&key=", "&nokey="), "incomplete"),
        (&uri.replace("m=1024", "m=99999999"), "key costs"),
        (&wrong_key, "does not open"),
    ];
    for (code, reason) in cases {
        let error = sync::join_by_uri(&mut c.vault, folder.path(), code).unwrap_err();
        let message = error.to_string();
        assert!(message.contains(reason), "{reason}: {message}");
        assert!(
            !message.contains(&key) && !message.contains("ababab"),
            "{message}"
        );
        assert!(
            SyncConfig::of(&c.vault).is_err(),
            "nothing set up after {reason}"
        );
    }
    // A folder with no files of the group yet: the code starts it there.
    let fresh = tempfile::tempdir().unwrap();
    sync::join_by_uri(&mut c.vault, fresh.path(), &uri).unwrap();
    assert!(c.config().own_file().exists());
}
