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
    /// One line for people, in English (the CLI's): "Verified", "FAIL: Invalid code", "pinId 3F…".
    pub summary: String,
    /// The same line as a kind and its values, for the window to put into its language.
    pub said: Said,
    /// The id to verify or query next (Sinch id, Infobip pinId, Auth365 orderID).
    pub id: Option<String>,
    /// The provider's answer, PIN-bearing fields redacted.
    pub response: Value,
}

/// What an answer says, as a stable kind with the provider's own codes: the window
/// translates these; `summary` is their English wording (`Display`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Said {
    /// Sinch started a verification.
    SinchStarted {
        /// The method, as Sinch names it (`sms`, `flashcall`, …).
        method: String,
        /// The verification id.
        id: String,
    },
    /// A Sinch verification's status, with Sinch's reason if it gave one.
    SinchStatus {
        /// `PENDING`, `SUCCESSFUL`, `FAIL`, `DENIED`, `ABORTED`, `ERROR`.
        status: String,
        /// One of Sinch's reasons (`Fraud`, `Invalid code`, …).
        reason: Option<String>,
    },
    /// Infobip sent a PIN (or sent it again).
    InfobipSent {
        /// The pinId.
        #[serde(rename = "pinId")]
        pin_id: String,
        /// The message's state (`MESSAGE_SENT`, a call or email status).
        state: String,
        /// `smsStatus`, for an SMS.
        #[serde(rename = "smsStatus")]
        sms_status: Option<String>,
        /// The number lookup's `ncStatus`.
        #[serde(rename = "ncStatus")]
        nc_status: Option<String>,
    },
    /// Infobip refused a PIN.
    InfobipRefused {
        /// `WRONG_PIN`, `TTL_EXPIRED`, `NO_MORE_PIN_ATTEMPTS`.
        #[serde(rename = "pinError")]
        pin_error: String,
        /// Attempts left for this PIN.
        attempts: u32,
    },
    /// Infobip's verifications of one number.
    InfobipCount {
        /// How many there are.
        total: u32,
        /// How many of them are verified.
        verified: u32,
    },
    /// Auth365 accepted an order.
    OrderSent {
        /// The orderID.
        order: String,
    },
    /// An Auth365 order's state.
    OrderState {
        /// The orderID.
        order: String,
        /// Auth365's state word (`validated`, `pending`, …).
        state: String,
    },
    /// The code is right.
    Verified,
    /// Auth365 refused the code, in its own words.
    NotVerified {
        /// Auth365's message.
        message: String,
    },
    /// A soft token's code is right.
    Valid,
    /// Auth365 refused a soft token's code, in its own words.
    NotValid {
        /// Auth365's message.
        message: String,
    },
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SinchStarted { method, id } => write!(f, "Started {method} verification {id}"),
            Self::SinchStatus { status, reason } => {
                f.write_str(&words::sinch_outcome(status, reason.as_deref()))
            }
            Self::InfobipSent {
                pin_id,
                state,
                sms_status,
                nc_status,
            } => {
                let mut line = format!("pinId {pin_id} {state}");
                if let Some(nc) = nc_status {
                    line.push_str(&format!(" ({nc})"));
                }
                if let Some(words) =
                    words::infobip_sent(sms_status.as_deref(), nc_status.as_deref())
                {
                    line.push_str(&format!(" — {words}"));
                }
                f.write_str(line.trim())
            }
            Self::InfobipRefused {
                pin_error,
                attempts,
            } => write!(
                f,
                "Not verified: {pin_error} — {} ({attempts} attempts left)",
                words::infobip_pin_error(pin_error).unwrap_or("the PIN was refused"),
            ),
            Self::InfobipCount { total, verified } => {
                write!(f, "{total} verifications, {verified} verified")
            }
            Self::OrderSent { order } => write!(f, "Order {order} sent"),
            Self::OrderState { order, state } => write!(f, "Order {order}: {state}"),
            Self::Verified => f.write_str("Verified"),
            Self::NotVerified { message } => write!(f, "Not verified: {message}"),
            Self::Valid => f.write_str("Valid"),
            Self::NotValid { message } => write!(f, "Not valid: {message}"),
        }
    }
}

