//! Infobip applications, their configuration, and message templates: validating the
//! typed request bodies with Infobip's field-level errors, and the views answered.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::InfobipError;
use super::wire::{
    AppConfig, ApplicationUpdate, ApplicationView, ConfigurationPatch, EmailMessageUpdate,
    EmailMessageView, MessageUpdate, MessageView, PinType,
};
use crate::field::{self, BodyError, Field, Object};
use crate::ratelimit::{Limit, parse_duration_ms};

/// A stored template of either kind, answered and stored as its own wire shape.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Template {
    /// SMS and voice.
    Sms(MessageView),
    /// Email.
    Email(EmailMessageView),
}

impl Template {
    /// The alphabet of PINs sent with this template.
    pub fn pin_type(&self) -> PinType {
        match self {
            Template::Sms(m) => m.pin_type,
            Template::Email(m) => m.pin_type,
        }
    }
    /// The length of PINs sent with this template.
    pub fn pin_length(&self) -> u32 {
        match self {
            Template::Sms(m) => m.pin_length,
            Template::Email(m) => m.pin_length,
        }
    }
}

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
    pub fn view(&self) -> ApplicationView {
        ApplicationView {
            application_id: self.id.clone(),
            name: self.name.clone(),
            enabled: self.enabled,
            configuration: self.config.clone(),
        }
    }
}

/// Maps a body that is not a JSON object to Infobip's two messages.
pub fn body<T: DeserializeOwned>(body: &[u8]) -> Result<T, InfobipError> {
    field::object(body).map_err(|e| match e {
        BodyError::NotObject => InfobipError::bad_request("Request body must be a JSON object"),
        BodyError::Syntax(e) => InfobipError::bad_request(format!("Invalid JSON: {e}")),
    })
}

/// Applies a create or update body onto `app` (fields absent keep their value).
pub fn apply_application(
    app: &mut Application,
    req: ApplicationUpdate,
    create: bool,
) -> Result<(), InfobipError> {
    match req.name {
        Field::Given(name) if !name.trim().is_empty() && name.chars().count() <= 256 => {
            app.name = name;
        }
        Field::Absent if !create => {}
        _ => {
            return Err(InfobipError::field(
                "name",
                "must be a non-empty string of at most 256 characters",
            ));
        }
    }
    match req.enabled.optional() {
        Ok(Some(b)) => app.enabled = b,
        Ok(None) => {}
        Err(_) => return Err(InfobipError::field("enabled", "must be a boolean")),
    }
    match req.configuration {
        Field::Absent | Field::Null => {}
        Field::Given(Object(patch)) => {
            let config = app.config.clone().patched(patch);
            validate_config(&config)?;
            app.config = config;
        }
        Field::Invalid(Value::Object(patch)) => return Err(patch_error(patch)),
        Field::Invalid(_) => {
            return Err(InfobipError::field("configuration", "must be an object"));
        }
    }
    Ok(())
}

