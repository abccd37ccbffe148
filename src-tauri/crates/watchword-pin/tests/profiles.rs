//! Profiles with their secrets in the real Secret Service (run inside
//! scripts/desktop-session.sh): concurrent writers, and secrets bound to where they
//! were saved for.

use std::sync::{Arc, Barrier};

use watchword_pin::{Profile, ProfileStore, Provider};
use zeroize::Zeroizing;

/// A name no other test (or earlier run) uses: keyring items are shared by the session.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

fn infobip(name: &str, base_url: &str) -> Profile {
    Profile {
        name: name.to_owned(),
        provider: Provider::Infobip,
        base_url: base_url.to_owned(),
        key: None,
        scheme: None,
        account_id: None,
    }
}

#[test]
fn concurrent_saves_of_distinct_profiles_all_survive() {
    const WRITERS: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let prefix = unique("race");
    let start = Arc::new(Barrier::new(WRITERS));
    let threads: Vec<_> = (0..WRITERS)
        .map(|i| {
            let (dir, start) = (dir.path().to_owned(), start.clone());
            let name = format!("{prefix}-{i}");
            std::thread::spawn(move || {
                // Each writer has its own store, as the CLI and the desktop would.
                let store = ProfileStore::in_dir(&dir);
                start.wait();
                store
                    .save(
                        infobip(&name, "http://127.0.0.1:9"),
                        Some(Zeroizing::new(format!("secret-{i}"))),
                    )
                    .unwrap();
                name
            })
        })
        .collect();
    let names: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let store = ProfileStore::in_dir(dir.path());
    let mut saved: Vec<String> = store.list().unwrap().into_iter().map(|p| p.name).collect();
    let lost: Vec<&String> = names.iter().filter(|name| !saved.contains(name)).collect();
    for name in &names {
        let _ = store.remove(name);
    }
    assert!(lost.is_empty(), "profiles lost by racing writers: {lost:?}");
    saved.sort();
    assert_eq!(saved.len(), WRITERS);
}