impl Answer {
    pub(crate) fn new(ok: bool, said: Said, id: Option<String>, response: &impl Serialize) -> Self {
        let raw = serde_json::to_vec(response).unwrap_or_default();
        let shown = crate::exchange::redact_body(&raw, &["message"]);
        let response = serde_json::from_str(&shown).unwrap_or(Value::Null);
        Self {
            ok,
            summary: said.to_string(),
            said,
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
            let said = Said::SinchStarted {
                method: started.method.as_str().to_owned(),
                id: started.id.clone(),
            };
            Ok(Answer::new(true, said, Some(started.id.clone()), &started))
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
            let said = Said::OrderSent {
                order: sent.order_id.clone(),
            };
            Ok(Answer::new(true, said, Some(sent.order_id.clone()), &sent))
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
    let said = Said::InfobipSent {
        pin_id: sent.pin_id.clone(),
        state,
        sms_status: sent.sms_status.clone(),
        nc_status: sent.nc_status.clone(),
    };
    Answer::new(ok, said, Some(sent.pin_id.clone()), sent)
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
            let said = sinch_said(&answer.status, answer.reason.as_deref());
            Ok(Answer::new(ok, said, Some(answer.id.clone()), &answer))
        }
        PinClient::Infobip(client) => {
            let pin_id = need(&form.id, "the pinId")?;
            let answer = client.verify(pin_id, &form.code).await?;
            let said = if answer.verified {
                Said::Verified
            } else {
                Said::InfobipRefused {
                    pin_error: answer
                        .pin_error
                        .clone()
                        .unwrap_or_else(|| "WRONG_PIN".into()),
                    attempts: answer.attempts_remaining,
                }
            };
            Ok(Answer::new(
                answer.verified,
                said,
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
            let said = if ok {
                Said::Verified
            } else {
                Said::NotVerified {
                    message: outcome.message.clone(),
                }
            };
            Ok(Answer::new(ok, said, form.order.clone(), &outcome))
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
            let said = sinch_said(&answer.status, answer.reason.as_deref());
            let ok = answer.status == sinch::Status::Successful;
            Ok(Answer::new(ok, said, Some(answer.id.clone()), &answer))
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
            let said = Said::InfobipCount {
                total: u32::try_from(list.verifications.len()).unwrap_or(u32::MAX),
                verified: u32::try_from(verified).unwrap_or(u32::MAX),
            };
            Ok(Answer::new(true, said, None, &list))
        }
        PinClient::Auth365(client) => {
            let order = need(&form.order, "the order id")?;
            let answer = client.order_status(order).await?;
            let said = Said::OrderState {
                order: order.to_owned(),
                state: answer.state.clone(),
            };
            Ok(Answer::new(
                answer.state == "validated",
                said,
                Some(order.to_owned()),
                &answer,
            ))
        }
    }
}

fn sinch_said(status: &sinch::Status, reason: Option<&str>) -> Said {
    let status = serde_json::to_value(status)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    Said::SinchStatus {
        status,
        reason: reason.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_says_its_kind_and_values_and_the_same_in_english() {
        let said = Said::InfobipSent {
            pin_id: "P1".into(),
            state: "MESSAGE_NOT_SENT".into(),
            sms_status: Some("MESSAGE_NOT_SENT".into()),
            nc_status: Some("NC_DESTINATION_UNKNOWN".into()),
        };
        let answer = Answer::new(false, said, Some("P1".into()), &serde_json::json!({}));
        assert_eq!(
            answer.summary,
            "pinId P1 MESSAGE_NOT_SENT (NC_DESTINATION_UNKNOWN) — the SMS was not sent: the \
             number lookup does not know this number"
        );
        // The window keys its words on these names: they are part of the IPC.
        assert_eq!(
            serde_json::to_value(&answer).unwrap()["said"],
            serde_json::json!({
                "kind": "infobipSent",
                "pinId": "P1",
                "state": "MESSAGE_NOT_SENT",
                "smsStatus": "MESSAGE_NOT_SENT",
                "ncStatus": "NC_DESTINATION_UNKNOWN",
            })
        );
        let refused = Said::InfobipRefused {
            pin_error: "TTL_EXPIRED".into(),
            attempts: 2,
        };
        assert_eq!(
            serde_json::to_value(&refused).unwrap(),
            serde_json::json!({ "kind": "infobipRefused", "pinError": "TTL_EXPIRED", "attempts": 2 })
        );
        assert_eq!(
            refused.to_string(),
            "Not verified: TTL_EXPIRED — the PIN expired; send a new one (2 attempts left)"
        );
        let status = Said::SinchStatus {
            status: "DENIED".into(),
            reason: Some("Fraud".into()),
        };
        assert_eq!(
            status.to_string(),
            words::sinch_outcome("DENIED", Some("Fraud"))
        );
    }
}
