//! Knowing when to look again: a file watcher on a folder (the `notify`
//! crate: inotify here) wakes a run when a file that matters changes; a slow
//! poll covers network shares that send no events, and a watcher that cannot
//! start. Sync watches its folder for other computers' files; following
//! another app's backups watches the followed folders. Anyone holding a
//! [`Ringer`] (the desktop, when the vault changes or unlocks) wakes it too.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::folder::{Name, classify};

/// The poll for folders whose changes send no events.
pub const POLL: Duration = Duration::from_secs(60);

/// Why [`Watch::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A file that matters in a watched folder changed.
    Changed,
    /// The poll period passed (or the watcher stopped).
    Poll,
    /// Someone rang (a [`Ringer`]): look whether what to watch changed.
    Rung,
}

/// Wakes a [`Watch`] from another thread.
#[derive(Debug, Clone)]
pub struct Ringer(Sender<Wake>);

impl Ringer {
    /// Wakes the watch; false once the watch is gone (drop the ringer then).
    pub fn ring(&self) -> bool {
        self.0.send(Wake::Rung).is_ok()
    }
}

/// Watches folders for files that matter.
pub struct Watch {
    watcher: Option<RecommendedWatcher>,
    events: Receiver<Wake>,
    ring: Sender<Wake>,
    poll: Duration,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("events", &self.watcher.is_some())
            .field("poll", &self.poll)
            .finish()
    }
}

impl Watch {
    /// Watches the sync `folder` for changes to other computers' sync files
    /// (and their conflict copies), ignoring `own` (this computer's file
    /// name) and temporary names; polls every `poll` whatever happens.
    /// Without events (the watcher failed) it only polls.
    pub fn start(folder: &Path, own: &str, poll: Duration) -> Self {
        let own = own.to_owned();
        Self::folders(&[folder.to_owned()], poll, move |name| {
            name != own && matches!(classify(name), Name::Sync(_) | Name::Conflict(_))
        })
    }

    /// Watches every folder of `folders` (not their subfolders) for files
    /// whose name is `relevant`; polls every `poll`. A folder that cannot be
    /// watched is left to the poll; the others still send events.
    pub fn folders(
        folders: &[PathBuf],
        poll: Duration,
        relevant: impl Fn(&str) -> bool + Send + 'static,
    ) -> Self {
        let (send, events) = channel();
        let ring = send.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            let matters = event.paths.iter().any(|path| {
                path.file_name()
                    .is_some_and(|name| relevant(&name.to_string_lossy()))
            });
            if matters {
                let _ = send.send(Wake::Changed);
            }
        })
        .ok()
        .and_then(|mut watcher| {
            let watched = folders
                .iter()
                .filter(|folder| watcher.watch(folder, RecursiveMode::NonRecursive).is_ok())
                .count();
            (watched > 0).then_some(watcher)
        });
        Self {
            watcher,
            events,
            ring,
            poll,
        }
    }

    /// A watch of no folder: wakes when rung or when `poll` passes (waiting
    /// for something to watch: sync set up, a folder followed, an unlock).
    pub fn idle(poll: Duration) -> Self {
        let (ring, events) = channel();
        Self {
            watcher: None,
            events,
            ring,
            poll,
        }
    }

    /// Whether file events arrive (false: polling only).
    pub fn has_events(&self) -> bool {
        self.watcher.is_some()
    }

    /// Something other threads wake this watch with.
    pub fn ringer(&self) -> Ringer {
        Ringer(self.ring.clone())
    }

    /// Waits for a change, a ring or the poll period; wakes arriving together
    /// count once (a file change over a ring).
    pub fn wait(&self) -> Wake {
        let mut wake = self.events.recv_timeout(self.poll).unwrap_or(Wake::Poll);
        // A write is several events (create, write, rename): let them settle.
        std::thread::sleep(Duration::from_millis(100));
        while let Ok(next) = self.events.try_recv() {
            if next == Wake::Changed {
                wake = Wake::Changed;
            }
        }
        wake
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_sync_file_wakes_it_and_other_files_do_not() {
        let folder = tempfile::tempdir().unwrap();
        let own = super::super::folder::file_name(&"a".repeat(32));
        let watch = Watch::start(folder.path(), &own, Duration::from_millis(700));
        assert!(watch.has_events());
        // Unrelated files, temporary names and our own file: only the poll wakes it.
        std::fs::write(folder.path().join("notes.txt"), b"x").unwrap();
        std::fs::write(folder.path().join(format!(".syncthing.{own}.tmp")), b"x").unwrap();
        std::fs::write(folder.path().join(&own), b"x").unwrap();
        let started = std::time::Instant::now();
        assert_eq!(watch.wait(), Wake::Poll);
        assert!(started.elapsed() >= Duration::from_millis(700));
        // Another computer's file wakes it at once.
        let other = super::super::folder::file_name(&"b".repeat(32));
        std::fs::write(folder.path().join(other), b"x").unwrap();
        let started = std::time::Instant::now();
        assert_eq!(watch.wait(), Wake::Changed);
        assert!(started.elapsed() < Duration::from_millis(650));
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_polled() {
        let missing = std::path::PathBuf::from("/nonexistent/watchword-sync-folder");
        let watch = Watch::start(&missing, "x", Duration::from_millis(50));
        assert!(!watch.has_events());
        assert_eq!(watch.wait(), Wake::Poll);
    }

    #[test]
    fn several_folders_wake_it_and_a_ringer_wakes_it_until_it_is_gone() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let missing = PathBuf::from("/nonexistent/watchword-followed");
        let folders = [one.path().to_owned(), missing, two.path().to_owned()];
        let watch = Watch::folders(&folders, Duration::from_secs(30), |name| {
            !name.starts_with('.')
        });
        assert!(watch.has_events(), "the folders that exist are watched");
        let ringer = watch.ringer();
        assert!(ringer.ring());
        assert_eq!(watch.wait(), Wake::Rung);
        std::fs::write(two.path().join(".export.json.tmp"), b"{}").unwrap();
        std::fs::write(two.path().join("export.json"), b"{}").unwrap();
        let started = std::time::Instant::now();
        assert_eq!(watch.wait(), Wake::Changed);
        assert!(started.elapsed() < Duration::from_secs(5));
        // A ring and a file change together: the change.
        assert!(ringer.ring());
        std::fs::write(one.path().join("export.json"), b"{}").unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(watch.wait(), Wake::Changed);
        drop(watch);
        assert!(!ringer.ring(), "a ringer of a gone watch says so");
        let idle = Watch::idle(Duration::from_millis(50));
        assert!(!idle.has_events());
        assert_eq!(idle.wait(), Wake::Poll);
        idle.ringer().ring();
        assert_eq!(idle.wait(), Wake::Rung);
    }
}
