//! Moving accounts in and out: the import wizard's file and preview, and
//! exports. File dialogs run in the shell (`dialogs`); only files they picked
//! are read or written, never a path from the webview.

use std::path::{Path, PathBuf};

use serde::Serialize;
use watchword_core::export::{self, ExportFormat, ExportFormatInfo, Output};
use watchword_core::import::{self, Format, FormatInfo, ImportPreview, ImportView};
use watchword_core::{KdfParams, Passphrase};

use super::{Session, guard};
use crate::error::{CommandError, ErrorKind};

/// The file the import wizard picked and the preview waiting for confirmation.
#[derive(Debug, Default)]
pub(super) struct ImportSession {
    path: Option<PathBuf>,
    preview: Option<ImportPreview>,
    /// The folder the automatic-backup dialog picked (the webview never names one).
    pub(super) backup_folder: Option<PathBuf>,
}

/// The picked file and the format recognised from its content.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PickedImport {
    file_name: String,
    /// The recognised format's name, if any.
    format: Option<&'static str>,
}

/// What an export wrote.
#[derive(Debug, Serialize, specta::Type)]
pub(crate) struct ExportOutcome {
    path: String,
    /// Set for unencrypted files.
    warning: Option<&'static str>,
    /// Accounts the format could not carry, with the reason.
    skipped: Vec<String>,
}

/// A password field: empty means none.
fn passphrase(text: Option<String>) -> Option<Passphrase> {
    text.filter(|text| !text.is_empty()).map(Passphrase::new)
}

/// The picked file's bytes (within the import size limit) and its name, which
/// recognition and the Google QR reader use.
fn read_picked(path: &Path) -> Result<(Vec<u8>, String), CommandError> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > import::MAX_FILE_BYTES as u64 {
        return Err(import::ImportError::TooLarge.into());
    }
    let bytes = std::fs::read(path).map_err(|e| {
        CommandError::new(
            ErrorKind::Unreadable,
            format!("Cannot read {}: {e}", path.display()),
        )
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, file_name))
}

/// Every format Watchword imports, for the wizard's "read it as" choice.
pub(crate) fn import_formats() -> Vec<FormatInfo> {
    import::formats()
}

/// The formats the export dialog offers: those written as one file.
pub(crate) fn export_formats() -> Vec<ExportFormatInfo> {
    export::formats()
        .iter()
        .filter(|f| matches!(f.output, Output::File(_)))
        .copied()
        .collect()
}

/// The export format named `name`.
fn export_format(name: &str) -> Result<ExportFormat, CommandError> {
    ExportFormat::from_name(name).ok_or_else(|| {
        CommandError::new(ErrorKind::Export, format!("Unknown export format {name}."))
    })
}

impl Session {
    /// Step 1: the wizard picked `path`; says which format its content is.
    pub(crate) fn import_picked(&self, path: PathBuf) -> Result<PickedImport, CommandError> {
        let (bytes, file_name) = read_picked(&path)?;
        let format = import::detect(&bytes, &file_name).map(Format::name);
        let mut session = guard(&self.import);
        session.path = Some(path);
        session.preview = None;
        Ok(PickedImport { file_name, format })
    }

    /// Step 2: reads the picked file as `format` (or the recognised one) with
    /// `password`; the preview waits for confirmation. A missing or wrong
    /// password is an error of its own kind.
    pub(crate) fn import_read(
        &self,
        format: Option<String>,
        password: Option<String>,
    ) -> Result<ImportView, CommandError> {
        let path = guard(&self.import)
            .path
            .clone()
            .ok_or_else(|| CommandError::new(ErrorKind::NothingPending, "Pick a file first."))?;
        let format = match format.filter(|f| !f.is_empty()) {
            Some(name) => Some(Format::from_name(&name).ok_or_else(|| {
                CommandError::new(
                    ErrorKind::ImportUnrecognised,
                    format!("Unknown format {name}."),
                )
            })?),
            None => None,
        };
        let (bytes, file_name) = read_picked(&path)?;
        let imported = import::read(&bytes, &file_name, format, passphrase(password).as_ref())?;
        let format = imported.format;
        // The preview runs on a copy: a large file never holds up other commands.
        let accounts = self.with_vault(|vault| Ok(vault.accounts().to_vec()))?;
        let preview = import::preview(&accounts, imported);
        drop(accounts);
        let view = preview.view(format);
        guard(&self.import).preview = Some(preview);
        Ok(view)
    }

    /// Step 3: adds the new accounts; returns how many.
    pub(crate) fn import_confirm(&self) -> Result<usize, CommandError> {
        self.with_vault(|vault| {
            // Taken only once the vault is open: a locked vault keeps the preview for a retry.
            let preview = guard(&self.import).preview.take().ok_or_else(|| {
                CommandError::new(
                    ErrorKind::NothingPending,
                    "There is nothing waiting to be imported.",
                )
            })?;
            // Checked again: the vault may have changed since the preview (the CLI, a drop).
            let fresh = import::recheck(vault.accounts(), preview);
            let added = import::add_new(vault, fresh)?.len();
            guard(&self.import).path = None;
            Ok(added)
        })
    }

    /// Drops the picked file and its preview.
    pub(crate) fn forget_import(&self) {
        let mut session = guard(&self.import);
        session.path = None;
        session.preview = None;
    }

    /// Writes the vault in the format named `format` (encrypted with `password`
    /// where it can be) to the file `pick` chooses, offered under the format's
    /// default name; `None` when `pick` chooses none. The export is made first,
    /// so a missing password is said before any dialog opens.
    pub(crate) fn export_to(
        &self,
        format: &str,
        password: Option<String>,
        pick: impl FnOnce(&str) -> Option<PathBuf>,
    ) -> Result<Option<ExportOutcome>, CommandError> {
        let format = export_format(format)?;
        let password = passphrase(password);
        let now = self.clock_now();
        let written = self.with_vault(|vault| {
            Ok(export::write(
                format,
                vault.accounts(),
                password.as_ref(),
                KdfParams::default(),
                now,
            )?)
        })?;
        let Some(path) = pick(format.info().default_file_name) else {
            return Ok(None);
        };
        export::save(&path, &written.bytes).map_err(|e| {
            CommandError::new(
                ErrorKind::Io,
                format!("Cannot write {}: {e}", path.display()),
            )
        })?;
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

    /// Unix seconds by the system clock (0 before 1970: a stamp, never a refusal).
    pub(crate) fn clock_now(&self) -> u64 {
        use watchword_core::clock::Clock;
        watchword_core::clock::SystemClock.now()
    }
}
