//! The sandbox's clock: wall time plus an offset that `POST /sandbox/clock` advances, so
//! tests can expire PINs, tokens and rate-limit windows without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::macros::format_description;

/// Wall time shifted by a settable offset; shared by every handler.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Milliseconds since the Unix epoch on the sandbox's clock.
    pub fn now_ms(&self) -> i64 {
        real_now_ms().saturating_add(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Seconds since the Unix epoch on the sandbox's clock.
    pub fn now_s(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock forward; returns the new time in milliseconds.
    pub fn advance(&self, seconds: i64) -> i64 {
        self.offset_ms
            .fetch_add(seconds.saturating_mul(1000), Ordering::SeqCst);
        self.now_ms()
    }

    /// How far the clock is ahead of the wall, in seconds.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst) / 1000
    }
}

/// The real wall clock in milliseconds (signature timestamps are checked against this,
/// not the shifted clock, because clients sign with their own real time).
pub fn real_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `2023-11-22T09:10:11.999Z`: RFC 3339 in UTC with milliseconds, as the providers send.
pub fn rfc3339_ms(ms: i64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00.000Z".to_owned())
}

/// Parses an ISO-8601 / RFC 3339 timestamp (as in `x-timestamp`) to epoch milliseconds.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let t =
        OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let ms = parse_rfc3339_ms("2023-11-22T09:10:11.999Z").unwrap();
        assert_eq!(rfc3339_ms(ms), "2023-11-22T09:10:11.999Z");
        assert!(parse_rfc3339_ms("2014-06-04T13:41:58Z").is_some());
        assert!(parse_rfc3339_ms("yesterday").is_none());
    }

    #[test]
    fn advances() {
        let clock = Clock::default();
        let before = clock.now_ms();
        clock.advance(600);
        assert!(clock.now_ms() >= before + 600_000);
        assert_eq!(clock.offset_seconds(), 600);
    }
}
