//! The run token the sandbox's own endpoints require (see `sandbox::guard` for why):
//! drawn from the operating system's CSPRNG each run, or given by whoever starts it.

use std::fmt;
use std::sync::Arc;

use subtle::ConstantTimeEq as _;

/// Shortest token accepted from `--sandbox-token` or a config file, so a given token
/// is not guessable either (a generated one is 64 hex digits).
pub const MIN_TOKEN_LEN: usize = 16;

/// Longest token accepted (it travels in a header).
pub const MAX_TOKEN_LEN: usize = 256;

/// Why a given token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenProblem {
    /// Fewer than [`MIN_TOKEN_LEN`] characters.
    #[error("the sandbox token must be at least {MIN_TOKEN_LEN} characters")]
    TooShort,
    /// More than [`MAX_TOKEN_LEN`] characters.
    #[error("the sandbox token must be at most {MAX_TOKEN_LEN} characters")]
    TooLong,
    /// Something other than visible ASCII (it must fit a header value unchanged).
    #[error("the sandbox token must be visible ASCII without spaces")]
    NotVisibleAscii,
}

/// The secret `/sandbox/*` requires for this run; its `Debug` never shows it.
#[derive(Clone)]
pub struct SandboxToken(Arc<str>);

impl fmt::Debug for SandboxToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SandboxToken([redacted])")
    }
}

impl SandboxToken {
    /// 32 bytes from the operating system's CSPRNG as 64 lowercase hex digits: a fresh
    /// secret each run when none is given.
    pub fn generate() -> Result<SandboxToken, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(SandboxToken(hex.into()))
    }

    /// A token chosen by whoever starts the sandbox (`--sandbox-token`, config file),
    /// checked so it is long enough and fits a header.
    pub fn parse(text: &str) -> Result<SandboxToken, TokenProblem> {
        if text.len() < MIN_TOKEN_LEN {
            return Err(TokenProblem::TooShort);
        }
        if text.len() > MAX_TOKEN_LEN {
            return Err(TokenProblem::TooLong);
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenProblem::NotVisibleAscii);
        }
        Ok(SandboxToken(text.into()))
    }

    /// The token, for the process that started the sandbox to hand to its clients.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `given` is this token, compared in constant time (only the length,
    /// which is public, can show in the timing).
    pub fn matches(&self, given: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(given).into()
    }
}
