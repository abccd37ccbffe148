//! Infobip applications, their configuration, and message templates: parsing with
//! field-level validation errors, and the JSON the API returns.

use serde_json::{Map, Value, json};

use super::error::InfobipError;
use super::wire::AppConfig;
use crate::pin::PinKind;
use crate::ratelimit::{Limit, parse_duration_ms};

/// A stored application.
#[derive(Debug, Clone)]
pub struct Application {
    /// 32 uppercase hex.
    pub id: String,
    /// Name.
    pub name: String,
    /// Disabled applications cannot send.
    pub enabled: bool,
    /// Configuration.
    pub config: AppConfig,
}

impl Application {
    /// The wire shape `{applicationId, name, enabled, configuration}`.
    pub fn to_json(&self) -> Value {
        json!({
            "applicationId": self.id,
            "name": self.name,
            "enabled": self.enabled,
            "configuration": self.config,
        })
    }
}

fn object(body: &[u8]) -> Result<Map<String, Value>, InfobipError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InfobipError::bad_request(
            "Request body must be a JSON object",
        )),
        Err(e) => Err(InfobipError::bad_request(format!("Invalid JSON: {e}"))),
    }
}

/// Applies a create or update body onto `app` (fields absent keep their value).
pub fn apply_application(
    app: &mut Application,
    body: &[u8],
    create: bool,
) -> Result<(), InfobipError> {
    let map = object(body)?;
    match map.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() && name.chars().count() <= 256 => {
            app.name = name.clone();
        }
        None if !create => {}
        _ => {
            return Err(InfobipError::field(
                "name",
                "must be a non-empty string of at most 256 characters",
            ));
        }
    }
    match map.get("enabled") {
        Some(Value::Bool(b)) => app.enabled = *b,
        None | Some(Value::Null) => {}
        _ => return Err(InfobipError::field("enabled", "must be a boolean")),
    }
    match map.get("configuration") {
        None | Some(Value::Null) => {}
        Some(Value::Object(patch)) => {
            let mut merged = serde_json::to_value(&app.config).unwrap_or_default();
            for (k, v) in patch {
                if merged.get(k).is_none() {
                    return Err(InfobipError::field(
                        &format!("configuration.{k}"),
                        "unknown field",
                    ));
                }
                merged[k] = v.clone();
            }
            let config: AppConfig = serde_json::from_value(merged)
                .map_err(|e| InfobipError::field("configuration", e.to_string()))?;
            validate_config(&config)?;
            app.config = config;
        }
        Some(_) => return Err(InfobipError::field("configuration", "must be an object")),
    }
    Ok(())
}

fn validate_config(c: &AppConfig) -> Result<(), InfobipError> {
    if !(1..=1000).contains(&c.pin_attempts) {
        return Err(InfobipError::field(
            "configuration.pinAttempts",
            "must be 1 to 1000",
        ));
    }
    parse_duration_ms(&c.pin_time_to_live)
        .map_err(|e| InfobipError::field("configuration.pinTimeToLive", e))?;
    for (name, value) in [
        ("verifyPinLimit", &c.verify_pin_limit),
        (
            "sendPinPerApplicationLimit",
            &c.send_pin_per_application_limit,
        ),
        (
            "sendPinPerPhoneNumberLimit",
            &c.send_pin_per_phone_number_limit,
        ),
    ] {
        Limit::parse(value)
            .map_err(|e| InfobipError::field(&format!("configuration.{name}"), e))?;
    }
    Ok(())
}

/// A PIN type name to its alphabet.
pub fn pin_kind(name: &str) -> Option<PinKind> {
    match name {
        "NUMERIC" => Some(PinKind::Numeric),
        "ALPHA" => Some(PinKind::Alpha),
        "HEX" => Some(PinKind::Hex),
        "ALPHANUMERIC" => Some(PinKind::Alphanumeric),
        _ => None,
    }
}

fn string_field(
    map: &Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<Option<String>, InfobipError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(_) => Err(InfobipError::field(
            name,
            format!("must be a string of at most {max} characters"),
        )),
    }
}

fn pin_fields(
    map: &Map<String, Value>,
    stored: &Value,
    out: &mut Value,
) -> Result<(), InfobipError> {
    let pin_type = match map.get("pinType") {
        None | Some(Value::Null) => stored["pinType"].as_str().unwrap_or("NUMERIC").to_owned(),
        Some(Value::String(t)) if pin_kind(t).is_some() => t.clone(),
        Some(_) => {
            return Err(InfobipError::field(
                "pinType",
                "must be NUMERIC, ALPHA, HEX or ALPHANUMERIC",
            ));
        }
    };
    let pin_length = match map.get("pinLength") {
        None | Some(Value::Null) => stored["pinLength"].as_u64().unwrap_or(4),
        Some(v) => match v.as_u64() {
            Some(n) if (4..=16).contains(&n) => n,
            _ => return Err(InfobipError::field("pinLength", "must be 4 to 16")),
        },
    };
    out["pinType"] = json!(pin_type);
    out["pinLength"] = json!(pin_length);
    Ok(())
}

/// Builds an SMS/voice template from a create body, or from an update body over the
/// stored one. `messageText` must contain `{{pin}}`.
pub fn build_message(body: &[u8], stored: Option<&Value>) -> Result<Value, InfobipError> {
    let map = object(body)?;
    let empty = json!({});
    let stored = stored.unwrap_or(&empty);
    let mut out = stored.clone();
    match string_field(&map, "messageText", 1600)? {
        Some(text) => {
            if !text.contains("{{pin}}") {
                return Err(InfobipError::field(
                    "messageText",
                    "must contain the {{pin}} placeholder",
                ));
            }
            out["messageText"] = json!(text);
        }
        None if stored.get("messageText").is_some() => {}
        None => return Err(InfobipError::field("messageText", "must not be null")),
    }
    pin_fields(&map, stored, &mut out)?;
    for (name, max) in [("senderId", 64), ("voiceName", 64), ("repeatDTMF", 16)] {
        if let Some(v) = string_field(&map, name, max)? {
            out[name] = json!(v);
        }
    }
    match string_field(&map, "language", 16)? {
        Some(l) => out["language"] = json!(l),
        None if stored.get("language").is_none() => out["language"] = json!("en"),
        None => {}
    }
    match map.get("speechRate") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_f64() {
            Some(r) if (0.5..=2.0).contains(&r) => out["speechRate"] = json!(r),
            _ => return Err(InfobipError::field("speechRate", "must be 0.5 to 2")),
        },
    }
    out["pinPlaceholder"] = json!("{{pin}}");
    Ok(out)
}

/// Builds an email template: `emailTemplateId` (positive integer) and `from` are
/// required on create; `pinLength` defaults to 4, `pinType` to NUMERIC.
pub fn build_email_message(body: &[u8], stored: Option<&Value>) -> Result<Value, InfobipError> {
    let map = object(body)?;
    let empty = json!({});
    let stored = stored.unwrap_or(&empty);
    let mut out = stored.clone();
    match map.get("emailTemplateId") {
        Some(v) if v.as_u64().is_some_and(|n| n >= 1) => out["emailTemplateId"] = v.clone(),
        None if stored.get("emailTemplateId").is_some() => {}
        _ => {
            return Err(InfobipError::field(
                "emailTemplateId",
                "must be a positive integer",
            ));
        }
    }
    match string_field(&map, "from", 256)? {
        Some(from) if from.contains('@') => out["from"] = json!(from),
        None if stored.get("from").is_some() => {}
        _ => return Err(InfobipError::field("from", "must be an email address")),
    }
    pin_fields(&map, stored, &mut out)?;
    Ok(out)
}
