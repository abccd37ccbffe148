//! Rate limits in Infobip's `{count}/{length}{ms|s|m|h|d}` syntax (e.g. `3/1d`), counted
//! over a sliding window of events stored in SQLite, so limits survive restarts.

use rusqlite::{Connection, params};

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

/// Records one event under `scope` at `now_ms` if the limit allows it; false when the
/// window is full (nothing recorded then).
pub fn try_acquire(
    conn: &Connection,
    scope: &str,
    limit: Limit,
    now_ms: i64,
) -> rusqlite::Result<bool> {
    let since = now_ms - limit.window_ms;
    let used: i64 = conn.query_row(
        "SELECT COUNT(*) FROM rate_events WHERE scope = ?1 AND at_ms > ?2",
        params![scope, since],
        |r| r.get(0),
    )?;
    if used as u64 >= limit.count {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO rate_events (scope, at_ms) VALUES (?1, ?2)",
        params![scope, now_ms],
    )?;
    Ok(true)
}

/// Like [`try_acquire`] for several limits at once: records in every scope only when
/// all of them allow it, so a refused request consumes nothing.
pub fn try_acquire_all(
    conn: &Connection,
    limits: &[(String, Limit)],
    now_ms: i64,
) -> rusqlite::Result<bool> {
    for (scope, limit) in limits {
        let used: i64 = conn.query_row(
            "SELECT COUNT(*) FROM rate_events WHERE scope = ?1 AND at_ms > ?2",
            params![scope, now_ms - limit.window_ms],
            |r| r.get(0),
        )?;
        if used as u64 >= limit.count {
            return Ok(false);
        }
    }
    for (scope, _) in limits {
        conn.execute(
            "INSERT INTO rate_events (scope, at_ms) VALUES (?1, ?2)",
            params![scope, now_ms],
        )?;
    }
    Ok(true)
}

/// Drops events older than a year and a day (the longest window), to bound the table.
pub fn prune(conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM rate_events WHERE at_ms < ?1",
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
        conn.execute_batch("CREATE TABLE rate_events (scope TEXT, at_ms INTEGER)")
            .unwrap();
        let limit = Limit::parse("2/1s").unwrap();
        assert!(try_acquire(&conn, "a", limit, 1000).unwrap());
        assert!(try_acquire(&conn, "a", limit, 1500).unwrap());
        assert!(!try_acquire(&conn, "a", limit, 1900).unwrap());
        assert!(try_acquire(&conn, "b", limit, 1900).unwrap());
        assert!(try_acquire(&conn, "a", limit, 2001).unwrap());
    }
}
