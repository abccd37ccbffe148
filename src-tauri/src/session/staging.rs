//! Staging: whatever is to be added (a pasted link, the manual form, the
//! screen, the clipboard, a picture, a drop, a deep link, a server's soft
//! token) becomes one staged preview; nothing is written until the user
//! confirms it. Links that arrive while locked wait until the vault opens.

use serde::Serialize;
use watchword_core::clipboard::{self, Clipboard};
use watchword_core::enroll::{FieldError, Findings, ManualEntry, Preview};

use super::{Session, guard};
use crate::error::{CommandError, ErrorKind};

/// A staged preview: what the confirmation shows, and the id that names it
/// when the user confirms, so a preview replaced meanwhile (by a link a web
/// page fired, a drop) is never added in place of the one on screen.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub(crate) struct Staged {
    /// Names this preview for `enroll_confirm`.
    pub id: String,
    /// What was found.
    #[serde(flatten)]
    pub preview: Preview,
}

/// The manual form's outcome: the preview, or what to fix beside each field.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub(crate) struct ManualOutcome {
    /// Set when the form is valid.
    pub preview: Option<Staged>,
    /// Set when it is not, one entry per wrong field.
    pub errors: Vec<FieldError>,
}

/// Something to add that arrived from outside the UI (a drop, a deep link):
/// its preview, or why nothing could be taken. Sent as an event, and kept for
/// the UI to collect after unlocking.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub(crate) struct Arrival {
    /// What was found, to confirm.
    pub preview: Option<Staged>,
    /// Why nothing could be taken.
    pub error: Option<CommandError>,
}

impl From<Result<Staged, CommandError>> for Arrival {
    fn from(result: Result<Staged, CommandError>) -> Self {
        match result {
            Ok(preview) => Self {
                preview: Some(preview),
                error: None,
            },
            Err(error) => Self {
                preview: None,
                error: Some(error),
            },
        }
    }
}

/// Whether a launch argument is a link Watchword handles.
pub(crate) fn is_link(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("otpauth://") || lower.starts_with("otpauth-migration://")
}

impl Session {
    /// Stages `found` until confirmed (replacing whatever was staged) and
    /// returns what to show, named by a fresh id.
    pub(crate) fn stage(&self, found: Findings) -> Result<Staged, CommandError> {
        let preview = self.with_vault(|vault| Ok(found.to_preview(vault.accounts())))?;
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| {
            CommandError::new(ErrorKind::Internal, format!("no random numbers: {e}"))
        })?;
        let id = watchword_core::hex::encode(&random);
        *guard(&self.staged) = Some((id.clone(), found));
        Ok(Staged { id, preview })
    }

    /// A pasted `otpauth://` or `otpauth-migration://` link (or several, one per line).
    pub(crate) fn stage_text(&self, text: &str) -> Result<Staged, CommandError> {
        self.stage(Findings::from_lines(text).usable()?)
    }

    /// The manual form, checked by the same rules as a URI.
    pub(crate) fn stage_manual(&self, entry: &ManualEntry) -> Result<ManualOutcome, CommandError> {
        Ok(match entry.validate() {
            Ok(otp) => ManualOutcome {
                preview: Some(self.stage(Findings {
                    accounts: vec![otp],
                    ..Findings::default()
                })?),
                errors: Vec::new(),
            },
            Err(errors) => ManualOutcome {
                preview: None,
                errors,
            },
        })
    }

    /// Every QR code on every screen.
    pub(crate) fn stage_screen(&self) -> Result<Staged, CommandError> {
        #[cfg(target_os = "linux")]
        {
            let screen = watchword_core::screen::capture()?;
            self.stage(Findings::from_picture(&screen, "the screen")?)
        }
        #[cfg(not(target_os = "linux"))]
        Err(CommandError::new(
            ErrorKind::Screen,
            "Scanning the screen works on Linux only so far.",
        ))
    }

    /// Ctrl+V: a copied picture of a QR code, or copied links.
    pub(crate) fn stage_clipboard(&self) -> Result<Staged, CommandError> {
        let found = match clipboard::read()? {
            Clipboard::Image(image) => Findings::from_picture(&image, "the copied picture")?,
            Clipboard::Text(text) => Findings::from_lines(&text).usable()?,
            Clipboard::Empty => {
                return Err(CommandError::new(
                    ErrorKind::NothingFound,
                    "The clipboard holds neither a picture nor text.",
                ));
            }
        };
        self.stage(found)
    }

    /// Pictures or lists of links from files the shell picked or the user dropped.
    pub(crate) fn stage_files(&self, paths: &[std::path::PathBuf]) -> Result<Staged, CommandError> {
        self.stage(Findings::from_files(paths)?)
    }

    /// A QR code picture the app received as bytes (a server's soft token).
    pub(crate) fn stage_picture(&self, png: &[u8], what: &str) -> Result<Staged, CommandError> {
        self.stage(Findings::from_encoded_picture(png, what)?)
    }

    /// Adds what the preview `id` showed, skipping accounts already in the
    /// vault; returns how many were added. When another preview replaced it
    /// meanwhile, nothing is added and the newer one stays staged.
    pub(crate) fn confirm_staged(&self, id: &str) -> Result<usize, CommandError> {
        let found = {
            let mut staged = guard(&self.staged);
            match staged.take() {
                Some((staged_id, found)) if staged_id == id => found,
                other => {
                    let replaced = other.is_some();
                    *staged = other;
                    return Err(CommandError::new(
                        ErrorKind::NothingPending,
                        if replaced {
                            "Something else arrived to be added meanwhile; nothing was added. Check the new preview."
                        } else {
                            "There is nothing waiting to be added."
                        },
                    ));
                }
            }
        };
        self.with_vault(|vault| {
            let fresh = found.new_accounts(vault.accounts());
            Ok(vault.add_many(fresh)?.len())
        })
    }

    /// Drops what the preview showed.
    pub(crate) fn cancel_staged(&self) {
        *guard(&self.staged) = None;
    }

    /// The preview for links that arrived from outside, or `None` when there
    /// are none or the vault is locked (they wait for it).
    pub(crate) fn arrival(&self, links: Vec<String>) -> Option<Arrival> {
        let links: Vec<String> = links.into_iter().filter(|l| is_link(l)).collect();
        if links.is_empty() {
            return None;
        }
        if !self.is_unlocked() {
            guard(&self.waiting_links).extend(links);
            return None;
        }
        let found = Findings::from_texts(&links).usable().map_err(Into::into);
        Some(Arrival::from(found.and_then(|f| self.stage(f))))
    }

    /// The links that waited for the vault to open.
    pub(crate) fn take_waiting_links(&self) -> Vec<String> {
        std::mem::take(&mut *guard(&self.waiting_links))
    }

    /// Links given at launch: they wait until the UI asks after unlocking.
    pub(crate) fn keep_launch_links(&self, args: impl IntoIterator<Item = String>) {
        guard(&self.waiting_links).extend(args.into_iter().filter(|a| is_link(a)));
    }
}

#[cfg(test)]
mod tests {
    use super::is_link;

    #[test]
    fn only_authenticator_links_are_taken() {
        assert!(is_link("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"));
        assert!(is_link(" OTPAUTH-MIGRATION://offline?data=x"));
        assert!(!is_link("https://example.com"));
        assert!(!is_link("--flag"));
    }
}
