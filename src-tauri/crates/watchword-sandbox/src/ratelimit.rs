//! Rate limits in Infobip's `{count}/{length}{ms|s|m|h|d}` syntax (e.g. `3/1d`), counted
//! over a sliding window of events stored in SQLite, so limits survive restarts. Each
//! check costs the same whatever the limit or the traffic (see [`try_acquire`]).

use rusqlite::{Connection, OptionalExtension, params};

/// This module's tables: each scope's event counter and its last
/// events by number. (`rate_events`, which earlier versions counted by scanning, is
/// dropped.)
pub const SCHEMA: &str = r#"
DROP TABLE IF EXISTS rate_events;
CREATE TABLE IF NOT EXISTS rate_heads (scope TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rate_log (
    scope TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY (scope, seq)) WITHOUT ROWID;
"#;

/// A parsed limit: at most `count` events per `window_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Events allowed in a window.
    pub count: u64,
    /// Window length in milliseconds.
    pub window_ms: i64,
}

/// Parses a duration `{length}{ms|s|m|h|d}` (e.g. `15m`) to milliseconds.
pub fn parse_duration_ms(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("'{text}' has no unit (ms, s, m, h or d)"))?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("'{text}' must start with a number"))?;
    let factor = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("'{text}': unit must be ms, s, m, h or d")),
    };
    if n <= 0 {
        return Err(format!("'{text}' must be positive"));
    }
    n.checked_mul(factor)
        .filter(|ms| *ms <= 366 * 86_400_000)
        .ok_or_else(|| format!("'{text}' is longer than a year"))
}

impl Limit {
    /// Parses `{count}/{length}{unit}`.
    pub fn parse(text: &str) -> Result<Limit, String> {
        let (count, period) = text
            .split_once('/')
            .ok_or_else(|| format!("'{text}' is not {{count}}/{{length}}{{unit}}"))?;
        let count: u64 = count
            .trim()
            .parse()
            .map_err(|_| format!("'{text}': count must be a whole number"))?;
        if count == 0 || count > 1_000_000_000 {
            return Err(format!("'{text}': count must be 1 to 1000000000"));
        }
        Ok(Limit {
            count,
            window_ms: parse_duration_ms(period)?,
        })
    }
}

/// A refused request: when the oldest event that fills the window leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Milliseconds until one more event fits (at least 1).
    pub retry_after_ms: i64,
}

impl Refused {
    /// The `Retry-After` value: whole seconds, rounded up, at least 1.
    pub fn seconds(self) -> u64 {
        (self.retry_after_ms.max(1) as u64).div_ceil(1000)
    }
}

/// Whether one more event fits under `limit` in `scope` at `now_ms`.
///
/// Each scope numbers its events (`rate_heads.next`); the window is full exactly when
/// the event `count` places back (`next - count`) is still inside it, since events
/// are recorded in time order. That is one primary-key lookup whatever the count or
/// the traffic, where counting the window's events cost as many steps as events.
fn check(
    conn: &Connection,
    scope: &str,
    limit: Limit,
    now_ms: i64,
) -> rusqlite::Result<Result<i64, Refused>> {
    let next: i64 = conn
        .query_row(
            "SELECT next FROM rate_heads WHERE scope = ?1",
            params![scope],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let count = i64::try_from(limit.count).unwrap_or(i64::MAX);
    if next < count {
        return Ok(Ok(next));
    }
    let oldest: Option<i64> = conn
        .query_row(
            "SELECT at_ms FROM rate_log WHERE scope = ?1 AND seq = ?2",
            params![scope, next - count],
            |r| r.get(0),
        )
        .optional()?;
    match oldest {
        Some(at) if at > now_ms - limit.window_ms => Ok(Err(Refused {
            retry_after_ms: (at + limit.window_ms - now_ms).max(1),
        })),
        _ => Ok(Ok(next)),
    }
}

/// Records event number `next` of `scope`, and forgets the one `count` places back
/// (it left the window, or the window was never full), so a scope keeps at most
/// `count` rows.
fn record(
    conn: &Connection,
    scope: &str,
    limit: Limit,
    next: i64,
    now_ms: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO rate_log (scope, seq, at_ms) VALUES (?1, ?2, ?3)",
        params![scope, next, now_ms],
    )?;
    conn.execute(
        "INSERT INTO rate_heads (scope, next) VALUES (?1, ?2)
         ON CONFLICT(scope) DO UPDATE SET next = excluded.next",
        params![scope, next + 1],
    )?;
    let count = i64::try_from(limit.count).unwrap_or(i64::MAX);
    conn.execute(
        "DELETE FROM rate_log WHERE scope = ?1 AND seq = ?2",
        params![scope, next - count],
    )?;
    Ok(())
}