/// Why a configuration object did not deserialize: an unknown member first, else
/// serde's message for the first member of the wrong type.
fn patch_error(patch: Map<String, Value>) -> InfobipError {
    let known = serde_json::to_value(AppConfig::default()).unwrap_or_default();
    if let Some(k) = patch.keys().find(|k| known.get(k.as_str()).is_none()) {
        return InfobipError::field(&format!("configuration.{k}"), "unknown field");
    }
    match serde_json::from_value::<ConfigurationPatch>(Value::Object(patch)) {
        Err(e) => InfobipError::field("configuration", e.to_string()),
        Ok(_) => InfobipError::field("configuration", "must be an object"),
    }
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

fn string_field(
    value: Field<String>,
    name: &str,
    max: usize,
) -> Result<Option<String>, InfobipError> {
    match value.optional() {
        Ok(None) => Ok(None),
        Ok(Some(s)) if s.chars().count() <= max => Ok(Some(s)),
        _ => Err(InfobipError::field(
            name,
            format!("must be a string of at most {max} characters"),
        )),
    }
}

fn pin_fields(
    pin_type: Field<PinType>,
    pin_length: Field<u32>,
    stored: Option<(PinType, u32)>,
) -> Result<(PinType, u32), InfobipError> {
    let pin_type = match pin_type.optional() {
        Ok(None) => stored.map_or(PinType::NUMERIC, |s| s.0),
        Ok(Some(t)) => t,
        Err(_) => {
            return Err(InfobipError::field(
                "pinType",
                "must be NUMERIC, ALPHA, HEX or ALPHANUMERIC",
            ));
        }
    };
    let pin_length = match pin_length.optional() {
        Ok(None) => stored.map_or(4, |s| s.1),
        Ok(Some(n)) if (4..=16).contains(&n) => n,
        _ => return Err(InfobipError::field("pinLength", "must be 4 to 16")),
    };
    Ok((pin_type, pin_length))
}

/// Builds an SMS/voice template from a create body, or from an update body over the
/// stored one. `messageText` must contain `{{pin}}`.
pub fn build_message(
    req: MessageUpdate,
    stored: Option<MessageView>,
    message_id: &str,
    application_id: &str,
) -> Result<MessageView, InfobipError> {
    let message_text = match (
        string_field(req.message_text, "messageText", 1600)?,
        &stored,
    ) {
        (Some(text), _) if !text.contains("{{pin}}") => {
            return Err(InfobipError::field(
                "messageText",
                "must contain the {{pin}} placeholder",
            ));
        }
        (Some(text), _) => text,
        (None, Some(stored)) => stored.message_text.clone(),
        (None, None) => return Err(InfobipError::field("messageText", "must not be null")),
    };
    let (pin_type, pin_length) = pin_fields(
        req.pin_type,
        req.pin_length,
        stored.as_ref().map(|s| (s.pin_type, s.pin_length)),
    )?;
    let mut out = stored.unwrap_or_else(|| MessageView {
        message_id: message_id.to_owned(),
        application_id: application_id.to_owned(),
        pin_placeholder: String::new(),
        message_text: String::new(),
        pin_type,
        pin_length,
        sender_id: None,
        language: "en".to_owned(),
        voice_name: None,
        repeat_dtmf: None,
        speech_rate: None,
    });
    out.message_text = message_text;
    out.pin_type = pin_type;
    out.pin_length = pin_length;
    for (value, name, max, slot) in [
        (req.sender_id, "senderId", 64, &mut out.sender_id),
        (req.voice_name, "voiceName", 64, &mut out.voice_name),
        (req.repeat_dtmf, "repeatDTMF", 16, &mut out.repeat_dtmf),
    ] {
        if let Some(v) = string_field(value, name, max)? {
            *slot = Some(v);
        }
    }
    if let Some(language) = string_field(req.language, "language", 16)? {
        out.language = language;
    }
    match req.speech_rate.optional() {
        Ok(None) => {}
        Ok(Some(r)) if (0.5..=2.0).contains(&r) => out.speech_rate = Some(r),
        _ => return Err(InfobipError::field("speechRate", "must be 0.5 to 2")),
    }
    out.pin_placeholder = "{{pin}}".to_owned();
    Ok(out)
}

/// Builds an email template: `emailTemplateId` (positive integer) and `from` are
/// required on create; `pinLength` defaults to 4, `pinType` to NUMERIC.
pub fn build_email_message(
    req: EmailMessageUpdate,
    stored: Option<EmailMessageView>,
    message_id: &str,
    application_id: &str,
) -> Result<EmailMessageView, InfobipError> {
    let email_template_id = match (req.email_template_id, &stored) {
        (Field::Given(n), _) if n >= 1 => n,
        (Field::Absent, Some(stored)) => stored.email_template_id,
        _ => {
            return Err(InfobipError::field(
                "emailTemplateId",
                "must be a positive integer",
            ));
        }
    };
    let from = match (string_field(req.from, "from", 256)?, &stored) {
        (Some(from), _) if from.contains('@') => from,
        (None, Some(stored)) => stored.from.clone(),
        _ => return Err(InfobipError::field("from", "must be an email address")),
    };
    let (pin_type, pin_length) = pin_fields(
        req.pin_type,
        req.pin_length,
        stored.as_ref().map(|s| (s.pin_type, s.pin_length)),
    )?;
    let (message_id, application_id) = match stored {
        Some(s) => (s.message_id, s.application_id),
        None => (message_id.to_owned(), application_id.to_owned()),
    };
    Ok(EmailMessageView {
        message_id,
        application_id,
        email_template_id,
        from,
        pin_length,
        pin_type,
    })
}
