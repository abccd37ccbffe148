//! Parse: a start request checked field by field into what the plan needs, in the
//! order Sinch reports errors, before anything is stored or sent.

use super::super::codes::{CodeType, parse_expiry, valid_code};
use super::super::error::SinchError;
use super::super::http::Result;
use super::super::method::VerificationMethod;
use super::super::model::normalize_endpoint;
use super::super::wire::StartRequest;
use crate::config::SinchAppOptions;

/// A valid start request, with the application's defaults applied.
#[derive(Debug)]
pub struct StartParams {
    /// `+digits`.
    pub endpoint: String,
    /// How to verify.
    pub method: VerificationMethod,
    /// Caller's reference.
    pub reference: Option<String>,
    /// Caller's custom text.
    pub custom: Option<String>,
    /// Lifetime in seconds.
    pub ttl_s: u64,
    /// `smsOptions.code`, when the application accepts it.
    pub custom_code: Option<String>,
    /// Code alphabet.
    pub code_type: CodeType,
    /// Flash call interception timeout in seconds.
    pub interception: i64,
}

fn reference_ok(reference: &str) -> bool {
    (1..=256).contains(&reference.len())
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

impl StartParams {
    /// Checks the request against Sinch's rules and the application's options.
    pub fn parse(req: StartRequest, options: &SinchAppOptions) -> Result<StartParams> {
        if !req.identity.kind.eq_ignore_ascii_case("number") {
            return Err(SinchError::identity("identity.type must be number"));
        }
        let endpoint = normalize_endpoint(&req.identity.endpoint)
            .ok_or_else(|| SinchError::identity("identity.endpoint is not an E.164 number"))?;
        let method = VerificationMethod::parse(&req.method).ok_or_else(|| {
            SinchError::validation("method must be sms, flashcall, callout, seamless or whatsapp")
        })?;
        if req.reference.as_deref().is_some_and(|r| !reference_ok(r)) {
            return Err(SinchError::validation(
                "reference must be 1 to 256 URL-safe characters",
            ));
        }
        if req
            .custom
            .as_ref()
            .is_some_and(|c| c.chars().count() > 4096)
        {
            return Err(SinchError::validation(
                "custom is longer than 4096 characters",
            ));
        }
        let mut ttl_s = options.ttl_seconds;
        let mut custom_code = None;
        let code_type = match method {
            VerificationMethod::Sms => match &req.sms_options {
                Some(sms) => {
                    if let Some(expiry) = &sms.expiry {
                        ttl_s = parse_expiry(expiry).ok_or_else(|| {
                            SinchError::validation(
                                "smsOptions.expiry must be HH:MM:SS (at most 24h)",
                            )
                        })?;
                    }
                    if let Some(code) = &sms.code {
                        custom_code = Some(checked_custom_code(code, options)?);
                    }
                    sms.code_type.as_deref()
                }
                None => None,
            },
            VerificationMethod::Whatsapp => req
                .whatsapp_options
                .as_ref()
                .and_then(|o| o.code_type.as_deref()),
            _ => None,
        };
        let code_type = CodeType::parse(code_type)?;
        let mut interception = 45;
        if method == VerificationMethod::FlashCall
            && let Some(flash) = &req.flash_call_options
        {
            for (name, value) in [
                ("dialTimeout", flash.dial_timeout),
                ("interceptionTimeout", flash.interception_timeout),
            ] {
                if value.is_some_and(|v| !(5..=120).contains(&v)) {
                    return Err(SinchError::validation(format!(
                        "flashCallOptions.{name} must be 5 to 120"
                    )));
                }
            }
            interception = flash.interception_timeout.unwrap_or(45);
        }
        Ok(StartParams {
            endpoint,
            method,
            reference: req.reference,
            custom: req.custom,
            ttl_s,
            custom_code,
            code_type,
            interception,
        })
    }
}

fn checked_custom_code(code: &str, options: &SinchAppOptions) -> Result<String> {
    if !options.accept_custom_code {
        return Err(SinchError::validation(
            "smsOptions.code is not enabled for this application",
        ));
    }
    if !valid_code(code) {
        return Err(SinchError::validation(
            "smsOptions.code must be 1 to 16 letters or digits",
        ));
    }
    Ok(code.to_owned())
}
