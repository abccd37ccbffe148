//! Watchword's engine, shared by the desktop shell and the `watchword` CLI.
//!
//! Nothing here knows about Tauri or a terminal: every front end calls the same
//! code, so a code shown in the window is the code the CLI prints.

pub mod account;
pub mod backup;
pub mod clipboard;
pub mod clock;
pub mod desktop;
pub mod enroll;
pub mod export;
pub mod files;
pub mod follow;
pub mod hex;
pub mod icons;
pub mod import;
pub mod migration;
pub mod payload;
pub mod qr;
#[cfg(target_os = "linux")]
pub mod screen;
pub mod secret;
pub mod settings;
pub mod sync;
pub mod token;
pub mod uri;
pub mod vault;
pub mod view;

pub use account::{Account, FindError, Icon, IconImage, IconMime, NewAccount};
pub use secret::{Secret, SecretError};
pub use token::{Algorithm, Code, Kind, Token, TokenError};
pub use uri::{OtpAccount, UriError};
pub use vault::{
    AccountChanges, AccountEdit, CreateOptions, IconChoice, KdfParams, Passphrase, Start, Unlock,
    Vault, VaultDir, VaultError, VaultStatus,
};
pub use view::AccountView;
