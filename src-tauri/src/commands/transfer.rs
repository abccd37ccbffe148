//! Moving accounts in and out: the import wizard, the export dialog and automatic
//! backups. File dialogs run in the shell; the core reads, previews and writes.

use serde::Serialize;
use tauri::State;
use watchword_core::backup::{self, BackupKey};
use watchword_core::export::{self, ExportFormat};
use watchword_core::import::{self, Format, ImportView};
use watchword_core::settings::Settings;
use watchword_core::{KdfParams, Passphrase};

use crate::error::CommandError;
use crate::state::AppState;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn passphrase(text: Option<String>) -> Option<Passphrase> {
    text.filter(|text| !text.is_empty()).map(Passphrase::new)
}

/// A format the wizard can offer.
#[derive(Debug, Serialize)]
pub struct FormatChoice {
    name: &'static str,
    title: &'static str,
}

/// Every format Watchword imports, for the wizard's "read it as" choice.
#[tauri::command]
pub fn import_formats() -> Vec<FormatChoice> {
    Format::ALL
        .into_iter()
        .map(|f| FormatChoice {
            name: f.name(),
            title: f.title(),
        })
        .collect()
}

/// The picked file and the format recognised from its content.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PickedImport {
    file_name: String,
    /// The recognised format's name, if any.
    format: Option<&'static str>,
}

/// Step 1: pick a file (the shell's dialog); `None` when cancelled.
#[tauri::command(async)]
pub fn import_pick(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PickedImport>, CommandError> {
    use tauri_plugin_dialog::DialogExt;
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Import accounts from another app")
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|e| CommandError::new("unreadable", e.to_string()))?;
    let (bytes, file_name) = read_picked(&path)?;
    let format = import::detect(&bytes, &file_name).map(Format::name);
    let mut session = state.import();
    session.path = Some(path);
    session.preview = None;
    drop(session);
    Ok(Some(PickedImport { file_name, format }))
}

/// The picked file's bytes (within the import size limit) and its name, which
/// recognition and the Google QR reader use.
fn read_picked(path: &std::path::Path) -> Result<(Vec<u8>, String), CommandError> {
    let bytes = read_limited(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, file_name))
}

fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, CommandError> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > import::MAX_FILE_BYTES as u64 {
        return Err(import::ImportError::TooLarge.into());
    }
    std::fs::read(path).map_err(|e| {
        CommandError::new("unreadable", format!("Cannot read {}: {e}", path.display()))
    })
}

/// Step 2: read the picked file as `format` (or the recognised one) with `password`;
/// the preview waits for confirmation. A missing or wrong password is an error of its own kind.
#[tauri::command(async)]
pub fn import_read(
    state: State<'_, AppState>,
    format: Option<String>,
    password: Option<String>,
) -> Result<ImportView, CommandError> {
    let path = state
        .import()
        .path
        .clone()
        .ok_or_else(|| CommandError::new("nothing_pending", "Pick a file first."))?;
    let format = match format.filter(|f| !f.is_empty()) {
        Some(name) => Some(Format::from_name(&name).ok_or_else(|| {
            CommandError::new("import_unrecognised", format!("Unknown format {name}."))
        })?),
        None => None,
    };
    let (bytes, file_name) = read_picked(&path)?;
    let imported = import::read(&bytes, &file_name, format, passphrase(password).as_ref())?;
    let format = imported.format;
    let preview = state.with_vault(|vault| Ok(import::preview(vault.accounts(), imported)))?;
    let view = preview.view(format);
    state.import().preview = Some(preview);
    Ok(view)
}

/// Step 3: adds the new accounts; returns how many.
#[tauri::command(async)]
pub fn import_confirm(state: State<'_, AppState>) -> Result<usize, CommandError> {
    state.with_vault(|vault| {
        // Taken only once the vault is open: a locked vault keeps the preview for a retry.
        let preview = state.import().preview.take().ok_or_else(|| {
            CommandError::new(
                "nothing_pending",
                "There is nothing waiting to be imported.",
            )
        })?;
        // Checked again: the vault may have changed since the preview (the CLI, a drop).
        let fresh = import::recheck(vault.accounts(), preview);
        let added = import::add_new(vault, fresh)?.len();
        state.import().path = None;
        Ok(added)
    })
}

/// Drops the picked file and its preview.
#[tauri::command(async)]
pub fn import_cancel(state: State<'_, AppState>) {
    let mut session = state.import();
    session.path = None;
    session.preview = None;
}

/// What an export wrote.
#[derive(Debug, Serialize)]
pub struct ExportOutcome {
    path: String,
    /// Set for unencrypted files.
    warning: Option<&'static str>,
    /// Accounts the format could not carry, with the reason.
    skipped: Vec<String>,
}

