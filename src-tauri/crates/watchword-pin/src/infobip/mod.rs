//! Infobip 2FA: applications, message templates, send, resend, verify and status.

pub mod model;

use reqwest::Method as HttpMethod;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use crate::error::PinError;
use crate::provider::Provider;
use crate::transport::{Incoming, Outgoing, Transport, endpoint};
pub use model::*;

/// A client for one Infobip account (`Authorization: App {key}`).
#[derive(Clone)]
pub struct InfobipClient {
    transport: Transport,
    base: url::Url,
    api_key: Zeroizing<String>,
}

impl std::fmt::Debug for InfobipClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InfobipClient")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    request_error: RequestError,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestError {
    service_exception: ServiceException,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServiceException {
    message_id: String,
    text: String,
    #[serde(default)]
    validation_errors: Option<std::collections::BTreeMap<String, Vec<String>>>,
}

impl InfobipClient {
    /// A client for the API at `base` (`https://xyz.api.infobip.com`).
    pub fn new(transport: Transport, base: url::Url, api_key: Zeroizing<String>) -> Self {
        Self {
            transport,
            base,
            api_key,
        }
    }

    /// Every 2FA application.
    pub async fn applications(&self) -> Result<Vec<Application>, PinError> {
        self.call(HttpMethod::GET, "/2fa/2/applications", None::<&()>)
            .await
    }

    /// Creates an application (Infobip answers 200; older documents said 201).
    pub async fn create_application(&self, app: &Application) -> Result<Application, PinError> {
        self.call(HttpMethod::POST, "/2fa/2/applications", Some(app))
            .await
    }

    /// One application.
    pub async fn application(&self, app_id: &str) -> Result<Application, PinError> {
        self.call(
            HttpMethod::GET,
            &format!("/2fa/2/applications/{}", seg(app_id)?),
            None::<&()>,
        )
        .await
    }

    /// Replaces an application's name, state and configuration.
    pub async fn update_application(
        &self,
        app_id: &str,
        app: &Application,
    ) -> Result<Application, PinError> {
        self.call(
            HttpMethod::PUT,
            &format!("/2fa/2/applications/{}", seg(app_id)?),
            Some(app),
        )
        .await
    }

    /// An application's message templates.
    pub async fn templates(&self, app_id: &str) -> Result<Vec<MessageTemplate>, PinError> {
        let path = format!("/2fa/2/applications/{}/messages", seg(app_id)?);
        self.call(HttpMethod::GET, &path, None::<&()>).await
    }

    /// Creates a message template.
    pub async fn create_template(
        &self,
        app_id: &str,
        template: &MessageTemplate,
    ) -> Result<MessageTemplate, PinError> {
        let path = format!("/2fa/2/applications/{}/messages", seg(app_id)?);
        self.call(HttpMethod::POST, &path, Some(template)).await
    }

    /// One message template.
    pub async fn template(
        &self,
        app_id: &str,
        message_id: &str,
    ) -> Result<MessageTemplate, PinError> {
        let path = format!(
            "/2fa/2/applications/{}/messages/{}",
            seg(app_id)?,
            seg(message_id)?
        );
        self.call(HttpMethod::GET, &path, None::<&()>).await
    }

    /// Replaces a message template.
    pub async fn update_template(
        &self,
        app_id: &str,
        message_id: &str,
        template: &MessageTemplate,
    ) -> Result<MessageTemplate, PinError> {
        let path = format!(
            "/2fa/2/applications/{}/messages/{}",
            seg(app_id)?,
            seg(message_id)?
        );
        self.call(HttpMethod::PUT, &path, Some(template)).await
    }

    /// Creates an email template.
    pub async fn create_email_template(
        &self,
        app_id: &str,
        template: &EmailTemplate,
    ) -> Result<EmailTemplate, PinError> {
        let path = format!("/2fa/2/applications/{}/email/messages", seg(app_id)?);
        self.call(HttpMethod::POST, &path, Some(template)).await
    }

    /// Replaces an email template.
    pub async fn update_email_template(
        &self,
        app_id: &str,
        message_id: &str,
        template: &EmailTemplate,
    ) -> Result<EmailTemplate, PinError> {
        let path = format!(
            "/2fa/2/applications/{}/email/messages/{}",
            seg(app_id)?,
            seg(message_id)?
        );
        self.call(HttpMethod::PUT, &path, Some(template)).await
    }

