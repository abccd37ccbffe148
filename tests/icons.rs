//! Icons, favourites and groups in the real window: brand icons for accounts
//! named after services, an imported icon pack's icons, the picker's choice
//! surviving a restart, favourites on top in every sort, the groups filter
//! bar and folded headings remembered across a restart.

use std::io::Write;
use std::path::Path;

use watchword_core::icons::packs;
use watchword_core::{Unlock, Vault, VaultDir};
use watchword_e2e::{Desktop, vault_in};

const GITHUB: &str =
    "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str =
    "otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const BANK: &str =
    "otpauth://totp/Acme%20Savings:carol?secret=BASE32SECRET3232&issuer=Acme%20Savings";

async fn launch(dir: &Path) -> anyhow::Result<Desktop> {
    Desktop::launch(&[("WATCHWORD_DIR", dir.to_str().unwrap())]).await
}

fn open(dir: &Path) -> Vault {
    let unlock = Unlock {
        keyring: true,
        passphrase: None,
    };
    Vault::open(&VaultDir::new(dir), &unlock).expect("the test vault opens")
}

/// An Aegis icon pack with one SVG icon for issuers containing "acme".
fn acme_pack() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("pack.json", options).unwrap();
    zip.write_all(
        br#"{"uuid":"3f0c2b6e-1d2a-4c55-9d7e-6a0b8f3e9c11","name":"Acme","version":1,
            "icons":[{"name":"Acme","filename":"icons/acme.svg","category":"Banks","issuer":["acme"]}]}"#,
    )
    .unwrap();
    zip.start_file("icons/acme.svg", options).unwrap();
    zip.write_all(br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0a7"/></svg>"##)
        .unwrap();
    zip.finish().unwrap().into_inner()
}

/// The `data-icon` of the row whose issuer is `issuer` ("letter" without an image).
async fn row_icon(desktop: &Desktop, issuer: &str) -> anyhow::Result<String> {
    let found = desktop
        .client
        .execute(
            "for (const row of document.querySelectorAll('[data-testid=account]')) {
               if (row.querySelector('[data-testid=issuer]').textContent.trim() !== arguments[0]) continue;
               const img = row.querySelector('img[data-testid=icon]');
               if (!img) return 'letter';
               const seen = () => (img.naturalWidth > 0 ? img.dataset.icon : 'broken:' + img.src);
               if (img.complete) return seen();
               return new Promise(r => { img.onload = () => r(seen()); img.onerror = () => r(seen()); });
             }
             return 'no row';",
            vec![serde_json::json!(issuer)],
        )
        .await?;
    Ok(found.as_str().unwrap_or_default().to_owned())
}

