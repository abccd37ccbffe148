//! The HTTP layer every provider client shares: timeouts, retries where a retry is
//! safe, and a redacted record of each exchange.

use std::time::{Duration, Instant};

use reqwest::Method;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{GarbageReason, PinError};
use crate::exchange::{Exchange, ExchangeLog, redact_body, redact_header};
use crate::provider::Provider;

/// The largest answer read: no provider answer comes near it, and a misbehaving
/// server must not exhaust memory.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// Timeouts and retries for one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpSettings {
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long a whole request may take, answer included.
    pub timeout: Duration,
    /// How many times a safe (idempotent) request is tried again after a failure.
    pub retries: u32,
    /// The first pause between tries; it doubles each time.
    pub backoff: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            retries: 2,
            backoff: Duration::from_millis(200),
        }
    }
}

/// A request ready to send, with the exact bytes a signature was computed over.
#[derive(Debug)]
pub struct Outgoing {
    /// HTTP method.
    pub method: Method,
    /// Full URL.
    pub url: url::Url,
    /// Headers, `Authorization` and `Content-Type` included.
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Whether sending it twice does no harm (status queries, lists): only these are retried.
    pub idempotent: bool,
    /// Response fields to redact beyond the usual ones (a message that echoes the PIN).
    pub redact: &'static [&'static str],
}

impl Outgoing {
    /// A request without headers or body.
    pub fn new(method: Method, url: url::Url) -> Self {
        let idempotent = method == Method::GET;
        Self {
            method,
            url,
            headers: Vec::new(),
            body: None,
            idempotent,
            redact: &[],
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets a JSON body (and its Content-Type).
    pub fn json(mut self, value: &impl serde::Serialize) -> Result<Self, PinError> {
        let bytes = serde_json::to_vec(value)
            .map_err(|err| PinError::Invalid(format!("cannot encode the request: {err}")))?;
        self.body = Some(bytes);
        Ok(self.header("Content-Type", "application/json"))
    }

    /// Names extra response fields to redact in the exchange log.
    pub fn redacting(mut self, fields: &'static [&'static str]) -> Self {
        self.redact = fields;
        self
    }
}

/// An answer: status, headers and the raw body.
#[derive(Debug)]
pub struct Incoming {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Incoming {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Reads the body as `T`, or says the provider answered garbage.
    pub fn json<T: serde::de::DeserializeOwned>(&self, provider: Provider) -> Result<T, PinError> {
        serde_json::from_slice(&self.body).map_err(|err| PinError::Garbage {
            provider,
            status: self.status,
            reason: if self.body.is_empty() {
                "empty body".into()
            } else {
                format!("not the documented JSON ({err})").into()
            },
        })
    }
}

/// Sends requests for one provider and records them.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    provider: Provider,
    settings: HttpSettings,
    log: ExchangeLog,
}

impl Transport {
    /// A transport for `provider` with the given settings, recording into `log`.
    pub fn new(
        provider: Provider,
        settings: HttpSettings,
        log: ExchangeLog,
    ) -> Result<Self, PinError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .user_agent(concat!("watchword/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| PinError::Invalid(format!("cannot set up HTTP: {err}")))?;
        Ok(Self {
            client,
            provider,
            settings,
            log,
        })
    }

    /// Which provider this transport talks to.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The log exchanges are recorded into.
    pub fn log(&self) -> &ExchangeLog {
        &self.log
    }

    /// Sends `request`; idempotent requests are retried with backoff after a transport
    /// failure or a 502/503/504. Any answer, error status or not, is returned as is.
    pub async fn send(&self, request: &Outgoing) -> Result<Incoming, PinError> {
        let mut pause = self.settings.backoff;
        let mut attempt = 0;
        loop {
            let result = self.send_once(request).await;
            let retryable = match &result {
                Ok(answer) => matches!(answer.status, 502..=504),
                Err(PinError::Unreachable { .. } | PinError::Timeout { .. }) => true,
                Err(_) => false,
            };
            if !(request.idempotent && retryable && attempt < self.settings.retries) {
                return result;
            }
            attempt += 1;
            tokio::time::sleep(pause).await;
            pause *= 2;
        }
    }

    async fn send_once(&self, request: &Outgoing) -> Result<Incoming, PinError> {
        let started_at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let clock = Instant::now();
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let result = match builder.send().await {
            Ok(response) => self.read_capped(&request.url, response).await,
            Err(err) => Err(self.transport_error(&request.url, err)),
        };
        self.log.record(Exchange {
            id: 0,
            provider: self.provider,
            method: request.method.to_string(),
            url: request.url.to_string(),
            request_headers: request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), redact_header(name, value)))
                .collect(),
            request_body: request.body.as_deref().map(|body| redact_body(body, &[])),
            status: result.as_ref().ok().map(|answer| answer.status),
            response_body: result
                .as_ref()
                .ok()
                .map(|answer| redact_body(&answer.body, request.redact)),
            error: result.as_ref().err().map(ToString::to_string),
            started_at,
            millis: clock.elapsed().as_secs_f64() * 1000.0,
        });
        result
    }

    /// Reads an answer chunk by chunk, stopping as soon as it passes
    /// [`MAX_ANSWER_BYTES`]: a declared Content-Length is not trusted (it may be absent
    /// or lie), only the bytes counted. Dropping the response then closes the connection.
    async fn read_capped(
        &self,
        url: &url::Url,
        mut response: reqwest::Response,
    ) -> Result<Incoming, PinError> {
        let status = response.status().as_u16();
        let too_large = || PinError::Garbage {
            provider: self.provider,
            status,
            reason: GarbageReason::TooLarge {
                limit: MAX_ANSWER_BYTES,
            },
        };
        // An honest Content-Length over the cap is refused before any of the body is read.
        if response
            .content_length()
            .is_some_and(|declared| declared > MAX_ANSWER_BYTES as u64)
        {
            return Err(too_large());
        }
        let headers = response.headers().clone();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(err) => return Err(self.transport_error(url, err)),
            }
        }
        Ok(Incoming {
            status,
            headers,
            body,
        })
    }

    fn transport_error(&self, url: &url::Url, err: reqwest::Error) -> PinError {
        let url = url.as_str().to_owned();
        if err.is_timeout() {
            return PinError::Timeout {
                provider: self.provider,
                url,
                seconds: self.settings.timeout.as_secs().max(1),
            };
        }
        // reqwest's top-level message is generic; the cause says what happened.
        let mut reason = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            reason = cause.to_string();
            source = cause.source();
        }
        PinError::Unreachable {
            provider: self.provider,
            url,
            reason,
        }
    }
}

/// Joins `path` (which starts with `/`) onto a base URL that may have its own path.
pub fn endpoint(base: &url::Url, path: &str) -> Result<url::Url, PinError> {
    let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    url::Url::parse(&joined).map_err(|err| PinError::Invalid(format!("bad URL {joined:?}: {err}")))
}