/// Records one event under `scope` at `now_ms` if the limit allows it; refused when
/// the window is full (nothing recorded then), with the time until it is not.
/// Constant work per call (a few primary-key lookups), whatever the limit.
///
/// A limit raised after events were forgotten counts only the events kept (at most the
/// old count), so it may allow a few more than a log of every event would.
pub fn try_acquire(
    conn: &Connection,
    scope: &str,
    limit: Limit,
    now_ms: i64,
) -> rusqlite::Result<Result<(), Refused>> {
    match check(conn, scope, limit, now_ms)? {
        Ok(next) => record(conn, scope, limit, next, now_ms).map(Ok),
        Err(refused) => Ok(Err(refused)),
    }
}

/// Like [`try_acquire`] for several limits at once: records in every scope only when
/// all of them allow it, so a refused request consumes nothing; refused, it waits for
/// the latest of the full windows.
pub fn try_acquire_all(
    conn: &Connection,
    limits: &[(String, Limit)],
    now_ms: i64,
) -> rusqlite::Result<Result<(), Refused>> {
    let mut nexts = Vec::with_capacity(limits.len());
    let mut refused: Option<Refused> = None;
    for (scope, limit) in limits {
        match check(conn, scope, *limit, now_ms)? {
            Ok(next) => nexts.push(next),
            Err(r) => {
                refused = Some(match refused {
                    Some(old) if old.retry_after_ms >= r.retry_after_ms => old,
                    _ => r,
                })
            }
        }
    }
    if let Some(refused) = refused {
        return Ok(Err(refused));
    }
    for ((scope, limit), next) in limits.iter().zip(nexts) {
        record(conn, scope, *limit, next, now_ms)?;
    }
    Ok(Ok(()))
}

/// Drops events older than a year and a day (the longest window), to bound the table.
pub fn prune(conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM rate_log WHERE at_ms < ?1",
        params![now_ms - 367 * 86_400_000],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_infobip_syntax() {
        assert_eq!(
            Limit::parse("1/3s"),
            Ok(Limit {
                count: 1,
                window_ms: 3000
            })
        );
        assert_eq!(Limit::parse("10000/1d").unwrap().window_ms, 86_400_000);
        assert_eq!(Limit::parse("3/1d").unwrap().count, 3);
        assert_eq!(Limit::parse("5/500ms").unwrap().window_ms, 500);
        assert_eq!(Limit::parse("2/15m").unwrap().window_ms, 900_000);
        assert_eq!(Limit::parse("2/2h").unwrap().window_ms, 7_200_000);
        for bad in [
            "", "3", "3/", "/1d", "x/1d", "3/1y", "3/d", "0/1d", "-1/1d", "3/-1d", "3/0s",
            "3/99999d", "3/1.5m",
        ] {
            assert!(Limit::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_duration_ms("15m"), Ok(900_000));
    }

    #[test]
    fn sliding_window() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let limit = Limit::parse("2/1s").unwrap();
        assert!(try_acquire(&conn, "a", limit, 1000).unwrap().is_ok());
        assert!(try_acquire(&conn, "a", limit, 1500).unwrap().is_ok());
        let refused = try_acquire(&conn, "a", limit, 1900).unwrap().unwrap_err();
        assert_eq!(refused.retry_after_ms, 100);
        assert_eq!(refused.seconds(), 1);
        assert!(try_acquire(&conn, "b", limit, 1900).unwrap().is_ok());
        assert!(try_acquire(&conn, "a", limit, 2001).unwrap().is_ok());
        let refused = try_acquire(&conn, "a", limit, 2499).unwrap().unwrap_err();
        assert_eq!(refused.retry_after_ms, 1);
        assert!(try_acquire(&conn, "a", limit, 2501).unwrap().is_ok());
        // A scope keeps at most `count` rows.
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM rate_log WHERE scope = 'a'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rows, 2);
    }

    #[test]
    fn all_or_nothing_waits_for_the_latest_window() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let one = Limit::parse("1/1s").unwrap();
        let ten = Limit::parse("1/10s").unwrap();
        assert!(try_acquire(&conn, "x", ten, 0).unwrap().is_ok());
        let both = [("x".to_owned(), ten), ("y".to_owned(), one)];
        assert_eq!(
            try_acquire_all(&conn, &both, 500).unwrap(),
            Err(Refused {
                retry_after_ms: 9500
            })
        );
        // y consumed nothing.
        assert!(try_acquire(&conn, "y", one, 500).unwrap().is_ok());
    }

    #[test]
    fn a_full_day_window_costs_the_same_as_an_empty_one() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let limit = Limit::parse("10000/1d").unwrap();
        for i in 0..10_000 {
            assert!(try_acquire(&conn, "s", limit, i).unwrap().is_ok());
        }
        let refused = try_acquire(&conn, "s", limit, 10_000).unwrap().unwrap_err();
        assert_eq!(refused.retry_after_ms, 86_400_000 - 10_000);
        // The plan for each statement is a primary-key search, never a scan.
        for sql in [
            "SELECT next FROM rate_heads WHERE scope = 's'",
            "SELECT at_ms FROM rate_log WHERE scope = 's' AND seq = 1",
        ] {
            let plan: String = conn
                .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
                .unwrap();
            assert!(plan.starts_with("SEARCH"), "{sql}: {plan}");
        }
    }
}