/// Writes the vault in `format` to a file the user picks; `None` when cancelled.
#[tauri::command(async)]
pub fn export_save(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    format: String,
    password: Option<String>,
) -> Result<Option<ExportOutcome>, CommandError> {
    use tauri_plugin_dialog::DialogExt;
    let format = ExportFormat::ALL
        .into_iter()
        .find(|f| f.name() == format)
        .ok_or_else(|| CommandError::new("export", format!("Unknown export format {format}.")))?;
    let password = passphrase(password);
    let written = state.with_vault(|vault| {
        export::write(
            format,
            vault.accounts(),
            password.as_ref(),
            KdfParams::default(),
            now(),
        )
        .map_err(|e| CommandError::new("export", e.to_string()))
    })?;
    let default_name = match format {
        ExportFormat::Watchword => "watchword-backup.wwbackup",
        ExportFormat::Aegis => "aegis-export.json",
        ExportFormat::Otpauth => "otpauth-links.txt",
        ExportFormat::Html => "watchword-paper-backup.html",
    };
    let Some(picked) = app
        .dialog()
        .file()
        .set_title("Export accounts")
        .set_file_name(default_name)
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|e| CommandError::new("unreadable", e.to_string()))?;
    export::save(&path, &written.bytes)
        .map_err(|e| CommandError::new("io", format!("Cannot write {}: {e}", path.display())))?;
    Ok(Some(ExportOutcome {
        path: path.display().to_string(),
        warning: written.warning,
        skipped: written
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.label, s.reason))
            .collect(),
    }))
}

/// Where automatic backups stand.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoBackupStatus {
    folder: Option<String>,
    keep: u32,
    /// Backups in the folder now.
    files: usize,
    /// The last one this window wrote, or why it failed.
    last: Option<String>,
    error: Option<String>,
}

/// The automatic backups' folder, count and last outcome.
#[tauri::command(async)]
pub fn auto_backup_status(state: State<'_, AppState>) -> Result<AutoBackupStatus, CommandError> {
    let settings = state.settings().clone();
    let (last, error) = state.with_vault(|vault| {
        Ok(match vault.last_auto_backup() {
            Some(Ok(path)) => (Some(path.display().to_string()), None),
            Some(Err(error)) => (None, Some(error.clone())),
            None => (None, None),
        })
    })?;
    Ok(AutoBackupStatus {
        files: settings
            .auto_backup_dir
            .as_deref()
            .map(|dir| backup::auto::list(dir).len())
            .unwrap_or(0),
        folder: settings
            .auto_backup_dir
            .map(|dir| dir.display().to_string()),
        keep: settings.auto_backup_keep,
        last,
        error,
    })
}

/// Picks the automatic backups' folder (the shell's dialog); `None` when cancelled.
#[tauri::command(async)]
pub fn auto_backup_pick_folder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .set_title("Folder for automatic backups")
        .blocking_pick_folder()?;
    let path = picked.into_path().ok()?;
    let shown = path.display().to_string();
    state.import().backup_folder = Some(path);
    Some(shown)
}

/// Turns automatic backups on in the folder the dialog picked: the first backup is
/// written at once, then the backup passphrase's key goes to the keyring and the
/// settings name the folder. Nothing is switched on if any step fails.
#[tauri::command(async)]
pub fn auto_backup_enable(
    state: State<'_, AppState>,
    keep: u32,
    passphrase: String,
) -> Result<Settings, CommandError> {
    let folder = state
        .import()
        .backup_folder
        .clone()
        .ok_or_else(|| CommandError::new("backup", "Choose a folder for the backups first."))?;
    let passphrase = self::passphrase(Some(passphrase)).ok_or_else(|| {
        CommandError::new("empty_passphrase", "Choose a passphrase for the backups.")
    })?;
    let key = BackupKey::derive(&passphrase, KdfParams::default())
        .map_err(|e| CommandError::new("backup", e.to_string()))?;
    let mut next = state.settings().clone();
    next.auto_backup_dir = Some(folder.clone());
    next.auto_backup_keep = keep;
    next.check()?;
    state.with_vault(|vault| {
        backup::auto::write_rotating(&folder, keep as usize, vault.accounts(), &key, now())
            .map_err(|e| CommandError::new("backup", e.to_string()))?;
        backup::auto::store_key(vault.id(), &key)?;
        Ok(())
    })?;
    // The vault lock is released before the settings lock is taken (never both at once).
    let mut settings = state.settings();
    next = next.keeping_preferences_of(&settings);
    next.save(&state.dir)?;
    *settings = next.clone();
    Ok(next)
}

/// Turns automatic backups off (the files already written stay).
#[tauri::command(async)]
pub fn auto_backup_disable(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    let mut settings = state.settings();
    let mut next = settings.clone();
    next.auto_backup_dir = None;
    next.save(&state.dir)?;
    *settings = next.clone();
    Ok(next)
}
