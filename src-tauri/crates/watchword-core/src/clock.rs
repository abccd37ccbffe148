//! The time, injected: the vault stamps accounts and backups with it and the
//! throttle counts with it, and tests set it instead of sleeping.

/// The system clock is set before 1970: codes would be wrong, so front ends refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system clock is set before 1970")]
pub struct ClockError;

/// Unix seconds now, or why there is no sensible answer.
pub fn unix_now() -> Result<u64, ClockError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| ClockError)
}

/// A source of Unix seconds.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, in Unix seconds (0 when the system clock is before 1970: records
    /// are stamped, never refused, for a wrong clock).
    fn now(&self) -> u64;
}

/// The computer's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        unix_now().unwrap_or(0)
    }
}

/// A clock that says what it is told (tests, benchmarks).
#[derive(Debug, Default)]
pub struct FixedClock(pub std::sync::atomic::AtomicU64);

impl FixedClock {
    /// A clock stopped at `unix` seconds.
    pub fn at(unix: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(unix))
    }

    /// Moves it to `unix` seconds.
    pub fn set(&self, unix: u64) {
        self.0.store(unix, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}
