//! What the user copied: a picture (a screenshot of a QR code) or text (an
//! `otpauth://` link), read through the OS clipboard (arboard: X11, Wayland's
//! data-control protocol, macOS, Windows).

use image::{DynamicImage, RgbaImage};

use crate::token::Code;

/// What the clipboard holds, as far as enrollment cares.
#[derive(Debug)]
pub enum Clipboard {
    /// A picture.
    Image(DynamicImage),
    /// Text.
    Text(String),
    /// Nothing usable.
    Empty,
}

/// Why the clipboard could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the clipboard: {0}")]
pub struct ClipboardError(String);

/// Reads the clipboard, preferring a picture over text.
pub fn read() -> Result<Clipboard, ClipboardError> {
    let mut clipboard = arboard::Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?;
    match clipboard.get_image() {
        Ok(data) => {
            let (width, height) = (data.width as u32, data.height as u32);
            return RgbaImage::from_raw(width, height, data.bytes.into_owned())
                .map(|rgba| Clipboard::Image(DynamicImage::ImageRgba8(rgba)))
                .ok_or_else(|| {
                    ClipboardError("the picture's size does not match its data".into())
                });
        }
        Err(arboard::Error::ContentNotAvailable) => {}
        Err(other) => return Err(ClipboardError(other.to_string())),
    }
    match clipboard.get_text() {
        Ok(text) if !text.trim().is_empty() => Ok(Clipboard::Text(text)),
        Ok(_) | Err(arboard::Error::ContentNotAvailable) => Ok(Clipboard::Empty),
        Err(other) => Err(ClipboardError(other.to_string())),
    }
}

/// Where copied codes go. On X11 and Wayland the process that copied serves
/// the clipboard, so the app keeps one of these for its whole life.
pub struct CodeClipboard {
    inner: std::sync::Mutex<arboard::Clipboard>,
    /// The code copied last, so locking or quitting can take it back.
    last: std::sync::Mutex<Option<Code>>,
}

impl CodeClipboard {
    /// Connects to the session's clipboard.
    pub fn new() -> Result<Self, ClipboardError> {
        let inner = arboard::Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?;
        Ok(Self {
            inner: std::sync::Mutex::new(inner),
            last: std::sync::Mutex::new(None),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T, ClipboardError> {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(|e| ClipboardError(e.to_string()))
    }

    /// Puts `code` on the clipboard, marked so clipboard managers keep no history of it.
    pub fn copy(&self, code: &Code) -> Result<(), ClipboardError> {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(code.clone());
        self.with(|c| {
            let set = c.set();
            #[cfg(target_os = "linux")]
            let set = {
                use arboard::SetExtLinux;
                set.exclude_from_history()
            };
            set.text(code.as_str())
        })
    }

    /// Empties the clipboard if it still holds `code` (the user may have
    /// copied something else since); true when it did.
    pub fn clear_if_holds(&self, code: &Code) -> Result<bool, ClipboardError> {
        self.with(|c| match c.get_text() {
            Ok(text) if code.matches(&text) => c.clear().map(|()| true),
            Ok(_) | Err(arboard::Error::ContentNotAvailable) => Ok(false),
            Err(other) => Err(other),
        })
    }

    /// Empties the clipboard if it still holds the code copied last (the app
    /// locks or quits); true when it did.
    pub fn clear_last(&self) -> Result<bool, ClipboardError> {
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner()).take();
        match last {
            Some(code) => self.clear_if_holds(&code),
            None => Ok(false),
        }
    }

    /// Copies `code` now and clears it after `delay` if it is still there
    /// (`None`: never), on a thread of its own.
    pub fn copy_for(
        self: &std::sync::Arc<Self>,
        code: Code,
        delay: Option<std::time::Duration>,
    ) -> Result<(), ClipboardError> {
        self.copy(&code)?;
        if let Some(delay) = delay {
            let clipboard = std::sync::Arc::clone(self);
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                let _ = clipboard.clear_if_holds(&code);
            });
        }
        Ok(())
    }
}
