//! The verification status as a type, so a misspelt state cannot reach the database, a
//! comparison or the wire; stored and sent as Sinch's upper-case names.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;
use utoipa::ToSchema;

/// Verification states as answered (stored as this text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum StatusName {
    /// Waiting for a report.
    Pending,
    /// Verified.
    Successful,
    /// Wrong code or expired.
    Fail,
    /// Refused by the callback.
    Denied,
    /// Replaced by a newer verification.
    Aborted,
    /// Never answered by the sandbox; part of Sinch's vocabulary.
    Error,
}

impl StatusName {
    /// Every state, so tests and parsers see the same list.
    pub const ALL: [StatusName; 6] = [
        StatusName::Pending,
        StatusName::Successful,
        StatusName::Fail,
        StatusName::Denied,
        StatusName::Aborted,
        StatusName::Error,
    ];

    /// The name stored in SQLite and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusName::Pending => "PENDING",
            StatusName::Successful => "SUCCESSFUL",
            StatusName::Fail => "FAIL",
            StatusName::Denied => "DENIED",
            StatusName::Aborted => "ABORTED",
            StatusName::Error => "ERROR",
        }
    }

    /// Parses a stored name; rows written before this type existed hold the same text.
    pub fn parse(text: &str) -> Option<StatusName> {
        StatusName::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Only PENDING can still change, so everything else is final.
    pub fn is_final(self) -> bool {
        self != StatusName::Pending
    }
}

impl std::fmt::Display for StatusName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ToSql for StatusName {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for StatusName {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        StatusName::parse(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_as_before() {
        let names: Vec<&str> = StatusName::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "PENDING",
                "SUCCESSFUL",
                "FAIL",
                "DENIED",
                "ABORTED",
                "ERROR"
            ]
        );
        for s in StatusName::ALL {
            assert_eq!(StatusName::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(StatusName::parse("pending"), None);
    }

    #[test]
    fn stored_as_text() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let text: String = conn
            .query_row("SELECT ?1", [StatusName::Successful], |r| r.get(0))
            .unwrap();
        assert_eq!(text, "SUCCESSFUL");
        let back: StatusName = conn
            .query_row("SELECT 'ABORTED'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(back, StatusName::Aborted);
    }
}