    /// Sends a PIN. For SMS, `number_lookup` asks Infobip to check the number first.
    pub async fn send(
        &self,
        channel: Channel,
        request: &SendPin,
        number_lookup: bool,
    ) -> Result<PinSent, PinError> {
        let path = match channel {
            Channel::Sms => format!("/2fa/2/pin?ncNeeded={number_lookup}"),
            Channel::Voice => "/2fa/2/pin/voice".into(),
            Channel::Email => "/2fa/2/pin/email".into(),
        };
        self.call(HttpMethod::POST, &path, Some(request)).await
    }

    /// Sends the same PIN again.
    pub async fn resend(&self, channel: Channel, pin_id: &str) -> Result<PinSent, PinError> {
        let suffix = match channel {
            Channel::Sms => "",
            Channel::Voice => "/voice",
            Channel::Email => "/email",
        };
        let path = format!("/2fa/2/pin/{}/resend{suffix}", seg(pin_id)?);
        self.call(HttpMethod::POST, &path, Some(&serde_json::json!({})))
            .await
    }

    /// Checks the PIN the user typed. A wrong PIN is `Ok` with `verified: false`.
    pub async fn verify(&self, pin_id: &str, pin: &str) -> Result<PinVerified, PinError> {
        let path = format!("/2fa/2/pin/{}/verify", seg(pin_id)?);
        let body = serde_json::json!({ "pin": pin.trim() });
        self.call(HttpMethod::POST, &path, Some(&body)).await
    }

    /// An application's verifications, filtered.
    pub async fn status(
        &self,
        app_id: &str,
        filter: &StatusFilter,
    ) -> Result<Verifications, PinError> {
        let mut path = format!("/2fa/2/applications/{}/verifications", seg(app_id)?);
        let query = serde_urlencoded_query(filter);
        if !query.is_empty() {
            path = format!("{path}?{query}");
        }
        self.call(HttpMethod::GET, &path, None::<&()>).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: HttpMethod,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<T, PinError> {
        let mut outgoing = Outgoing::new(method, endpoint(&self.base, path)?)
            .header("Authorization", format!("App {}", self.api_key.as_str()))
            .header("Accept", "application/json");
        if let Some(body) = body {
            outgoing = outgoing.json(body)?;
        }
        let answer = self.transport.send(&outgoing).await?;
        if answer.is_success() {
            answer.json(Provider::Infobip)
        } else {
            Err(error_from(&answer))
        }
    }
}

/// A path segment: ids are opaque, so anything that would change the path is refused.
fn seg(value: &str) -> Result<String, PinError> {
    if value.is_empty() || value.contains(['/', '?', '#']) {
        return Err(PinError::Invalid(format!(
            "{value:?} is not a valid Infobip id"
        )));
    }
    Ok(
        percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    )
}

fn serde_urlencoded_query(filter: &StatusFilter) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(msisdn) = &filter.msisdn {
        query.append_pair("msisdn", msisdn);
    }
    if let Some(verified) = filter.verified {
        query.append_pair("verified", &verified.to_string());
    }
    if let Some(sent) = filter.sent {
        query.append_pair("sent", &sent.to_string());
    }
    query.finish()
}

fn error_from(answer: &Incoming) -> PinError {
    match serde_json::from_slice::<ErrorBody>(&answer.body) {
        Ok(body) => {
            let exception = body.request_error.service_exception;
            let mut message = exception.text;
            if let Some(errors) = exception
                .validation_errors
                .filter(|errors| !errors.is_empty())
            {
                let details: Vec<String> = errors
                    .iter()
                    .map(|(field, problems)| format!("{field}: {}", problems.join(", ")))
                    .collect();
                message = format!("{message} ({})", details.join("; "));
            }
            PinError::Provider {
                provider: Provider::Infobip,
                status: answer.status,
                code: Some(exception.message_id),
                message,
            }
        }
        Err(_) => PinError::Garbage {
            provider: Provider::Infobip,
            status: answer.status,
            reason: "an error status without Infobip's error body".into(),
        },
    }
}
