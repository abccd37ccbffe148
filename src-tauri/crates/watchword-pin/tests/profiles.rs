//! Profiles with their secrets in the real Secret Service (run inside
//! scripts/desktop-session.sh): concurrent writers, and secrets bound to where they
//! were saved for.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use watchword_pin::admin::{Admin, AdminError};
use watchword_pin::console::SendForm;
use watchword_pin::profile::FILE_NAME;
use watchword_pin::{HttpSettings, Profile, ProfileError, ProfileStore, Provider};
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

/// A loopback listener that counts connections and answers each with a bare 500.
fn counting_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buffer = [0u8; 8192];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    (format!("http://{addr}"), count)
}

fn send_form() -> SendForm {
    SendForm {
        to: "+46700000001".into(),
        app: Some("app".into()),
        template: Some("template".into()),
        ..SendForm::default()
    }
}

fn settings() -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        retries: 0,
        backoff: Duration::from_millis(10),
    }
}

#[tokio::test]
async fn a_hand_edited_base_url_does_not_receive_the_stored_secret() {
    let dir = tempfile::tempdir().unwrap();
    let name = unique("moved");
    const SECRET: &str = "infobip-api-key-never-elsewhere";
    let store = ProfileStore::in_dir(dir.path());
    store
        .save(
            infobip(&name, "http://127.0.0.1:9/api"),
            Some(Zeroizing::new(SECRET.into())),
        )
        .unwrap();

    // Someone edits the file by hand to point the profile at another host.
    let (elsewhere, connections) = counting_server();
    let path = dir.path().join(FILE_NAME);
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    file[0]["baseUrl"] = serde_json::Value::String(elsewhere.clone());
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();

    let admin = Admin::new(ProfileStore::in_dir(dir.path()), settings());
    let result = admin.send(&name, &send_form()).await;
    let seen = connections.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(seen, 0, "the new host was contacted: {result:?}");
    let err = result.unwrap_err();
    assert!(
        matches!(&err, AdminError::Profile(ProfileError::SecretBoundElsewhere { name: named }) if *named == name),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains(&name), "{message}");
    assert!(message.contains("give its secret again"), "{message}");
    assert!(!message.contains(SECRET) && !format!("{err:?}").contains(SECRET));

    // Saving the moved profile still needs the secret; given again, it goes there.
    let moved = infobip(&name, &elsewhere);
    assert!(matches!(
        store.save(moved.clone(), None),
        Err(ProfileError::SecretBoundElsewhere { .. })
    ));
    store
        .save(moved, Some(Zeroizing::new(SECRET.into())))
        .unwrap();
    let admin = Admin::new(ProfileStore::in_dir(dir.path()), settings());
    let err = admin.send(&name, &send_form()).await.unwrap_err();
    assert!(
        matches!(&err, AdminError::Pin(pin) if pin.status() == Some(500)),
        "{err}"
    );
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
    store.remove(&name).unwrap();
}
