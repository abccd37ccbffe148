//! The IPC contract in one place: every command the webview may call and every
//! event it may hear. From this list come the invoke handler, the TypeScript
//! bindings (`ui/src/lib/bindings.ts`, generated: `make bindings`), and, through
//! the capability file that `build.rs` reads, the permissions. A test fails when
//! any of them disagree.

use tauri::Wry;
use tauri_specta::{Builder, ErrorHandlingMode, collect_commands, collect_events};

use crate::commands::{
    about, accounts, enroll, follow, hand, icons, pin, settings, sync, transfer, vault,
};

/// Where the generated bindings live, relative to this crate.
#[cfg(test)]
const BINDINGS: &str = "../ui/src/lib/bindings.ts";

/// The commands and events, with how their TypeScript is written.
pub(crate) fn builder() -> Builder<Wry> {
    Builder::<Wry>::new()
        .commands(collect_commands![
            about::about,
            about::first_codes_shown,
            vault::vault_start,
            vault::vault_create,
            vault::vault_unlock,
            vault::vault_lock,
            vault::vault_unlock_keyring,
            vault::vault_lock_screen,
            vault::vault_security,
            vault::set_passphrase,
            vault::remove_passphrase,
            vault::require_passphrase,
            accounts::list_accounts,
            accounts::copy_code,
            accounts::next_hotp,
            accounts::edit_account,
            accounts::delete_account,
            accounts::undo_delete,
            accounts::reorder_accounts,
            icons::search_icons,
            icons::set_icon,
            icons::pick_icon_file,
            icons::import_icon_pack,
            enroll::enroll_text,
            enroll::enroll_manual,
            enroll::enroll_screen,
            enroll::enroll_clipboard,
            enroll::enroll_image,
            enroll::enroll_confirm,
            enroll::enroll_cancel,
            enroll::take_arrival,
            settings::get_settings,
            settings::save_settings,
            transfer::import_formats,
            transfer::import_pick,
            transfer::import_read,
            transfer::import_confirm,
            transfer::import_cancel,
            transfer::export_formats,
            transfer::export_save,
            transfer::auto_backup_status,
            transfer::auto_backup_pick_folder,
            transfer::auto_backup_enable,
            transfer::auto_backup_disable,
            transfer::backup_reminder_due,
            transfer::backup_reminder_dismiss,
            sync::sync_status,
            sync::sync_setup,
            sync::sync_now,
            sync::sync_leave,
            sync::sync_pick_folder,
            sync::sync_pair_show,
            sync::sync_pair_hide,
            sync::sync_join_screen,
            sync::sync_join_image,
            follow::follow_list,
            follow::follow_add,
            follow::follow_check,
            follow::follow_apply,
            follow::follow_resolve,
            follow::follow_remove,
            follow::follow_pick_folder,
            pin::pin_has_profiles,
            pin::pin_console,
            pin::pin_profile_save,
            pin::pin_profile_remove,
            pin::pin_send,
            pin::pin_verify,
            pin::pin_status,
            pin::pin_infobip_catalog,
            pin::pin_resend,
            pin::pin_infobip_app_save,
            pin::pin_infobip_template_save,
            pin::pin_outbox,
            pin::pin_exchanges,
            pin::pin_clear_exchanges,
            pin::pin_softtoken_enroll,
            pin::pin_softtoken_validate,
            pin::pin_softtoken_list,
            pin::pin_softtoken_delete,
            pin::pin_callbacks,
            pin::pin_callbacks_start,
            pin::pin_callbacks_stop,
            pin::pin_callbacks_rule,
            pin::pin_callbacks_decide,
            pin::pin_fault,
            hand::at_hand_status,
            hand::set_start_at_login,
            hand::tray_notice_answer,
            hand::quick_hide,
        ])
        .events(collect_events![
            crate::session::Arrival,
            crate::session::Locked,
            crate::session::VaultChanged,
            crate::session::FollowWaiting,
            crate::hand::TrayNotice,
            crate::hand::VaultOpened,
            crate::quick::QuickOpened
        ])
        .typ::<crate::error::CommandError>()
        // Wrappers return the value and throw the `{kind, message}` error, as
        // `ipc.ts` and the UI expect. One shape per type: a field with a serde
        // default is optional in TypeScript (`ipc.ts` narrows `Settings`, which
        // the shell always sends whole).
        .error_handling(ErrorHandlingMode::Throw)
        .disable_serde_phases()
        // Counters and usage counts are u64 in Rust; JSON carries them as numbers
        // either way, and none comes near 2^53.
        .dangerously_cast_bigints_to_number()
}

/// The TypeScript the builder generates, with the project's header.
#[cfg(test)]
fn typescript() -> String {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("bindings.ts");
    builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by `make bindings`; do not edit.\n// @ts-nocheck"),
            &path,
        )
        .expect("the IPC types export to TypeScript");
    std::fs::read_to_string(path).expect("the bindings were written")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The command names the generated bindings invoke.
    fn invoked(bindings: &str) -> BTreeSet<String> {
        bindings
            .split("__TAURI_INVOKE")
            .skip(2) // the import line
            .filter_map(|call| call.split_once("(\"")?.1.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    /// The commands the capability allows (`allow-some-command` → `some_command`).
    fn allowed() -> BTreeSet<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json");
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|name| name.replace('-', "_"))
            .collect()
    }

    /// The permission files tauri-build generated from the manifest (`build.rs`).
    fn permitted() -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("permissions/autogenerated");
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                e.ok()?
                    .file_name()
                    .to_str()?
                    .strip_suffix(".toml")
                    .map(str::to_owned)
            })
            .collect()
    }

    #[test]
    fn handlers_permissions_capability_and_bindings_agree() {
        let bindings = typescript();
        let commands = invoked(&bindings);
        assert!(commands.contains("vault_start"), "{commands:?}");
        assert_eq!(
            commands,
            allowed(),
            "the capability allows exactly the commands"
        );
        assert_eq!(
            commands,
            permitted(),
            "build.rs generated a permission for each"
        );
    }

    #[test]
    fn the_committed_bindings_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS);
        let fresh = typescript();
        if std::env::var_os("WATCHWORD_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `make bindings`",
            path.display()
        );
    }
}
