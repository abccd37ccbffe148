//! The real window: it opens, loads the embedded UI, and reaches the Rust side
//! through the capability-restricted IPC.

use watchword_e2e::Desktop;

#[tokio::test(flavor = "multi_thread")]
async fn window_opens_with_the_empty_state_and_the_shell_answers() -> anyhow::Result<()> {
    let desktop = Desktop::launch(&[]).await?;
    assert_eq!(desktop.client.title().await?, "Watchword");

    let empty = desktop.find("[data-testid=empty-state]").await?;
    assert!(empty.text().await?.contains("No accounts yet"));

    // The version comes from the `about` command: proof that IPC works and
    // that the capability file allows the app's own commands.
    let version = desktop.find("[data-testid=version]").await?;
    assert_eq!(
        version.text().await?,
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );

    // The page cannot reach Tauri through a global: withGlobalTauri is false.
    let global = desktop
        .client
        .execute("return typeof window.__TAURI__;", vec![])
        .await?;
    assert_eq!(global, serde_json::json!("undefined"));

    desktop.screenshot("empty").await?;
    desktop.close().await
}
