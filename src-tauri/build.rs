//! Generates the Tauri context (config, capabilities, embedded UI).
//!
//! The app manifest lists every command, so each one needs an explicit
//! `allow-*` permission in `capabilities/`: the webview can call nothing else.
//! The list is read from the capability itself (`allow-some-command` names
//! `some_command`); `src/ipc.rs`'s tests check it against the handlers.
fn main() {
    let capability = "capabilities/default.json";
    println!("cargo:rerun-if-changed={capability}");
    let text = std::fs::read_to_string(capability).expect("the capability file is readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the capability is JSON");
    let commands: Vec<String> = json["permissions"]
        .as_array()
        .expect("the capability lists permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect();
    let names: Vec<&'static str> = commands
        .into_iter()
        .map(|name| &*Box::leak(name.into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
