//! The Authentication 365 style OTP API: an OAuth2 client-credentials token, refreshed
//! before it expires, then Bearer calls to generate, validate, send validation URLs and
//! manage TOTP soft tokens.

pub mod model;

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::Method as HttpMethod;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::error::PinError;
use crate::provider::Provider;
use crate::transport::{Incoming, Outgoing, Transport, endpoint};
pub use model::*;

/// How long before expiry a token is renewed.
const RENEW_MARGIN: Duration = Duration::from_secs(60);

/// The longest a token (or refresh token) is trusted for, whatever the server says: an
/// `expires_in` near `u64::MAX` would otherwise overflow `Instant` and panic, and a day
/// is far beyond any real token's life (a longer one is simply renewed early).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// A client's id, secret and the account it sends for.
#[derive(Clone)]
pub struct Auth365Credentials {
    /// The OAuth2 client id (API key).
    pub client_id: String,
    /// The client secret.
    pub client_secret: Zeroizing<String>,
    /// The account every call names.
    pub account_id: u64,
}

impl std::fmt::Debug for Auth365Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth365Credentials")
            .field("client_id", &self.client_id)
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

struct Token {
    access: Zeroizing<String>,
    renew_at: Instant,
    refresh: Option<(Zeroizing<String>, Instant)>,
}

/// A client for one Auth365 account.
#[derive(Clone)]
pub struct Auth365Client {
    transport: Transport,
    base: url::Url,
    credentials: Auth365Credentials,
    token: Arc<tokio::sync::Mutex<Option<Token>>>,
}

