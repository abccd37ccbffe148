//! Code rules shared by start requests and callback answers, kept apart from both so
//! that the callbacks do not depend on the request handlers.

use super::error::SinchError;
use crate::pin::PinKind;

/// `HH:MM:SS` to seconds (1 s to 24 h): the one expiry syntax of `smsOptions.expiry`
/// and of a callback's `sms.expiry`.
pub fn parse_expiry(text: &str) -> Option<u64> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &str| -> Option<u64> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let (h, m, s) = (num(h)?, num(m)?, num(s)?);
    let total = h * 3600 + m * 60 + s;
    (m < 60 && s < 60 && (1..=86_400).contains(&total)).then_some(total)
}

/// A caller- or callback-chosen code: 1 to 16 letters or digits, so it can be typed.
pub fn valid_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `codeType` of SMS and WhatsApp codes; the wire spelling is echoed in the start answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// Digits (the default).
    Numeric,
    /// Letters.
    Alpha,
    /// Letters and digits.
    Alphanumeric,
}

impl CodeType {
    /// Parses `codeType` case-insensitively; absent is Numeric, anything else is 400/40001.
    pub fn parse(text: Option<&str>) -> Result<CodeType, SinchError> {
        match text {
            None => Ok(CodeType::Numeric),
            Some(t) if t.eq_ignore_ascii_case("numeric") => Ok(CodeType::Numeric),
            Some(t) if t.eq_ignore_ascii_case("alpha") => Ok(CodeType::Alpha),
            Some(t) if t.eq_ignore_ascii_case("alphanumeric") => Ok(CodeType::Alphanumeric),
            Some(_) => Err(SinchError::validation(
                "codeType must be Numeric, Alpha or Alphanumeric",
            )),
        }
    }

    /// The generator's alphabet for this code type.
    pub fn kind(self) -> PinKind {
        match self {
            CodeType::Numeric => PinKind::Numeric,
            CodeType::Alpha => PinKind::Alpha,
            CodeType::Alphanumeric => PinKind::Alphanumeric,
        }
    }

    /// The canonical spelling answered in `sms.codeType` / `whatsapp.codeType`.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeType::Numeric => "Numeric",
            CodeType::Alpha => "Alpha",
            CodeType::Alphanumeric => "Alphanumeric",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_syntax() {
        assert_eq!(parse_expiry("00:05:00"), Some(300));
        assert_eq!(parse_expiry("01:00:01"), Some(3601));
        assert_eq!(parse_expiry("00:00:00"), None);
        assert_eq!(parse_expiry("00:60:00"), None);
        assert_eq!(parse_expiry("5:00"), None);
        assert_eq!(parse_expiry("25:00:00"), None);
    }

    #[test]
    fn code_types() {
        assert_eq!(CodeType::parse(None).unwrap(), CodeType::Numeric);
        assert_eq!(CodeType::parse(Some("ALPHA")).unwrap(), CodeType::Alpha);
        assert!(CodeType::parse(Some("hex")).is_err());
    }
}
