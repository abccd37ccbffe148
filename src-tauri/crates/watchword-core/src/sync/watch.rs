//! Knowing when to sync: a file watcher on the sync folder (the `notify`
//! crate: inotify here) wakes a run when a sync file changes; a slow poll
//! covers network shares that send no events, and a watcher that cannot start.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::folder::{Name, classify};

/// The poll for folders whose changes send no events.
pub const POLL: Duration = Duration::from_secs(60);

/// Why [`Watch::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A sync file in the folder changed.
    Changed,
    /// The poll period passed (or the watcher stopped).
    Poll,
}

/// Watches one sync folder.
pub struct Watch {
    watcher: Option<RecommendedWatcher>,
    events: Receiver<()>,
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
    /// Watches `folder` for changes to other computers' sync files (and their
    /// conflict copies), ignoring `own` (this computer's file name) and
    /// temporary names; polls every `poll` whatever happens. Without events
    /// (the watcher failed) it only polls.
    pub fn start(folder: &Path, own: &str, poll: Duration) -> Self {
        let (send, events) = channel();
        let own = own.to_owned();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            let relevant = event.paths.iter().any(|path| {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                name.is_some_and(|name| {
                    name != own && matches!(classify(&name), Name::Sync(_) | Name::Conflict(_))
                })
            });
            if relevant {
                let _ = send.send(());
            }
        })
        .and_then(|mut watcher| {
            watcher.watch(folder, RecursiveMode::NonRecursive)?;
            Ok(watcher)
        })
        .ok();
        Self {
            watcher,
            events,
            poll,
        }
    }

    /// Whether file events arrive (false: polling only).
    pub fn has_events(&self) -> bool {
        self.watcher.is_some()
    }

    /// Waits for a change or the poll period; events arriving together count once.
    pub fn wait(&self) -> Wake {
        let wake = match self.events.recv_timeout(self.poll) {
            Ok(()) => Wake::Changed,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Wake::Poll,
        };
        // A write is several events (create, write, rename): let them settle.
        std::thread::sleep(Duration::from_millis(100));
        while self.events.try_recv().is_ok() {}
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
}
