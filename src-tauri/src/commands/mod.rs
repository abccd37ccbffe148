//! Tauri commands, one module per area. Each is thin: arguments in, one call
//! into watchword-core, `{kind, message}` out.

pub mod about;
pub mod accounts;
pub mod enroll;
pub mod pin;
pub mod qr;
pub mod settings;
pub mod transfer;
pub mod vault;
