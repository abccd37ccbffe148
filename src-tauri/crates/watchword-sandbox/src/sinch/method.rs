//! The verification method as a type, so a misspelt method cannot reach the database,
//! a `match` or the wire.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;
use utoipa::ToSchema;

/// How a number is verified; one variant per method the sandbox plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum VerificationMethod {
    /// A text message carrying the code.
    Sms,
    /// A missed call whose calling number is the code.
    #[serde(rename = "flashcall")]
    FlashCall,
    /// A voice call reading the code.
    Callout,
    /// The mobile network vouches for the number (the sandbox's target URI plays it).
    Seamless,
    /// A WhatsApp message (delivered to the outbox like an SMS).
    Whatsapp,
}

impl VerificationMethod {
    /// Parses a wire name; `flashCall` is the older spelling of `flashcall`, so clients of
    /// either API generation are understood.
    pub fn parse(text: &str) -> Option<VerificationMethod> {
        match text {
            "sms" => Some(VerificationMethod::Sms),
            "flashcall" | "flashCall" => Some(VerificationMethod::FlashCall),
            "callout" => Some(VerificationMethod::Callout),
            "seamless" => Some(VerificationMethod::Seamless),
            "whatsapp" => Some(VerificationMethod::Whatsapp),
            _ => None,
        }
    }

    /// The name stored and sent on the wire, one spelling per method.
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationMethod::Sms => "sms",
            VerificationMethod::FlashCall => "flashcall",
            VerificationMethod::Callout => "callout",
            VerificationMethod::Seamless => "seamless",
            VerificationMethod::Whatsapp => "whatsapp",
        }
    }

    /// Call-based methods report `callComplete`; the others never do.
    pub fn call_based(self) -> bool {
        matches!(
            self,
            VerificationMethod::FlashCall | VerificationMethod::Callout
        )
    }
}

impl std::fmt::Display for VerificationMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ToSql for VerificationMethod {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for VerificationMethod {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        VerificationMethod::parse(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in [
            VerificationMethod::Sms,
            VerificationMethod::FlashCall,
            VerificationMethod::Callout,
            VerificationMethod::Seamless,
            VerificationMethod::Whatsapp,
        ] {
            assert_eq!(VerificationMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(
            VerificationMethod::parse("flashCall"),
            Some(VerificationMethod::FlashCall)
        );
        assert_eq!(VerificationMethod::parse("SMS"), None);
    }
}