impl std::fmt::Debug for Auth365Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth365Client")
            .field("base", &self.base.as_str())
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct ApiError {
    message: String,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl Auth365Client {
    /// A client for the API at `base`.
    pub fn new(transport: Transport, base: url::Url, credentials: Auth365Credentials) -> Self {
        Self {
            transport,
            base,
            credentials,
            token: Arc::default(),
        }
    }

    /// Generates a PIN and sends it.
    pub async fn generate(&self, request: &GenerateRequest) -> Result<Generated, PinError> {
        request.validate().map_err(PinError::Invalid)?;
        let mut body = json!({
            "accountId": self.credentials.account_id,
            "messageBody": request.message_body,
            // What the document's example shows (its grammar says Boolean; the sandbox
            // takes either). `pinType` is what chooses the PIN's alphabet.
            "characterSet": "",
            "tokenLength": request.token_length,
            "pinType": request.pin_type.code(),
            "timeOut": request.time_out,
        });
        add_recipient(&mut body, &request.to);
        self.call(
            HttpMethod::POST,
            "/tokens/generate",
            Some(body),
            &["message"],
        )
        .await
    }

    /// Sends an SMS with a validation URL (`[url]` in the message marks where it goes).
    pub async fn send_url(
        &self,
        number: &str,
        message_body: &str,
        mode: UrlMode,
        time_out: u32,
    ) -> Result<Generated, PinError> {
        if !message_body.contains("[url]") {
            return Err(PinError::Invalid(
                "the message must contain [url] where the link goes".into(),
            ));
        }
        let body = json!({
            "accountId": self.credentials.account_id,
            "telephoneNumber": number,
            "messageBody": message_body,
            "mode": mode,
            "timeOut": time_out,
        });
        self.call(
            HttpMethod::POST,
            "/tokens/sendurl",
            Some(body),
            &["message"],
        )
        .await
    }

    /// Checks a PIN. A wrong, expired or used PIN is `Ok` with status `failure`.
    pub async fn validate(&self, target: &Target, token: &str) -> Result<Outcome, PinError> {
        let mut body = json!({ "accountId": self.credentials.account_id, "token": token.trim() });
        match target {
            Target::Phone(number) => body["telephoneNumber"] = json!(number),
            Target::Email(address) => body["emailAddress"] = json!(address),
            Target::Order(order) => body["orderID"] = json!(order),
        }
        self.call(HttpMethod::POST, "/tokens/validate", Some(body), &[])
            .await
    }

    /// An order's state.
    pub async fn order_status(&self, order_id: &str) -> Result<OrderStatus, PinError> {
        let path = format!("/tokens/{}", segment(order_id)?);
        self.call(HttpMethod::GET, &path, None, &[]).await
    }

    /// Creates a TOTP soft token for a user; the answer carries its secret.
    pub async fn create_soft_token(
        &self,
        request: &SoftTokenRequest,
    ) -> Result<SoftTokenCreated, PinError> {
        let mut body = serde_json::to_value(request)
            .map_err(|err| PinError::Invalid(format!("cannot encode the request: {err}")))?;
        body["accountId"] = json!(self.credentials.account_id);
        self.call(HttpMethod::POST, "/softtokens", Some(body), &[])
            .await
    }

    /// A user's soft tokens (no secrets).
    pub async fn soft_tokens(&self, user_id: &str) -> Result<Vec<SoftTokenInfo>, PinError> {
        // The serializer is not Send: finish it before awaiting.
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("accountId", &self.credentials.account_id.to_string())
            .append_pair("userId", user_id)
            .finish();
        let path = format!("/softtokens?{query}");
        let list: SoftTokenList = self.call(HttpMethod::GET, &path, None, &[]).await?;
        Ok(match list {
            SoftTokenList::Bare(tokens) | SoftTokenList::Wrapped { tokens } => tokens,
        })
    }

    /// Checks a soft token's code on the server.
    pub async fn validate_soft_token(&self, id: &str, code: &str) -> Result<Outcome, PinError> {
        let path = format!("/softtokens/{}/validate", segment(id)?);
        self.call(
            HttpMethod::POST,
            &path,
            Some(json!({ "code": code.trim() })),
            &[],
        )
        .await
    }

    /// Deletes a soft token.
    pub async fn delete_soft_token(&self, id: &str) -> Result<(), PinError> {
        let path = format!("/softtokens/{}", segment(id)?);
        let answer = self
            .authorized(HttpMethod::DELETE, &path, None, &[])
            .await?;
        if answer.is_success() {
            Ok(())
        } else {
            Err(api_error(&answer))
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: HttpMethod,
        path: &str,
        body: Option<Value>,
        redact: &'static [&'static str],
    ) -> Result<T, PinError> {
        let answer = self.authorized(method, path, body, redact).await?;
        if answer.is_success() {
            answer.json(Provider::Auth365)
        } else {
            Err(api_error(&answer))
        }
    }

    /// Sends with a Bearer token; a 401 (token revoked, server restarted) gets one new token and one retry.
    async fn authorized(
        &self,
        method: HttpMethod,
        path: &str,
        body: Option<Value>,
        redact: &'static [&'static str],
    ) -> Result<Incoming, PinError> {
        let url = endpoint(&self.base, path)?;
        for fresh in [false, true] {
            let bearer = self.bearer(fresh).await?;
            let mut outgoing = Outgoing::new(method.clone(), url.clone())
                .header("Authorization", format!("Bearer {}", bearer.as_str()))
                .redacting(redact);
            if let Some(body) = &body {
                outgoing = outgoing.json(body)?;
            }
            let answer = self.transport.send(&outgoing).await?;
            if answer.status != 401 || fresh {
                return Ok(answer);
            }
        }
        unreachable!("the loop returns on its second pass")
    }

    /// The current access token, renewed when close to expiry (or when `force`d).
    async fn bearer(&self, force: bool) -> Result<Zeroizing<String>, PinError> {
        let mut slot = self.token.lock().await;
        let now = Instant::now();
        if let Some(token) = slot.as_ref().filter(|token| !force && token.renew_at > now) {
            return Ok(token.access.clone());
        }
        let refresh = slot
            .as_ref()
            .and_then(|token| token.refresh.as_ref())
            .filter(|(_, until)| *until > now)
            .map(|(refresh, _)| refresh.clone());
        let fetched = match refresh {
            Some(refresh) if !force => match self.fetch_token(Some(&refresh)).await {
                Ok(token) => token,
                // A refused refresh token: start over with the client's credentials.
                Err(PinError::Provider {
                    status: 400 | 401, ..
                }) => self.fetch_token(None).await?,
                Err(other) => return Err(other),
            },
            _ => self.fetch_token(None).await?,
        };
        let access = fetched.access.clone();
        *slot = Some(fetched);
        Ok(access)
    }

    async fn fetch_token(&self, refresh: Option<&Zeroizing<String>>) -> Result<Token, PinError> {
        let started = Instant::now();
        let pair = Zeroizing::new(format!(
            "{}:{}",
            self.credentials.client_id,
            self.credentials.client_secret.as_str()
        ));
        let basic = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
        let form = {
            let mut form = form_urlencoded::Serializer::new(String::new());
            match refresh {
                Some(token) => form
                    .append_pair("grant_type", "refresh_token")
                    .append_pair("refresh_token", token),
                None => form.append_pair("grant_type", "client_credentials"),
            };
            form.finish()
        };
        let mut outgoing = Outgoing::new(HttpMethod::POST, endpoint(&self.base, "/oauth/token")?)
            .header("Authorization", format!("Basic {basic}"))
            .header("Content-Type", "application/x-www-form-urlencoded");
        outgoing.body = Some(form.into_bytes());
        let answer = self.transport.send(&outgoing).await?;
        if !answer.is_success() {
            return Err(match serde_json::from_slice::<OAuthError>(&answer.body) {
                Ok(body) => PinError::Provider {
                    provider: Provider::Auth365,
                    status: answer.status,
                    message: body
                        .error_description
                        .unwrap_or_else(|| body.error.replace('_', " ")),
                    code: Some(body.error),
                },
                Err(_) => api_error(&answer),
            });
        }
        let token: TokenResponse = answer.json(Provider::Auth365)?;
        if !token.token_type.is_empty() && !token.token_type.eq_ignore_ascii_case("bearer") {
            return Err(PinError::Garbage {
                provider: Provider::Auth365,
                status: answer.status,
                reason: format!("token type {:?} is not Bearer", token.token_type).into(),
            });
        }
        let lifetime = Duration::from_secs(token.expires_in).min(MAX_TOKEN_LIFETIME);
        // Renew a minute early, or halfway through a lifetime shorter than two minutes.
        let renew_in = if lifetime > RENEW_MARGIN * 2 {
            lifetime - RENEW_MARGIN
        } else {
            lifetime / 2
        };
        Ok(Token {
            access: token.access_token,
            renew_at: after(started, renew_in),
            refresh: token.refresh_token.map(|refresh| {
                let lasts =
                    Duration::from_secs(token.refresh_expires_in.unwrap_or(token.expires_in))
                        .min(MAX_TOKEN_LIFETIME);
                (refresh, after(started, lasts))
            }),
        })
    }
}

/// `start + span`, or `start` (renew at once) if the clock cannot represent it: never a panic.
fn after(start: Instant, span: Duration) -> Instant {
    start.checked_add(span).unwrap_or(start)
}

fn add_recipient(body: &mut Value, to: &Recipient) {
    match to {
        Recipient::Phone(number) => body["telephoneNumber"] = json!(number),
        Recipient::Email(address) => {
            body["emailAddress"] = json!(address);
        }
    }
}

fn segment(value: &str) -> Result<String, PinError> {
    if value.is_empty() || value.contains(['/', '?', '#']) {
        return Err(PinError::Invalid(format!("{value:?} is not a valid id")));
    }
    Ok(
        percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    )
}

fn api_error(answer: &Incoming) -> PinError {
    match serde_json::from_slice::<ApiError>(&answer.body) {
        Ok(body) => PinError::Provider {
            provider: Provider::Auth365,
            status: answer.status,
            code: None,
            message: body.message,
        },
        Err(_) => PinError::Garbage {
            provider: Provider::Auth365,
            status: answer.status,
            reason: "an error status without the API's error body".into(),
        },
    }
}
