//! One form per action (send, verify, status) for every provider, so the CLI and the
//! desktop's admin panel share the mapping from what an administrator fills in to the
//! provider call, and get the same answer shape back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::auth365::{self, GenerateRequest, PinType, Recipient, UrlMode};
use crate::error::PinError;
use crate::infobip::{self, Channel, SendPin, StatusFilter};
use crate::profile::PinClient;
use crate::sinch::{self, Method, Report, SmsOptions, StartRequest};
use crate::words;

/// What to send; each provider reads the fields it knows.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SendForm {
    /// E.164 number or email address.
    pub to: String,
    /// Sinch: sms, flashcall, callout, seamless, whatsapp. Infobip: sms, voice, email.
    pub method: Option<String>,
    /// Sinch: your reference.
    pub reference: Option<String>,
    /// Sinch: text for callbacks.
    pub custom: Option<String>,
    /// Sinch: SMS language.
    pub language: Option<String>,
    /// Sinch: Numeric, Alpha, Alphanumeric.
    pub code_type: Option<String>,
    /// Sinch: HH:MM:SS.
    pub expiry: Option<String>,
    /// Sinch: a caller-chosen SMS code.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub code: Option<Zeroizing<String>>,
    /// Infobip: application id.
    pub app: Option<String>,
    /// Infobip: message template id.
    pub template: Option<String>,
    /// Infobip: other template placeholders.
    pub placeholders: BTreeMap<String, String>,
    /// Infobip SMS: skip the number lookup.
    pub no_lookup: bool,
    /// Infobip: the sender (`from`), overriding the template's.
    pub from: Option<String>,
    /// Auth365: the message with `[token]` (or `[url]`).
    pub message: Option<String>,
    /// Auth365: PIN length (default 6).
    pub length: Option<u8>,
    /// Auth365: letters and digits.
    pub alphanumeric: bool,
    /// Auth365: seconds the PIN lives (default 300).
    pub timeout: Option<u32>,
    /// Auth365: `onestep` or `twostep` to send a validation URL.
    pub url_mode: Option<String>,
}

/// What the user typed and which verification it answers.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerifyForm {
    /// The code (Sinch flash call: the calling number).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub code: Zeroizing<String>,
    /// Sinch verification id or Infobip pinId.
    pub id: Option<String>,
    /// Sinch: by number. Auth365: by number or address.
    pub to: Option<String>,
    /// Sinch: the method the code came by (default sms).
    pub method: Option<String>,
    /// Auth365: the order id.
    pub order: Option<String>,
}

/// Which verification to look up.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusForm {
    /// Sinch: verification id.
    pub id: Option<String>,
    /// Sinch: your reference.
    pub reference: Option<String>,
    /// Sinch: number (with method). Infobip: msisdn filter.
    pub to: Option<String>,
    /// Sinch: method, with `to` (default sms).
    pub method: Option<String>,
    /// Infobip: the application.
    pub app: Option<String>,
    /// Infobip: only verified or unverified.
    pub verified: Option<bool>,
    /// Auth365: the order id.
    pub order: Option<String>,
}

/// Which Infobip PIN to send again.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResendForm {
    /// The pinId the send answered.
    pub id: String,
    /// sms, voice or email: the channel the PIN went by (default sms).
    pub method: Option<String>,
}

/// A provider's answer, with what the panel needs to go on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// Verified (for verify); the call succeeded (otherwise).
    pub ok: bool,
    /// One line for people: "Verified", "FAIL: Invalid code", "pinId 3F…".
    pub summary: String,
    /// The id to verify or query next (Sinch id, Infobip pinId, Auth365 orderID).
    pub id: Option<String>,
    /// The provider's answer, PIN-bearing fields redacted.
    pub response: Value,
}

impl Answer {
    pub(crate) fn new(
        ok: bool,
        summary: String,
        id: Option<String>,
        response: &impl Serialize,
    ) -> Self {
        let raw = serde_json::to_vec(response).unwrap_or_default();
        let shown = crate::exchange::redact_body(&raw, &["message"]);
        let response = serde_json::from_str(&shown).unwrap_or(Value::Null);
        Self {
            ok,
            summary,
            id,
            response,
        }
    }
}

fn need<'a>(value: &'a Option<String>, what: &str) -> Result<&'a str, PinError> {
    value
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| PinError::Invalid(format!("{what} is required for this provider")))
}

fn parsed<T: std::str::FromStr<Err = String>>(
    value: &Option<String>,
    default: &str,
) -> Result<T, PinError> {
    value
        .as_deref()
        .unwrap_or(default)
        .parse()
        .map_err(PinError::Invalid)
}

