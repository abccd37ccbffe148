//! Sync through a folder, as the window shows it: set up with a passphrase,
//! run once, the other computers' status, leave. The sync file itself is
//! written by `SyncListener`, which follows every vault this session opens.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use watchword_core::sync::watch::{Wake, Watch};
use watchword_core::sync::{self, Report, Status, SyncConfig, SyncError};
use watchword_core::{Passphrase, Vault};

use super::Session;
use crate::error::{CommandError, ErrorKind};

impl From<SyncError> for CommandError {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::Vault(error) => error.into(),
            SyncError::EmptyPassphrase => Self::new(ErrorKind::EmptyPassphrase, error.to_string()),
            SyncError::Io { .. } => Self::new(ErrorKind::Io, error.to_string()),
            SyncError::WrongPassphrase(_) => {
                Self::new(ErrorKind::SyncWrongPassphrase, error.to_string())
            }
            _ => Self::new(ErrorKind::Sync, error.to_string()),
        }
    }
}

/// A file in the sync folder that was not read, and why.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SyncProblem {
    file: String,
    reason: String,
}

/// Another computer as the last runs saw it (labels, never secrets).
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SyncDevice {
    device: String,
    /// When it last wrote its file (Unix seconds, its clock).
    written: u64,
    /// When this computer last read it.
    read: u64,
    added: Vec<String>,
    changed: Vec<String>,
    removed: usize,
}

/// A background sync (or a followed folder) changed the vault: the window
/// reloads its list. Carries nothing: the page asks for what it shows.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct VaultChanged;

/// Where sync stands on this computer.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SyncState {
    /// The shared folder; `None` when sync is not set up.
    folder: Option<String>,
    device: Option<String>,
    last_run: Option<u64>,
    devices: Vec<SyncDevice>,
    problems: Vec<SyncProblem>,
    /// What the last run here changed, as "added …" lines (empty: nothing).
    last_changes: Vec<String>,
}

impl Session {
    /// Sync's state for the settings.
    pub(crate) fn sync_state(&self) -> Result<SyncState, CommandError> {
        self.with_vault(|vault| Ok(state(vault, None)))
    }

    /// Joins (or starts) the group in `folder` with `passphrase`, then syncs once.
    pub(crate) fn sync_setup(
        &self,
        folder: String,
        passphrase: String,
    ) -> Result<SyncState, CommandError> {
        let now = self.clock_now();
        self.with_vault(|vault| {
            let passphrase = Passphrase::new(passphrase);
            sync::setup(vault, folder.as_ref(), &passphrase, sync::device::SYNC_KDF)?;
            let report = sync::sync_now(vault, now)?;
            Ok(state(vault, Some(&report)))
        })
    }

    /// Reads the other computers' files and writes this one's, once.
    pub(crate) fn sync_run(&self) -> Result<SyncState, CommandError> {
        let now = self.clock_now();
        self.with_vault(|vault| {
            let report = sync::sync_now(vault, now)?;
            Ok(state(vault, Some(&report)))
        })
    }

    /// Where the unlocked vault syncs: the folder and this computer's file
    /// name (`None` while locked or not set up; picks up a CLI's setup).
    fn sync_target(&self) -> Option<(PathBuf, String)> {
        self.with_vault(|vault| {
            Ok(SyncConfig::of(vault)
                .ok()
                .map(|c| (c.folder.clone(), sync::folder::file_name(&c.device))))
        })
        .ok()
        .flatten()
    }

    /// Keeps the vault in step with the sync folder until `stop` says so: a
    /// run when the session finds sync set up (and after each unlock), then
    /// whenever another computer's file changes (the folder watcher) or
    /// `poll` passes (shares without events). While sync is not set up or
    /// the vault is locked, it sleeps until the vault changes or unlocks (the
    /// session's bells) or `poll` passes (a setup by the CLI in another
    /// process). Runs on a thread of its own; a failed run waits for the next
    /// one (the status records why). `changed` hears of each run that
    /// changed the vault, so the window can reload its list.
    pub(crate) fn keep_in_sync(&self, poll: Duration, stop: &dyn Fn() -> bool, changed: &dyn Fn()) {
        let run = || {
            if self
                .sync_run()
                .is_ok_and(|state| !state.last_changes.is_empty())
            {
                changed();
            }
        };
        while !stop() {
            let unlocks = self.bells.unlocks();
            let target = self.sync_target();
            let watch = match &target {
                Some((folder, own)) => Watch::start(folder, own, poll),
                None => Watch::idle(poll),
            };
            self.bells.add(watch.ringer());
            // Rung before the ringer was added: look again.
            if self.sync_target() != target {
                continue;
            }
            if target.is_some() {
                run();
            }
            while !stop() {
                let wake = watch.wait();
                if self.sync_target() != target || self.bells.unlocks() != unlocks {
                    break;
                }
                // A ring is a change here, which the sync listener wrote out.
                if target.is_some() && wake != Wake::Rung {
                    run();
                }
            }
        }
    }

