//! Generates the Tauri context of the minimal window.
//!
//! `dom_ready` and `first_paint` are listed in the app manifest, so the webview may call them only
//! through their `allow-…` permissions in `capabilities/`, as Watchword's
//! commands are.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["dom_ready", "first_paint"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
