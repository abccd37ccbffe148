//! Generates the Tauri context (config, capabilities, embedded UI).
//!
//! The app manifest lists every command, so each one needs an explicit
//! `allow-*` permission in `capabilities/`: the webview can call nothing else.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "about",
        "vault_start",
        "vault_create",
        "vault_unlock",
        "list_accounts",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