    /// Leaves the group: this computer's file and the key go, the accounts stay.
    pub(crate) fn sync_leave(&self) -> Result<SyncState, CommandError> {
        self.with_vault(|vault| {
            sync::leave(vault)?;
            Status::remove(vault.dir().root());
            Ok(state(vault, None))
        })
    }
}

/// How long a pairing code stays on offer once shown (then the window hides
/// it and the `wwqr:` address stops answering).
pub(crate) const PAIRING_SECONDS: u32 = 120;

impl Session {
    /// Offers the pairing code for `PAIRING_SECONDS` (sync must be on); the
    /// window then shows it through `wwqr://localhost/sync-pairing`.
    pub(crate) fn sync_pair_show(&self) -> Result<u32, CommandError> {
        self.with_vault(|vault| Ok(sync::pairing_uri(vault).map(drop)?))?;
        let until = std::time::Instant::now() + Duration::from_secs(PAIRING_SECONDS.into());
        *super::guard(&self.pairing) = Some(until);
        Ok(PAIRING_SECONDS)
    }

    /// Takes the pairing code off offer (the window hid it).
    pub(crate) fn sync_pair_hide(&self) {
        *super::guard(&self.pairing) = None;
    }

    /// The pairing code as a QR picture (SVG), only while it is on offer.
    pub(crate) fn pairing_svg(&self) -> Result<String, CommandError> {
        let offered =
            super::guard(&self.pairing).is_some_and(|until| std::time::Instant::now() < until);
        if !offered {
            return Err(CommandError::new(
                ErrorKind::NotFound,
                "No pairing code is on offer.",
            ));
        }
        self.with_vault(|vault| {
            let uri = sync::pairing_uri(vault)?;
            Ok(watchword_core::qr::to_svg(&uri)?)
        })
    }

    /// Joins through `folder` with the pairing code among the QR codes
    /// `found` on the screen or in a picture, then syncs once.
    fn sync_join_found(
        &self,
        folder: String,
        found: Vec<watchword_core::qr::Found>,
    ) -> Result<SyncState, CommandError> {
        // Every decoded text is wiped when dropped: one of them is the key.
        let code = found
            .into_iter()
            .map(|f| zeroize::Zeroizing::new(f.text))
            .find(|text| sync::pairing::is_pairing(text))
            .ok_or_else(|| {
                CommandError::new(
                    ErrorKind::NothingFound,
                    "No Watchword pairing code was found.",
                )
            })?;
        let now = self.clock_now();
        self.with_vault(|vault| {
            sync::join_by_uri(vault, folder.as_ref(), &code)?;
            let report = sync::sync_now(vault, now)?;
            Ok(state(vault, Some(&report)))
        })
    }

    /// Joins with the pairing code shown on a screen (the other computer's window).
    pub(crate) fn sync_join_screen(&self, folder: String) -> Result<SyncState, CommandError> {
        #[cfg(target_os = "linux")]
        {
            let screen = watchword_core::screen::capture()?;
            self.sync_join_found(folder, watchword_core::qr::scan_image(&screen))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = folder;
            Err(CommandError::new(
                ErrorKind::Screen,
                "Scanning the screen works on Linux only so far.",
            ))
        }
    }

    /// Joins with the pairing code in a picture file.
    pub(crate) fn sync_join_file(
        &self,
        folder: String,
        path: &std::path::Path,
    ) -> Result<SyncState, CommandError> {
        self.sync_join_found(folder, watchword_core::qr::scan_file(path)?)
    }
}