/// Sends a PIN through any provider.
pub async fn send(client: &PinClient, form: &SendForm) -> Result<Answer, PinError> {
    if form.to.trim().is_empty() {
        return Err(PinError::Invalid(
            "give a recipient (a phone number or an email address)".into(),
        ));
    }
    match client {
        PinClient::Sinch(client) => {
            let method: Method = parsed(&form.method, "sms")?;
            let mut request = StartRequest::new(form.to.trim(), method);
            request.reference = form.reference.clone().filter(|text| !text.is_empty());
            request.custom = form.custom.clone().filter(|text| !text.is_empty());
            let has_sms_options =
                form.code_type.is_some() || form.expiry.is_some() || form.code.is_some();
            if has_sms_options && method != Method::Sms {
                return Err(PinError::Invalid(
                    "code type, expiry and a chosen code apply to SMS verifications only".into(),
                ));
            }
            if has_sms_options {
                request.sms_options = Some(SmsOptions {
                    expiry: form.expiry.clone(),
                    code_type: form.code_type.clone(),
                    code: form.code.clone(),
                });
            }
            let started = client.start(&request, form.language.as_deref()).await?;
            let summary = format!(
                "Started {} verification {}",
                started.method.as_str(),
                started.id
            );
            Ok(Answer::new(
                true,
                summary,
                Some(started.id.clone()),
                &started,
            ))
        }
        PinClient::Infobip(client) => {
            let channel: Channel = parsed(&form.method, "sms")?;
            let request = SendPin {
                application_id: need(&form.app, "the application")?.to_owned(),
                message_id: need(&form.template, "the message template")?.to_owned(),
                to: form.to.trim().to_owned(),
                from: form.from.clone().filter(|text| !text.trim().is_empty()),
                placeholders: (!form.placeholders.is_empty()).then(|| form.placeholders.clone()),
            };
            let sent = client.send(channel, &request, !form.no_lookup).await?;
            Ok(infobip_sent(&sent))
        }
        PinClient::Auth365(client) => {
            let sent = match &form.url_mode {
                Some(mode) if !mode.is_empty() => {
                    let mode: UrlMode = mode.parse().map_err(PinError::Invalid)?;
                    let message = form
                        .message
                        .clone()
                        .unwrap_or_else(|| "Confirm your sign-in: [url]".into());
                    client
                        .send_url(form.to.trim(), &message, mode, form.timeout.unwrap_or(300))
                        .await?
                }
                _ => {
                    let request = GenerateRequest {
                        to: Recipient::parse(&form.to),
                        message_body: form
                            .message
                            .clone()
                            .unwrap_or_else(|| "Your code is [token]".into()),
                        token_length: form.length.unwrap_or(6),
                        pin_type: if form.alphanumeric {
                            PinType::Alphanumeric
                        } else {
                            PinType::Numeric
                        },
                        time_out: form.timeout.unwrap_or(300),
                    };
                    client.generate(&request).await?
                }
            };
            let summary = format!("Order {} sent", sent.order_id);
            Ok(Answer::new(
                true,
                summary,
                Some(sent.order_id.clone()),
                &sent,
            ))
        }
    }
}

/// Sends an Infobip PIN again (`POST /2fa/2/pin/{pinId}/resend`); only Infobip has it.
pub async fn resend(client: &PinClient, form: &ResendForm) -> Result<Answer, PinError> {
    let PinClient::Infobip(client) = client else {
        return Err(PinError::Invalid(
            "only Infobip sends the same PIN again; send a new one".into(),
        ));
    };
    let channel: Channel = parsed(&form.method, "sms")?;
    let id = Some(form.id.clone());
    let sent = client
        .resend(channel, need(&id, "the pinId")?.trim())
        .await?;
    Ok(infobip_sent(&sent))
}

/// The same words for a send and a resend: the pinId, its state and what it means.
fn infobip_sent(sent: &infobip::PinSent) -> Answer {
    let state = sent
        .sms_status
        .clone()
        .or_else(|| sent.call_status.clone())
        .or_else(|| sent.email_status.as_ref().map(|status| status.name.clone()))
        .unwrap_or_default();
    let ok = state != "MESSAGE_NOT_SENT";
    let mut summary = format!("pinId {} {state}", sent.pin_id);
    if let Some(nc) = &sent.nc_status {
        summary.push_str(&format!(" ({nc})"));
    }
    if let Some(words) = words::infobip_sent(sent.sms_status.as_deref(), sent.nc_status.as_deref())
    {
        summary.push_str(&format!(" — {words}"));
    }
    Answer::new(
        ok,
        summary.trim().to_owned(),
        Some(sent.pin_id.clone()),
        sent,
    )
}

