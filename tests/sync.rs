//! Sync in the real window (issue 19): two app instances, each with its own
//! data folder, join one sync folder by the sync passphrase typed in their
//! settings; an account added on the first appears on the second by itself.
//! And pairing by QR: the first shows its pairing code, the second (its window
//! beside the first on the same Xvfb screen) reads it off the screen.

use std::path::Path;

use anyhow::Context;

use watchword_e2e::{Desktop, pick_in_file_dialog, vault_in, xdotool};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
/// The sync file dialog's title (`commands/sync.rs`).
const SYNC_DIALOG: &str = "Folder to sync through";

async fn launch(dir: &Path) -> anyhow::Result<Desktop> {
    Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await
}

/// Opens the settings and turns sync on through `folder` with `passphrase`.
async fn turn_on_sync(desktop: &Desktop, folder: &Path, passphrase: &str) -> anyhow::Result<()> {
    desktop.click("[data-testid=open-settings]").await?;
    // Before a folder is chosen, the button says what is missing.
    desktop
        .wait_for_text("[data-testid=sync-missing]", |t| t.contains("folder"))
        .await?;
    desktop.click("[data-testid=sync-folder]").await?;
    let path = folder.to_owned();
    tokio::task::spawn_blocking(move || pick_in_file_dialog(SYNC_DIALOG, &path)).await?;
    desktop
        .wait_for_text("[data-testid=sync-path]", |t| t == folder.to_str().unwrap())
        .await?;
    desktop
        .type_into("[data-testid=sync-passphrase]", passphrase)
        .await?;
    desktop
        .type_into("[data-testid=sync-repeat]", passphrase)
        .await?;
    desktop.click("[data-testid=sync-on]").await?;
    desktop
        .wait_for_text("[data-testid=sync-state]", |t| t.contains("On, through"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_join_by_passphrase_and_an_account_added_on_one_appears_on_the_other()
-> anyhow::Result<()> {
    let (one, two, shared) = (
        tempfile::tempdir()?,
        tempfile::tempdir()?,
        tempfile::tempdir()?,
    );
    vault_in(one.path(), true, None, &[GITHUB]);
    vault_in(two.path(), true, None, &[]);

    // A: sync on; its file (with GitHub) lands in the shared folder.
    let a = launch(one.path()).await?;
    a.wait_for_count("[data-testid=account]", 1).await?;
    turn_on_sync(&a, shared.path(), "correct horse sync").await?;
    a.wait_for_text("[data-testid=sync-alone]", |t| !t.is_empty())
        .await?;
    a.assert_accessible("settings with sync on").await?;
    a.click("[data-testid=close]").await?;

    // B: a wrong passphrase is refused, in words, and nothing is set up.
    let b = launch(two.path()).await?;
    b.find("[data-testid=welcome]").await?;
    b.click("[data-testid=open-settings]").await?;
    b.click("[data-testid=sync-folder]").await?;
    let path = shared.path().to_owned();
    tokio::task::spawn_blocking(move || pick_in_file_dialog(SYNC_DIALOG, &path)).await?;
    b.type_into("[data-testid=sync-passphrase]", "another passphrase")
        .await?;
    b.type_into("[data-testid=sync-repeat]", "another passphrase")
        .await?;
    b.click("[data-testid=sync-on]").await?;
    b.wait_for_text("[data-testid=sync-error]", |t| t.contains("does not open"))
        .await?;
    b.assert_accessible("settings with a sync error").await?;
    b.click("[data-testid=close]").await?;

    // The right passphrase joins: A's account arrives, and A shows as another computer.
    turn_on_sync(&b, shared.path(), "correct horse sync").await?;
    b.wait_for_text("[data-testid=sync-device-changes]", |t| {
        t.contains("GitHub (alice)")
    })
    .await?;
    b.click("[data-testid=close]").await?;
    b.wait_for_text("[data-testid=account]", |t| t.contains("GitHub"))
        .await?;

    // Both windows open: an account added on A reaches B's list by itself
    // (the folder watcher, a sync run, the change announced to the page).
    a.click("[data-testid=add]").await?;
    a.type_into("[data-testid=add-link]", GITLAB).await?;
    a.click("[data-testid=add-link-submit]").await?;
    a.click("[data-testid=preview-confirm]").await?;
    a.wait_for_count("[data-testid=account]", 2).await?;
    b.wait_for_count("[data-testid=account]", 2).await?;
    let names = b
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=account]')].map(e => e.textContent).join('|')",
            vec![],
        )
        .await?;
    assert!(
        names.as_str().unwrap_or_default().contains("GitLab"),
        "{names}"
    );
    a.close().await?;
    b.close().await?;
    Ok(())
}

/// The X windows called "Watchword" that are shown now.
fn main_windows() -> Vec<String> {
    let (_, out) = xdotool(&["search", "--onlyvisible", "--name", "^Watchword$"]);
    out.lines().map(str::to_owned).collect()
}

/// Whether the page can load the pairing code's picture right now.
async fn pairing_picture_loads(desktop: &Desktop) -> anyhow::Result<bool> {
    let loaded = desktop
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const img = new Image();
             img.onload = () => done(img.naturalWidth > 0);
             img.onerror = () => done(false);
             img.src = 'wwqr://localhost/sync-pairing?probe=' + Date.now();",
            vec![],
        )
        .await?;
    Ok(loaded.as_bool().unwrap_or(false))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_instance_joins_by_scanning_the_pairing_code_the_first_shows() -> anyhow::Result<()>
{
    let (one, two, shared) = (
        tempfile::tempdir()?,
        tempfile::tempdir()?,
        tempfile::tempdir()?,
    );
    vault_in(one.path(), true, None, &[GITHUB]);
    vault_in(two.path(), true, None, &[]);

    let a = launch(one.path()).await?;
    a.wait_for_count("[data-testid=account]", 1).await?;
    turn_on_sync(&a, shared.path(), "pairing only").await?;
    // Not on offer until asked for: the picture does not load.
    assert!(
        !pairing_picture_loads(&a).await?,
        "the code is served only on demand"
    );
    a.click("[data-testid=sync-pair]").await?;
    a.find("[data-testid=sync-pairing-qr]").await?;
    a.wait_for_text("[data-testid=sync-pairing-left]", |t| t.contains("seconds"))
        .await?;
    assert!(pairing_picture_loads(&a).await?, "on offer once shown");
    a.client
        .execute(
            "document.querySelector('[data-testid=sync-pairing-qr]').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await?;
    a.assert_accessible("settings showing the pairing code")
        .await?;
    let first = main_windows();
    anyhow::ensure!(first.len() == 1, "one window: {first:?}");

    // B, beside A on the same screen: choose the folder, read the code.
    let b = launch(two.path()).await?;
    b.find("[data-testid=welcome]").await?;
    let both = main_windows();
    let b_window = both
        .iter()
        .find(|w| !first.contains(w))
        .context("B's window")?
        .clone();
    xdotool(&["windowmove", "--sync", &first[0], "0", "0"]);
    xdotool(&["windowmove", "--sync", &b_window, "700", "0"]);
    b.click("[data-testid=open-settings]").await?;
    b.click("[data-testid=sync-folder]").await?;
    let path = shared.path().to_owned();
    tokio::task::spawn_blocking(move || pick_in_file_dialog(SYNC_DIALOG, &path)).await?;
    b.click("[data-testid=sync-join-screen]").await?;
    b.wait_for_text("[data-testid=sync-state]", |t| t.contains("On, through"))
        .await?;
    b.click("[data-testid=close]").await?;
    b.wait_for_text("[data-testid=account]", |t| t.contains("GitHub"))
        .await?;

    // Hidden again: gone from the window, and the address stops answering.
    a.click("[data-testid=sync-pair-hide]").await?;
    a.wait_for_count("[data-testid=sync-pairing-qr]", 0).await?;
    assert!(!pairing_picture_loads(&a).await?, "no longer on offer");
    a.close().await?;
    b.close().await?;
    Ok(())
}

/// The shared peer data (other apps' real files), absent in an outside clone.
fn peer_data() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer-data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared peer test data)",
            dir.display()
        );
        None
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_followed_aegis_folder_is_reviewed_in_the_preview_then_applied() -> anyhow::Result<()> {
    let Some(peers) = peer_data() else {
        return Ok(());
    };
    let (data, watched) = (tempfile::tempdir()?, tempfile::tempdir()?);
    // The real encrypted Aegis export, named as Aegis names its automatic backups.
    std::fs::copy(
        peers.join("aegis/aegis_encrypted.json"),
        watched.path().join("aegis-backup-20261201-100000.json"),
    )?;
    vault_in(data.path(), true, None, &[GITHUB]);
    let desktop = launch(data.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop.click("[data-testid=open-settings]").await?;
    desktop.click("[data-testid=follow-folder]").await?;
    let path = watched.path().to_owned();
    tokio::task::spawn_blocking(move || {
        pick_in_file_dialog("Folder where another app writes its backups", &path)
    })
    .await?;
    // The password of the peer data's Aegis export (its notes: "test").
    desktop
        .type_into("[data-testid=follow-password]", "test")
        .await?;
    desktop.click("[data-testid=follow-add]").await?;
    // Review is on by default: the file's accounts wait in the preview.
    desktop.find("[data-testid=follow-review-dialog]").await?;
    desktop
        .wait_for_count(
            "[data-testid=follow-review-dialog] [data-testid=candidate]",
            7,
        )
        .await?;
    let names = desktop
        .text("[data-testid=follow-review-dialog] [data-testid=preview]")
        .await?;
    assert!(names.contains("Deno (Mason)"), "{names}");
    desktop
        .assert_accessible("review of a followed folder")
        .await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop
        .wait_for_text("[data-testid=followed-last]", |t| {
            t.contains("aegis-backup-20261201-100000.json")
        })
        .await?;
    desktop
        .assert_accessible("settings with a followed folder")
        .await?;
    desktop.click("[data-testid=close]").await?;
    desktop.wait_for_count("[data-testid=account]", 8).await?;
    desktop.close().await?;
    Ok(())
}

const ALPHA: &str = "otpauth://totp/Alpha:a?secret=MFRGGZDFMZTWQ2LK&issuer=Alpha";
const BETA: &str = "otpauth://totp/Beta:b?secret=KRSXG5CTMVRXEZLU&issuer=Beta";
const GAMMA: &str = "otpauth://totp/Gamma:c?secret=GEZDGNBVGY3TQOJQ&issuer=Gamma";
const DELTA: &str = "otpauth://totp/Delta:d?secret=ONSWG4TFOQYTEMZU&issuer=Delta";
const OMEGA: &str = "otpauth://totp/Omega:o?secret=NBSWY3DPO5XXE3DE&issuer=Omega";
const FOLLOW_DIALOG: &str = "Folder where another app writes its backups";

/// Another app's export: `otpauth://` links, one a line.
fn export(folder: &Path, name: &str, uris: &[&str]) -> anyhow::Result<()> {
    std::fs::write(folder.join(name), uris.join("\n") + "\n")?;
    Ok(())
}

/// Follows `folder` from the open settings, applying at once or not.
async fn follow_folder(desktop: &Desktop, folder: &Path, review: bool) -> anyhow::Result<()> {
    desktop.click("[data-testid=follow-folder]").await?;
    let path = folder.to_owned();
    tokio::task::spawn_blocking(move || pick_in_file_dialog(FOLLOW_DIALOG, &path)).await?;
    desktop
        .wait_for_text("[data-testid=follow-path]", |t| {
            t == folder.to_str().unwrap()
        })
        .await?;
    let checked = desktop
        .client
        .execute(
            "return document.querySelector('[data-testid=follow-review]').checked",
            vec![],
        )
        .await?;
    if checked.as_bool() != Some(review) {
        desktop.click("[data-testid=follow-review]").await?;
    }
    desktop.click("[data-testid=follow-add]").await
}

/// The accounts' texts in the list, joined.
async fn account_names(desktop: &Desktop) -> anyhow::Result<String> {
    let names = desktop
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=account]')].map(e => e.textContent).join('|')",
            vec![],
        )
        .await?;
    Ok(names.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn followed_folders_are_read_by_themselves_and_flagged_accounts_are_resolved()
-> anyhow::Result<()> {
    let (data, at_once, reviewed) = (
        tempfile::tempdir()?,
        tempfile::tempdir()?,
        tempfile::tempdir()?,
    );
    export(at_once.path(), "export-1.txt", &[ALPHA, BETA, GAMMA])?;
    vault_in(data.path(), true, None, &[GITHUB]);
    let desktop = launch(data.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    desktop.click("[data-testid=open-settings]").await?;
    follow_folder(&desktop, at_once.path(), false).await?;
    desktop
        .wait_for_text("[data-testid=followed-last]", |t| {
            t.contains("export-1.txt")
        })
        .await?;
    // A second folder whose files wait for a review; empty so far.
    follow_folder(&desktop, reviewed.path(), true).await?;
    desktop.wait_for_count("[data-testid=followed]", 2).await?;
    desktop.wait_for_count("[data-testid=account]", 4).await?;

    // The other app writes a newer export: Beta and Gamma gone, Delta new.
    // Nobody clicks anything: the watcher applies it, the list reloads, and
    // the open settings show the two flagged accounts, each with Delete and Keep.
    std::thread::sleep(std::time::Duration::from_millis(50));
    export(at_once.path(), "export-2.txt", &[ALPHA, DELTA])?;
    desktop.wait_for_count("[data-testid=account]", 5).await?;
    assert!(account_names(&desktop).await?.contains("Delta"));
    desktop
        .wait_for_count("[data-testid=flagged-account]", 2)
        .await?;
    desktop
        .assert_accessible("settings with flagged accounts")
        .await?;
    desktop.click("[aria-label='Delete Beta (b)']").await?;
    desktop
        .wait_for_count("[data-testid=flagged-account]", 1)
        .await?;
    // Deleted like the list deletes: with an Undo on offer.
    desktop
        .wait_for_text("[data-testid=toast]", |t| t.contains("Beta"))
        .await?;
    desktop
        .click("[aria-label='Keep Gamma (c) as your own']")
        .await?;
    desktop
        .wait_for_count("[data-testid=flagged-account]", 0)
        .await?;
    desktop.click("[data-testid=close]").await?;
    desktop.wait_for_count("[data-testid=account]", 4).await?;
    let names = account_names(&desktop).await?;
    assert!(
        names.contains("Gamma") && !names.contains("Beta"),
        "{names}"
    );

    // A file in the folder that waits for review: a notice leads to the review.
    export(reviewed.path(), "export-9.txt", &[OMEGA])?;
    desktop
        .wait_for_text("[data-testid=follow-waiting]", |t| {
            t.contains("export-9.txt")
        })
        .await?;
    desktop
        .assert_accessible("a followed file waiting for review")
        .await?;
    assert_eq!(
        desktop.count("[data-testid=account]").await?,
        4,
        "nothing applied yet"
    );
    desktop.click("[data-testid=follow-waiting-review]").await?;
    desktop.find("[data-testid=follow-review-dialog]").await?;
    desktop
        .wait_for_text(
            "[data-testid=follow-review-dialog] [data-testid=preview]",
            |t| t.contains("Omega"),
        )
        .await?;
    desktop.click("[data-testid=preview-confirm]").await?;
    desktop
        .wait_for_count("[data-testid=follow-review-dialog]", 0)
        .await?;
    desktop.click("[data-testid=close]").await?;
    desktop.wait_for_count("[data-testid=account]", 5).await?;
    desktop.close().await?;
    Ok(())
}
