//! Generates the Tauri context (config, capabilities, embedded UI).
//!
//! The app manifest lists every command, so each one needs an explicit
//! `allow-*` permission in `capabilities/`: the webview can call nothing else.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "about",
        "first_codes_shown",
        "vault_start",
        "vault_create",
        "vault_unlock",
        "vault_lock",
        "vault_unlock_keyring",
        "vault_security",
        "set_passphrase",
        "remove_passphrase",
        "require_passphrase",
        "list_accounts",
        "copy_code",
        "next_hotp",
        "edit_account",
        "delete_account",
        "undo_delete",
        "reorder_accounts",
        "enroll_text",
        "enroll_manual",
        "enroll_screen",
        "enroll_clipboard",
        "enroll_image",
        "enroll_confirm",
        "enroll_cancel",
        "pending_arrival",
        "get_settings",
        "save_settings",
        "pin_console",
        "pin_profile_save",
        "pin_profile_remove",
        "pin_send",
        "pin_verify",
        "pin_status",
        "pin_infobip_catalog",
        "pin_outbox",
        "pin_exchanges",
        "pin_clear_exchanges",
        "pin_softtoken_enroll",
        "pin_softtoken_list",
        "pin_softtoken_validate",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}