/// Checks a code through any provider. `ok` is whether it was right.
pub async fn verify(client: &PinClient, form: &VerifyForm) -> Result<Answer, PinError> {
    if form.code.trim().is_empty() {
        return Err(PinError::Invalid("type the code to check".into()));
    }
    match client {
        PinClient::Sinch(client) => {
            let method: Method = parsed(&form.method, "sms")?;
            let report = Report::for_method(method, &form.code).map_err(PinError::Invalid)?;
            let answer = match (&form.id, &form.to) {
                (Some(id), _) if !id.is_empty() => client.report_by_id(id, &report).await?,
                (_, Some(number)) if !number.is_empty() => {
                    client.report_by_number(number, &report).await?
                }
                _ => {
                    return Err(PinError::Invalid(
                        "give the verification id or the number".into(),
                    ));
                }
            };
            let ok = answer.status == sinch::Status::Successful;
            let summary = sinch_summary(&answer.status, answer.reason.as_deref());
            Ok(Answer::new(ok, summary, Some(answer.id.clone()), &answer))
        }
        PinClient::Infobip(client) => {
            let pin_id = need(&form.id, "the pinId")?;
            let answer = client.verify(pin_id, &form.code).await?;
            let summary = if answer.verified {
                "Verified".to_owned()
            } else {
                let error = answer.pin_error.as_deref().unwrap_or("WRONG_PIN");
                format!(
                    "Not verified: {error} — {} ({} attempts left)",
                    words::infobip_pin_error(error).unwrap_or("the PIN was refused"),
                    answer.attempts_remaining
                )
            };
            Ok(Answer::new(
                answer.verified,
                summary,
                Some(answer.pin_id.clone()),
                &answer,
            ))
        }
        PinClient::Auth365(client) => {
            let target = match (&form.order, &form.to) {
                (Some(order), _) if !order.is_empty() => auth365::Target::Order(order.clone()),
                (_, Some(to)) if !to.is_empty() => match Recipient::parse(to) {
                    Recipient::Phone(number) => auth365::Target::Phone(number),
                    Recipient::Email(address) => auth365::Target::Email(address),
                },
                _ => {
                    return Err(PinError::Invalid(
                        "give the order id or the recipient".into(),
                    ));
                }
            };
            let outcome = client.validate(&target, &form.code).await?;
            let ok = outcome.succeeded();
            let summary = if ok {
                "Verified".to_owned()
            } else {
                format!("Not verified: {}", outcome.message)
            };
            Ok(Answer::new(ok, summary, form.order.clone(), &outcome))
        }
    }
}

/// Looks a verification up through any provider.
pub async fn status(client: &PinClient, form: &StatusForm) -> Result<Answer, PinError> {
    match client {
        PinClient::Sinch(client) => {
            let answer = match (&form.id, &form.reference, &form.to) {
                (Some(id), _, _) if !id.is_empty() => client.status_by_id(id).await?,
                (_, Some(reference), _) if !reference.is_empty() => {
                    client.status_by_reference(reference).await?
                }
                (_, _, Some(number)) if !number.is_empty() => {
                    client
                        .status_by_identity(parsed(&form.method, "sms")?, number)
                        .await?
                }
                _ => {
                    return Err(PinError::Invalid(
                        "give the verification id, your reference or the number".into(),
                    ));
                }
            };
            let summary = sinch_summary(&answer.status, answer.reason.as_deref());
            let ok = answer.status == sinch::Status::Successful;
            Ok(Answer::new(ok, summary, Some(answer.id.clone()), &answer))
        }
        PinClient::Infobip(client) => {
            let filter = StatusFilter {
                msisdn: Some(need(&form.to, "the recipient (msisdn)")?.to_owned()),
                verified: form.verified,
                sent: None,
            };
            let list: infobip::Verifications = client
                .status(need(&form.app, "the application")?, &filter)
                .await?;
            let verified = list
                .verifications
                .iter()
                .filter(|entry| entry.verified)
                .count();
            let summary = format!(
                "{} verifications, {verified} verified",
                list.verifications.len()
            );
            Ok(Answer::new(true, summary, None, &list))
        }
        PinClient::Auth365(client) => {
            let order = need(&form.order, "the order id")?;
            let answer = client.order_status(order).await?;
            let summary = format!("Order {order}: {}", answer.state);
            Ok(Answer::new(
                answer.state == "validated",
                summary,
                Some(order.to_owned()),
                &answer,
            ))
        }
    }
}

fn sinch_summary(status: &sinch::Status, reason: Option<&str>) -> String {
    let word = serde_json::to_value(status)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    words::sinch_outcome(&word, reason)
}
