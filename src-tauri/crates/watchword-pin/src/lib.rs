//! Typed clients for server-side PIN verification: Sinch Verification v1, Infobip 2FA
//! and the Authentication 365 style OTP API, with provider profiles whose secrets live in
//! the OS keyring and a redacted log of every exchange.

pub mod admin;
pub mod auth365;
pub mod console;
pub mod error;
pub mod exchange;
pub mod infobip;
pub mod profile;
pub mod provider;
pub mod receiver;
pub mod sandbox;
pub mod sinch;
pub mod transport;
pub mod words;

pub use error::{GarbageReason, PinError};
pub use exchange::{Exchange, ExchangeLog};
pub use profile::{PinClient, Profile, ProfileError, ProfileStore};
pub use provider::Provider;
pub use transport::{HttpSettings, Transport};