async fn issuers(desktop: &Desktop) -> anyhow::Result<Vec<String>> {
    let found = desktop
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=issuer]')].map(n => n.textContent.trim());",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn brand_and_pack_icons_show_and_the_pickers_choice_survives_a_restart() -> anyhow::Result<()>
{
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB, BANK]);
    let pack = packs::read_zip(&acme_pack())?.pack;
    assert_eq!(open(folder.path()).add_icon_pack(&pack)?, 1);

    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    // Named after services: their built-in brand icons, loaded through wwicon:.
    assert_eq!(row_icon(&desktop, "GitHub").await?, "brand:github");
    assert_eq!(row_icon(&desktop, "GitLab").await?, "brand:gitlab");
    // The pack's issuer pattern gave the bank its picture.
    assert_eq!(row_icon(&desktop, "Acme Savings").await?, "picture");
    // The webview never holds the brand set: a script cannot read an icon.
    let fetched = desktop
        .client
        .execute(
            "return fetch('wwicon://localhost/brand/github').then(() => 'read', () => 'blocked');",
            vec![],
        )
        .await?;
    assert_eq!(fetched, "blocked");

    // The picker: search the built-in set, choose Bitbucket for GitLab.
    desktop
        .client
        .execute(
            "for (const row of document.querySelectorAll('.account')) {
               if (row.querySelector('[data-testid=issuer]').textContent.trim() === 'GitLab') row.querySelector('[data-testid=more]').click();
             }",
            vec![],
        )
        .await?;
    desktop.find("[data-testid=icon-picker]").await?;
    desktop
        .type_into("[data-testid=icon-search]", "bitbuck")
        .await?;
    desktop
        .click("[data-testid=icon-option][data-icon='brand:bitbucket']")
        .await?;
    desktop
        .find("[data-testid=icon-current][data-icon='brand:bitbucket']")
        .await?;
    assert_eq!(row_icon(&desktop, "GitLab").await?, "brand:bitbucket");
    // The pack's icons are offered too.
    desktop
        .type_into("[data-testid=icon-search]", "acme")
        .await?;
    desktop
        .find("[data-testid=icon-option][data-icon='pack:Acme']")
        .await?;
    desktop.close().await?;

    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    assert_eq!(row_icon(&desktop, "GitLab").await?, "brand:bitbucket");
    assert_eq!(row_icon(&desktop, "GitHub").await?, "brand:github");
    desktop.close().await?;
    let vault = open(folder.path());
    assert!(
        vault
            .find("GitLab")?
            .icon
            .as_ref()
            .is_some_and(|i| i.chosen)
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn favourites_stay_on_top_and_groups_filter_and_fold() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    vault_in(folder.path(), true, None, &[GITHUB, GITLAB, BANK]);
    let desktop = launch(folder.path()).await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;

    // Acme Savings, last in every order, becomes a favourite in the edit dialog.
    desktop
        .client
        .execute(
            "for (const row of document.querySelectorAll('.account')) {
               if (row.querySelector('[data-testid=issuer]').textContent.trim() === 'Acme Savings') row.querySelector('[data-testid=more]').click();
             }",
            vec![],
        )
        .await?;
    desktop.find("[data-testid=edit-usage]").await?;
    let usage = desktop.text("[data-testid=edit-usage]").await?;
    assert!(
        usage.contains("Added") && usage.contains("Never used"),
        "{usage}"
    );
    desktop.click("[data-testid=edit-favourite]").await?;
    desktop.click("[data-testid=edit-save]").await?;
    desktop
        .wait_for_text("[data-testid=issuer]", |t| t == "Acme Savings")
        .await?;
    for order in ["alphabetical", "most-used", "manual"] {
        desktop
            .find("[data-testid=sort]")
            .await?
            .select_by_value(order)
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(issuers(&desktop).await?[0], "Acme Savings", "{order}");
    }

    // GitHub into two groups, GitLab into one.
    for (issuer, groups) in [("GitHub", "Work, Code"), ("GitLab", "Work")] {
        desktop
            .client
            .execute(
                "for (const row of document.querySelectorAll('.account')) {
                   if (row.querySelector('[data-testid=issuer]').textContent.trim() === arguments[0]) row.querySelector('[data-testid=more]').click();
                 }",
                vec![serde_json::json!(issuer)],
            )
            .await?;
        desktop
            .type_into("[data-testid=edit-group]", groups)
            .await?;
        desktop.click("[data-testid=edit-save]").await?;
        desktop.wait_for_count("[data-testid=edit-form]", 0).await?;
    }
    desktop.find("[data-testid=group-filter]").await?;
    desktop
        .click("[data-testid=group-filter-option][data-group=Code]")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    assert_eq!(issuers(&desktop).await?, ["GitHub"]);
    desktop.click("[data-testid=group-filter-all]").await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;

    // Fold Work: its two rows go; the favourite stays.
    desktop
        .click("[data-testid=group][data-group=Work] [data-testid=group-toggle]")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    assert_eq!(issuers(&desktop).await?, ["Acme Savings"]);
    desktop.close().await?;

    // Remembered after a restart.
    let desktop = launch(folder.path()).await?;
    desktop.find("[data-testid=group][data-group=Work]").await?;
    desktop.wait_for_count("[data-testid=account]", 1).await?;
    let expanded = desktop
        .find("[data-testid=group][data-group=Work] [data-testid=group-toggle]")
        .await?
        .attr("aria-expanded")
        .await?;
    assert_eq!(expanded.as_deref(), Some("false"));
    desktop
        .click("[data-testid=group][data-group=Work] [data-testid=group-toggle]")
        .await?;
    desktop.wait_for_count("[data-testid=account]", 3).await?;
    desktop.close().await?;
    let vault = open(folder.path());
    assert_eq!(vault.find("GitHub")?.groups, ["Work", "Code"]);
    assert!(vault.find("Acme Savings")?.favourite);
    Ok(())
}
