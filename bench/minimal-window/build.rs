//! Generates the Tauri context of the minimal window.
//!
//! `dom_ready` is listed in the app manifest, so the webview may call it only
//! through the `allow-dom-ready` permission in `capabilities/`, as Watchword's
//! commands are.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["dom_ready"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
