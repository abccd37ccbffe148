//! Tauri commands, one module per area. Each is thin: arguments in, one call
//! into the session (or the PIN console's state), `{kind, message}` out. The
//! list of them is `crate::ipc`.

pub(crate) mod about;
pub(crate) mod accounts;
pub(crate) mod enroll;
pub(crate) mod follow;
pub(crate) mod hand;
pub(crate) mod icons;
pub(crate) mod pin;
pub(crate) mod qr;
pub(crate) mod settings;
pub(crate) mod sync;
pub(crate) mod transfer;
pub(crate) mod vault;
