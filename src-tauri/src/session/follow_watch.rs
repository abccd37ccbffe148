//! Watching the followed folders while the vault is unlocked: a new file is
//! read at once (a file watcher on every followed folder, a slow poll for
//! shares without events, and a run at each unlock), without the user
//! pressing "Check now".

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use watchword_core::follow::{self, Follows, Outcome};
use watchword_core::sync::watch::{Wake, Watch};

use super::Session;
use super::follow::FollowWaiting;

impl Session {
    /// The followed folders of the unlocked vault (`None` while locked;
    /// picks up folders the CLI added meanwhile).
    fn followed_folders(&self) -> Option<Vec<PathBuf>> {
        self.with_vault(|vault| {
            let follows = Follows::of(vault).unwrap_or_default();
            Ok(follows.sources.into_iter().map(|s| s.folder).collect())
        })
        .ok()
    }

    /// Reads every followed folder once: what applies at once is applied;
    /// returns whether the vault changed and the files waiting for review
    /// (their SHA-256 and name). A folder that fails waits for the next file.
    fn follow_once(&self) -> (bool, Vec<(String, String)>) {
        let now = self.clock_now();
        let Ok(outcomes) = self.with_vault(|vault| Ok(follow::run(vault, now)?)) else {
            return (false, Vec::new());
        };
        let mut changed = false;
        let mut waiting = Vec::new();
        for (_, outcome) in outcomes {
            match outcome {
                Ok(Outcome::Applied(_)) => changed = true,
                Ok(Outcome::Waiting(plan)) => waiting.push((plan.sha256().to_owned(), plan.file)),
                Ok(Outcome::Nothing) | Err(_) => {}
            }
        }
        (changed, waiting)
    }

    /// Follows the followed folders until `stop` says so: a run at each
    /// unlock and whenever a file in one of them appears or changes (or
    /// `poll` passes); a folder followed meanwhile (here or by the CLI, seen
    /// at the next change of the vault or poll) is watched too. `changed`
    /// hears of each run that applied a file (the window reloads its list);
    /// `waiting` of files newly waiting for review (once each by content,
    /// again after an unlock). Runs on a thread of its own.
    pub(crate) fn keep_following(
        &self,
        poll: Duration,
        stop: &dyn Fn() -> bool,
        changed: &dyn Fn(),
        waiting: &dyn Fn(FollowWaiting),
    ) {
        let mut told = BTreeSet::new();
        let mut told_at = self.bells.unlocks();
        let run = |told: &mut BTreeSet<(String, String)>| {
            let (applied, files) = self.follow_once();
            if applied {
                changed();
            }
            let new: Vec<String> = files
                .into_iter()
                .filter(|file| told.insert(file.clone()))
                .map(|(_, file)| file)
                .collect();
            if !new.is_empty() {
                waiting(FollowWaiting { files: new });
            }
        };
        while !stop() {
            let unlocks = self.bells.unlocks();
            if unlocks != told_at {
                told.clear();
                told_at = unlocks;
            }
            let folders = self.followed_folders();
            let watch = match &folders {
                Some(list) if !list.is_empty() => follow::watch(list, poll),
                _ => Watch::idle(poll),
            };
            self.bells.add(watch.ringer());
            // Rung before the ringer was added: look again.
            if self.followed_folders() != folders {
                continue;
            }
            let following = folders.as_ref().is_some_and(|list| !list.is_empty());
            if following {
                run(&mut told);
            }
            while !stop() {
                let wake = watch.wait();
                if self.followed_folders() != folders || self.bells.unlocks() != unlocks {
                    break;
                }
                // A ring is a change of the vault (often our own run's).
                if following && wake != Wake::Rung {
                    run(&mut told);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc::channel;

    use super::*;
    use crate::session::tests::unlocked;

    const ALPHA: &str = "otpauth://totp/Alpha:a?secret=JBSWY3DPEHPK3PXP&issuer=Alpha\n";
    const BETA: &str = "otpauth://totp/Beta:b?secret=KRSXG5CTMVRXEZLU&issuer=Beta\n";
    const GAMMA: &str = "otpauth://totp/Gamma:c?secret=GEZDGNBVGY3TQOJQ&issuer=Gamma\n";

    fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
        let started = std::time::Instant::now();
        while !done() {
            assert!(started.elapsed() < Duration::from_secs(10), "{what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[test]
    fn a_file_dropped_into_a_followed_folder_is_applied_or_announced_by_itself() {
        let (data, at_once, reviewed) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let session = Arc::new(unlocked(data.path()));
        let stop = Arc::new(AtomicBool::new(false));
        let heard = Arc::new(AtomicUsize::new(0));
        let (told, waits) = channel();
        let thread = {
            let (session, stop, heard) = (session.clone(), stop.clone(), heard.clone());
            // A poll far longer than the test: only the watcher and the bells wake it.
            std::thread::spawn(move || {
                session.keep_following(
                    Duration::from_secs(600),
                    &|| stop.load(Ordering::SeqCst),
                    &|| {
                        heard.fetch_add(1, Ordering::SeqCst);
                    },
                    &|waiting| told.send(waiting.files).unwrap(),
                )
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        // Followed after the thread started (the window's "Add"): picked up
        // through the vault's change, without follow_check.
        let path = |dir: &tempfile::TempDir| dir.path().to_str().unwrap().to_owned();
        session.follow_add(path(&at_once), None, false).unwrap();
        session.follow_add(path(&reviewed), None, true).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        std::fs::write(at_once.path().join("export-1.txt"), ALPHA).unwrap();
        wait_until("the new file was never applied", || {
            session.list().unwrap().len() == 1
        });
        wait_until("the window never heard", || {
            heard.load(Ordering::SeqCst) == 1
        });
        assert_eq!(session.list().unwrap()[0].issuer.as_deref(), Some("Alpha"));
        // A folder that waits for review: announced once, nothing applied.
        std::fs::write(reviewed.path().join("export-2.txt"), BETA).unwrap();
        let files = waits.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(files, ["export-2.txt"]);
        assert_eq!(session.list().unwrap().len(), 1, "waits for the review");
        // A newer file in the first folder is applied too; the waiting file
        // is not announced again.
        std::fs::write(
            at_once.path().join("export-3.txt"),
            format!("{ALPHA}{BETA}"),
        )
        .unwrap();
        wait_until("the newer file was never applied", || {
            session.list().unwrap().len() == 2
        });
        assert!(waits.recv_timeout(Duration::from_millis(500)).is_err());
        // The waiting file rewritten under the same name is another file: told.
        std::fs::write(reviewed.path().join("export-2.txt"), GAMMA).unwrap();
        let files = waits.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(files, ["export-2.txt"]);
        // Locked: nothing is read; unlocked again: read at once, and the
        // waiting file is told again (the window forgot it on locking).
        session.lock();
        std::thread::sleep(Duration::from_millis(300));
        let all = format!("{ALPHA}{BETA}{GAMMA}");
        std::fs::write(at_once.path().join("export-4.txt"), all).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        session.unlock(Some("pw".into())).unwrap();
        wait_until("not read at the unlock", || {
            session.list().unwrap().len() == 3
        });
        let files = waits.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(files, ["export-2.txt"]);
        stop.store(true, Ordering::SeqCst);
        session.bells.ring();
        thread.join().unwrap();
    }
}