/// The state of `vault`'s sync, with what `report` changed.
fn state(vault: &Vault, report: Option<&Report>) -> SyncState {
    let Ok(config) = SyncConfig::of(vault) else {
        return SyncState {
            folder: None,
            device: None,
            last_run: None,
            devices: Vec::new(),
            problems: Vec::new(),
            last_changes: Vec::new(),
        };
    };
    let record = Status::load(vault.dir().root());
    let label = |id: &String| vault.find(id).map(|a| a.label()).unwrap_or_default();
    let devices = record
        .devices
        .iter()
        .map(|(device, seen)| SyncDevice {
            device: device.clone(),
            written: seen.written,
            read: seen.read,
            added: seen.last_change.added.iter().map(label).collect(),
            changed: seen.last_change.changed.iter().map(label).collect(),
            removed: seen.last_change.removed,
        })
        .collect();
    let mut last_changes = Vec::new();
    for peer in report.map(|r| r.peers.as_slice()).unwrap_or_default() {
        let outcome = &peer.outcome;
        for (verb, list) in [
            ("added", &outcome.added),
            ("changed", &outcome.changed),
            ("removed", &outcome.removed),
        ] {
            for (_, name) in list {
                last_changes.push(format!("{verb} {name}"));
            }
        }
    }
    SyncState {
        folder: Some(config.folder.display().to_string()),
        device: Some(config.device),
        last_run: (record.last_run > 0).then_some(record.last_run),
        devices,
        problems: record
            .problems
            .into_iter()
            .map(|p| SyncProblem {
                file: p.file,
                reason: p.reason,
            })
            .collect(),
        last_changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::unlocked;

    #[test]
    fn two_windows_sync_through_one_folder_and_edits_write_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let a = unlocked(one.path());
        let b = unlocked(two.path());
        assert_eq!(a.sync_state().unwrap().folder, None);
        let path = folder.path().to_str().unwrap().to_owned();
        a.sync_setup(path.clone(), "sync words".into()).unwrap();
        // A change in the window rewrites this computer's file (the listener).
        a.stage_text("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
            .and_then(|staged| a.confirm_staged(&staged.id))
            .unwrap();
        let joined = b.sync_setup(path.clone(), "sync words".into()).unwrap();
        assert_eq!(joined.last_changes, vec!["added GitHub (alice)"]);
        assert_eq!(joined.devices.len(), 1);
        assert_eq!(joined.devices[0].added, vec!["GitHub (alice)"]);
        let wrong = unlocked(tempfile::tempdir().unwrap().path())
            .sync_setup(path, "other words".into())
            .unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::SyncWrongPassphrase);
        assert!(wrong.message.contains("does not open"), "{}", wrong.message);
        let left = b.sync_leave().unwrap();
        assert_eq!(left.folder, None);
    }

    #[test]
    fn a_window_keeps_in_step_by_itself_when_another_computer_writes() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let folder = tempfile::tempdir().unwrap();
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let a = unlocked(one.path());
        let b = Arc::new(unlocked(two.path()));
        let path = folder.path().to_str().unwrap().to_owned();
        a.sync_setup(path.clone(), "sync words".into()).unwrap();
        b.sync_setup(path, "sync words".into()).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let heard = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let follower = {
            let (b, stop, heard) = (b.clone(), stop.clone(), heard.clone());
            // A poll far longer than the test: only the watcher can wake it.
            std::thread::spawn(move || {
                b.keep_in_sync(
                    Duration::from_secs(600),
                    &|| stop.load(Ordering::SeqCst),
                    &|| {
                        heard.fetch_add(1, Ordering::SeqCst);
                    },
                )
            })
        };
        std::thread::sleep(Duration::from_millis(500));
        a.stage_text("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
            .and_then(|staged| a.confirm_staged(&staged.id))
            .unwrap();
        let started = std::time::Instant::now();
        while b.list().unwrap().is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "B never synced"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(b.list().unwrap()[0].issuer.as_deref(), Some("GitHub"));
        // The window heard of it (to reload its list); the first run, which
        // changed nothing, was not announced.
        let started = std::time::Instant::now();
        while heard.load(Ordering::SeqCst) == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no change announced"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(heard.load(Ordering::SeqCst), 1);
        // Stop: the next wake ends the thread (another write wakes it).
        stop.store(true, Ordering::SeqCst);
        a.stage_text("otpauth://totp/GitLab:bob?secret=KRSXG5CTMVRXEZLU")
            .and_then(|staged| a.confirm_staged(&staged.id))
            .unwrap();
        follower.join().unwrap();
    }

    #[test]
    fn a_window_waiting_for_sync_wakes_when_it_is_set_up_not_by_a_poll() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let folder = tempfile::tempdir().unwrap();
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let a = unlocked(one.path());
        let b = Arc::new(unlocked(two.path()));
        let stop = Arc::new(AtomicBool::new(false));
        let follower = {
            let (b, stop) = (b.clone(), stop.clone());
            // Not set up yet, and a poll far longer than the test: only the
            // vault's change (the setup) can wake it.
            std::thread::spawn(move || {
                b.keep_in_sync(
                    Duration::from_secs(600),
                    &|| stop.load(Ordering::SeqCst),
                    &|| {},
                )
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(b.bells.waiting(), 1, "it waits on a bell, not a timer");
        let path = folder.path().to_str().unwrap().to_owned();
        a.sync_setup(path.clone(), "sync words".into()).unwrap();
        b.sync_setup(path, "sync words".into()).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        // The thread now watches the folder: A's new account arrives by itself.
        a.stage_text("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
            .and_then(|staged| a.confirm_staged(&staged.id))
            .unwrap();
        let started = std::time::Instant::now();
        while b.list().unwrap().is_empty() {
            assert!(started.elapsed() < Duration::from_secs(10), "B never woke");
            std::thread::sleep(Duration::from_millis(100));
        }
        // Locked, then unlocked: a run at once (A's second account, written
        // while B was locked and its watcher gone).
        b.lock();
        std::thread::sleep(Duration::from_millis(300));
        a.stage_text("otpauth://totp/GitLab:bob?secret=KRSXG5CTMVRXEZLU")
            .and_then(|staged| a.confirm_staged(&staged.id))
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        b.unlock(Some("pw".into())).unwrap();
        let started = std::time::Instant::now();
        while b.list().unwrap().len() < 2 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no run at the unlock"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        stop.store(true, Ordering::SeqCst);
        b.bells.ring();
        follower.join().unwrap();
    }
}
