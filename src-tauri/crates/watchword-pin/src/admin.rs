//! The administrator's session behind the desktop's PIN console: the profiles (the
//! built-in sandbox's first), one cached client per profile (so an Auth365 token is
//! reused), the shared exchange log, and the sandbox's outbox.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::auth365::{SoftTokenCreated, SoftTokenInfo, SoftTokenRequest};
use crate::console::{self, Answer, ResendForm, Said, SendForm, StatusForm, VerifyForm};
use crate::error::PinError;
use crate::exchange::{Exchange, ExchangeLog};
use crate::infobip::{AppConfiguration, Application, MessageTemplate};
use crate::profile::{PinClient, Profile, ProfileError, ProfileStore};
use crate::provider::Provider;
use crate::receiver::{CallbackReceiver, ReceivedEvent, Rule};
use crate::sandbox::{Fault, OutboxMessage, SandboxClient};
use crate::sinch::AuthScheme;
use crate::sinch::callback::Action;
use crate::transport::{HttpSettings, Transport};

/// Credentials the app provisions in its built-in sandbox at each start.
pub struct SandboxCredentials {
    /// Sinch application key.
    pub sinch_key: String,
    /// Sinch application secret (base64).
    pub sinch_secret: Zeroizing<String>,
    /// Infobip API key.
    pub infobip_key: Zeroizing<String>,
    /// Auth365 client id.
    pub auth365_id: String,
    /// Auth365 client secret.
    pub auth365_secret: Zeroizing<String>,
    /// The Auth365 account id the built-in profile names.
    pub auth365_account: u64,
}

impl SandboxCredentials {
    /// Fresh random credentials (they only ever reach a server on loopback).
    pub fn generate() -> Result<Self, PinError> {
        let random = |bytes: usize| -> Result<Zeroizing<Vec<u8>>, PinError> {
            let mut buffer = Zeroizing::new(vec![0u8; bytes]);
            getrandom::fill(&mut buffer)
                .map_err(|err| PinError::Invalid(format!("no randomness: {err}")))?;
            Ok(buffer)
        };
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        Ok(Self {
            sinch_key: hex(&random(16)?).to_uppercase(),
            sinch_secret: Zeroizing::new(BASE64.encode(random(16)?.as_slice())),
            infobip_key: Zeroizing::new(hex(&random(24)?)),
            auth365_id: format!("watchword-{}", hex(&random(4)?)),
            auth365_secret: Zeroizing::new(hex(&random(24)?)),
            auth365_account: 1000,
        })
    }
}

/// The names of the built-in sandbox profiles, in the order they are listed.
pub const SANDBOX_PROFILES: [&str; 3] =
    ["Sandbox · Sinch", "Sandbox · Infobip", "Sandbox · Auth365"];

/// A profile as the console lists it (no secret).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    /// The profile.
    #[serde(flatten)]
    pub profile: Profile,
    /// Whether it is the app's own sandbox (it cannot be edited or removed).
    pub builtin: bool,
}

/// Why a console action failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Reading or keeping a profile failed.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The provider call failed.
    #[error(transparent)]
    Pin(#[from] PinError),
    /// Built-in profiles are the app's.
    #[error("{0:?} is the built-in sandbox and cannot be changed")]
    Builtin(String),
    /// The outbox exists only with the built-in sandbox.
    #[error("the sandbox is not running")]
    NoSandbox,
    /// The callback receiver could not listen.
    #[error("the callback receiver cannot listen on loopback: {0}")]
    Receiver(String),
}

/// How long the receiver holds a request event for the administrator, and how long the
/// built-in sandbox waits for its answer (a little longer, so the receiver's own
/// timeout, a deny, is what the sandbox sees).
pub const ASK_WAIT_SECONDS: u64 = 50;
const SANDBOX_CALLBACK_WAIT_SECONDS: u64 = 60;

/// The callback receiver as the console shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackView {
    /// The Sinch profile whose key and secret check the signatures (none: stopped).
    pub profile: Option<String>,
    /// The callback URL (none: stopped).
    pub url: Option<String>,
    /// Whether the built-in sandbox's Sinch application calls it.
    pub sandbox_wired: bool,
    /// How request events are answered.
    pub rule: Rule,
    /// Every callback so far, oldest first.
    pub events: Vec<ReceivedEvent>,
}

/// One administrator's session.
pub struct Admin {
    store: ProfileStore,
    log: ExchangeLog,
    settings: HttpSettings,
    builtin: Vec<(Profile, Zeroizing<String>)>,
    sandbox_url: Option<String>,
    sandbox_token: Option<Zeroizing<String>>,
    clients: Mutex<HashMap<String, PinClient>>,
    receiver: Mutex<Option<(String, CallbackReceiver, bool)>>,
}

impl Admin {
    /// A session over the profiles in `store`.
    pub fn new(store: ProfileStore, settings: HttpSettings) -> Self {
        Self {
            store,
            log: ExchangeLog::new(),
            settings,
            builtin: Vec::new(),
            sandbox_url: None,
            sandbox_token: None,
            clients: Mutex::default(),
            receiver: Mutex::default(),
        }
    }

    /// Adds the built-in sandbox at `base_url` as the first three profiles; `token` is
    /// its run token, which the outbox needs (`RunningSandbox::token`).
    pub fn attach_sandbox(
        &mut self,
        base_url: &str,
        token: &str,
        credentials: &SandboxCredentials,
    ) {
        let profile = |name: &str, provider, key: Option<String>, scheme, account_id| Profile {
            name: name.to_owned(),
            provider,
            base_url: base_url.to_owned(),
            key,
            scheme,
            account_id,
        };
        self.builtin = vec![
            (
                profile(
                    SANDBOX_PROFILES[0],
                    Provider::Sinch,
                    Some(credentials.sinch_key.clone()),
                    Some(AuthScheme::Signed),
                    None,
                ),
                credentials.sinch_secret.clone(),
            ),
            (
                profile(SANDBOX_PROFILES[1], Provider::Infobip, None, None, None),
                credentials.infobip_key.clone(),
            ),
            (
                profile(
                    SANDBOX_PROFILES[2],
                    Provider::Auth365,
                    Some(credentials.auth365_id.clone()),
                    None,
                    Some(credentials.auth365_account),
                ),
                credentials.auth365_secret.clone(),
            ),
        ];
        self.sandbox_url = Some(base_url.to_owned());
        self.sandbox_token = Some(Zeroizing::new(token.to_owned()));
        self.clients().clear();
    }

    /// The built-in profiles, then the user's.
    pub fn profiles(&self) -> Result<Vec<ProfileView>, AdminError> {
        let builtin = self.builtin.iter().map(|(profile, _)| ProfileView {
            profile: profile.clone(),
            builtin: true,
        });
        let stored = self.store.list()?.into_iter().map(|profile| ProfileView {
            profile,
            builtin: false,
        });
        Ok(builtin.chain(stored).collect())
    }

    /// Adds or replaces a profile of the user's; its secret goes to the keyring.
    pub fn save_profile(
        &self,
        profile: Profile,
        secret: Option<Zeroizing<String>>,
    ) -> Result<(), AdminError> {
        self.refuse_builtin(&profile.name)?;
        let name = profile.name.clone();
        self.store.save(profile, secret)?;
        // Dropped after the store changed, so no call in between re-caches the old one.
        self.clients().remove(&name);
        Ok(())
    }

    /// Removes a profile of the user's.
    pub fn remove_profile(&self, name: &str) -> Result<(), AdminError> {
        self.refuse_builtin(name)?;
        self.store.remove(name)?;
        self.clients().remove(name);
        Ok(())
    }

    /// Sends a PIN through profile `name`.
    pub async fn send(&self, name: &str, form: &SendForm) -> Result<Answer, AdminError> {
        Ok(console::send(&self.client(name)?, form).await?)
    }

    /// Checks a code through profile `name`.
    pub async fn verify(&self, name: &str, form: &VerifyForm) -> Result<Answer, AdminError> {
        Ok(console::verify(&self.client(name)?, form).await?)
    }

    /// Looks a verification up through profile `name`.
    pub async fn status(&self, name: &str, form: &StatusForm) -> Result<Answer, AdminError> {
        Ok(console::status(&self.client(name)?, form).await?)
    }

    /// Sends an Infobip PIN again through profile `name`.
    pub async fn resend(&self, name: &str, form: &ResendForm) -> Result<Answer, AdminError> {
        Ok(console::resend(&self.client(name)?, form).await?)
    }

    /// Creates an Infobip application (`id` none) or replaces application `id`, as the
    /// CLI's `pin apps create|update` does; the application as Infobip answers it.
    pub async fn save_infobip_application(
        &self,
        name: &str,
        id: Option<&str>,
        app: &Application,
    ) -> Result<Application, AdminError> {
        let client = self.infobip(name)?;
        Ok(match id.filter(|id| !id.is_empty()) {
            Some(id) => client.update_application(id, app).await?,
            None => client.create_application(app).await?,
        })
    }

    /// Creates a message template in application `app_id` (`id` none) or replaces
    /// template `id`, as the CLI's `pin templates create|update` does.
    pub async fn save_infobip_template(
        &self,
        name: &str,
        app_id: &str,
        id: Option<&str>,
        template: &MessageTemplate,
    ) -> Result<MessageTemplate, AdminError> {
        let client = self.infobip(name)?;
        Ok(match id.filter(|id| !id.is_empty()) {
            Some(id) => client.update_template(app_id, id, template).await?,
            None => client.create_template(app_id, template).await?,
        })
    }

    /// An Infobip profile's applications with their templates, for the send form's pickers.
    /// With `create_default` and no application yet, creates one with a template first.
    pub async fn infobip_catalog(
        &self,
        name: &str,
        create_default: bool,
    ) -> Result<Vec<(Application, Vec<MessageTemplate>)>, AdminError> {
        let client = self.infobip(name)?;
        let mut apps = client.applications().await?;
        if apps.is_empty() && create_default {
            let app = client
                .create_application(&Application {
                    application_id: None,
                    name: "Watchword test".into(),
                    enabled: Some(true),
                    configuration: Some(AppConfiguration::default()),
                })
                .await?;
            let app_id = app.application_id.clone().unwrap_or_default();
            client
                .create_template(
                    &app_id,
                    &MessageTemplate {
                        message_text: "Your Watchword test code is {{pin}}".into(),
                        pin_type: Some("NUMERIC".into()),
                        pin_length: Some(6),
                        ..MessageTemplate::default()
                    },
                )
                .await?;
            apps = vec![app];
        }
        let mut catalog = Vec::new();
        for app in apps {
            let templates = match &app.application_id {
                Some(id) => client.templates(id).await?,
                None => Vec::new(),
            };
            catalog.push((app, templates));
        }
        Ok(catalog)
    }

    /// Creates a soft token through an Auth365 profile; the caller enrolls it by its QR code.
    pub async fn create_soft_token(
        &self,
        name: &str,
        request: &SoftTokenRequest,
    ) -> Result<SoftTokenCreated, AdminError> {
        Ok(self.auth365(name)?.create_soft_token(request).await?)
    }

    /// A user's soft tokens.
    pub async fn soft_tokens(
        &self,
        name: &str,
        user_id: &str,
    ) -> Result<Vec<SoftTokenInfo>, AdminError> {
        Ok(self.auth365(name)?.soft_tokens(user_id).await?)
    }

    /// Deletes a soft token on the server.
    pub async fn delete_soft_token(&self, name: &str, id: &str) -> Result<(), AdminError> {
        Ok(self.auth365(name)?.delete_soft_token(id).await?)
    }

    /// Checks a soft token's code on the server.
    pub async fn validate_soft_token(
        &self,
        name: &str,
        id: &str,
        code: &str,
    ) -> Result<Answer, AdminError> {
        let outcome = self.auth365(name)?.validate_soft_token(id, code).await?;
        let ok = outcome.succeeded();
        let said = if ok {
            Said::Valid
        } else {
            Said::NotValid {
                message: outcome.message.clone(),
            }
        };
        // The same constructor as every other answer, so the same redaction applies.
        Ok(Answer::new(ok, said, Some(id.to_owned()), &outcome))
    }

    /// What the sandbox's simulated phone and mailbox received, oldest first.
    pub async fn outbox(&self, to: Option<&str>) -> Result<Vec<OutboxMessage>, AdminError> {
        let base = self.sandbox_url.as_deref().ok_or(AdminError::NoSandbox)?;
        let base = url::Url::parse(base).map_err(|err| PinError::Invalid(err.to_string()))?;
        // The outbox is the sandbox's, not a provider call: it stays out of the exchange log.
        let transport = Transport::new(Provider::Sinch, self.settings, ExchangeLog::new())?;
        let mut client = SandboxClient::new(transport, base);
        if let Some(token) = &self.sandbox_token {
            client = client.with_token(token.clone());
        }
        Ok(client.outbox(to).await?)
    }

    /// Starts (or restarts) the callback receiver for Sinch profile `name`; for the
    /// built-in sandbox's profile, also points the sandbox's application at it.
    pub async fn start_callbacks(
        &self,
        name: &str,
        rule: Rule,
    ) -> Result<CallbackView, AdminError> {
        let (profile, secret) = self.profile_and_secret(name)?;
        let (Provider::Sinch, Some(key)) = (profile.provider, profile.key.clone()) else {
            return Err(PinError::Invalid(format!("{name:?} is not a Sinch profile")).into());
        };
        self.stop_callbacks().await?;
        let receiver = CallbackReceiver::start(
            &key,
            secret,
            rule,
            std::time::Duration::from_secs(ASK_WAIT_SECONDS),
        )
        .await
        .map_err(|e| AdminError::Receiver(e.to_string()))?;
        let builtin = self.builtin.iter().any(|(p, _)| p.name == name);
        if builtin {
            self.sandbox_client()?
                .set_sinch_callback(&key, Some(receiver.url()), SANDBOX_CALLBACK_WAIT_SECONDS)
                .await?;
        }
        *self.receiver_slot() = Some((name.to_owned(), receiver, builtin));
        Ok(self.callbacks())
    }

    /// Stops the receiver (and unwires the built-in sandbox).
    pub async fn stop_callbacks(&self) -> Result<(), AdminError> {
        let old = self.receiver_slot().take();
        if let Some((_, receiver, true)) = &old {
            self.sandbox_client()?
                .set_sinch_callback(receiver.key(), None, 5)
                .await?;
        }
        Ok(())
    }

    /// The receiver's state and events.
    pub fn callbacks(&self) -> CallbackView {
        match self.receiver_slot().as_ref() {
            Some((profile, receiver, wired)) => CallbackView {
                profile: Some(profile.clone()),
                url: Some(receiver.url().to_owned()),
                sandbox_wired: *wired,
                rule: receiver.rule(),
                events: receiver.events(),
            },
            None => CallbackView {
                profile: None,
                url: None,
                sandbox_wired: false,
                rule: Rule::Ask,
                events: Vec::new(),
            },
        }
    }

    /// Changes how request events are answered.
    pub fn set_callback_rule(&self, rule: Rule) -> CallbackView {
        if let Some((_, receiver, _)) = self.receiver_slot().as_ref() {
            receiver.set_rule(rule);
        }
        self.callbacks()
    }

    /// The administrator's answer to a waiting request event.
    pub fn decide_callback(&self, seq: u32, action: Action) -> Result<CallbackView, AdminError> {
        let answered = self
            .receiver_slot()
            .as_ref()
            .is_some_and(|(_, receiver, _)| receiver.decide(seq, action));
        if !answered {
            return Err(PinError::Invalid(format!(
                "callback {seq} is not waiting for an answer (answered, timed out, or unknown)"
            ))
            .into());
        }
        Ok(self.callbacks())
    }

    /// Makes the next `count` requests for `to` on the built-in sandbox meet `fault`.
    pub async fn inject_fault(
        &self,
        to: &str,
        fault: &Fault,
        count: u32,
    ) -> Result<(), AdminError> {
        Ok(self
            .sandbox_client()?
            .inject_fault(to, fault, count)
            .await?)
    }

    fn sandbox_client(&self) -> Result<SandboxClient, AdminError> {
        let base = self.sandbox_url.as_deref().ok_or(AdminError::NoSandbox)?;
        let base = url::Url::parse(base).map_err(|err| PinError::Invalid(err.to_string()))?;
        let transport = Transport::new(Provider::Sinch, self.settings, ExchangeLog::new())?;
        let mut client = SandboxClient::new(transport, base);
        if let Some(token) = &self.sandbox_token {
            client = client.with_token(token.clone());
        }
        Ok(client)
    }

    fn receiver_slot(&self) -> std::sync::MutexGuard<'_, Option<(String, CallbackReceiver, bool)>> {
        self.receiver
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Every exchange so far, oldest first, redacted.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log.entries()
    }

    /// Empties the exchange log.
    pub fn clear_exchanges(&self) {
        self.log.clear();
    }

    fn infobip(&self, name: &str) -> Result<crate::infobip::InfobipClient, AdminError> {
        match self.client(name)? {
            PinClient::Infobip(client) => Ok(client),
            _ => Err(PinError::Invalid(format!("{name:?} is not an Infobip profile")).into()),
        }
    }

    fn auth365(&self, name: &str) -> Result<crate::auth365::Auth365Client, AdminError> {
        match self.client(name)? {
            PinClient::Auth365(client) => Ok(client),
            _ => Err(PinError::Invalid(format!("{name:?} is not an Auth365 profile")).into()),
        }
    }

    /// The cached client for `name`, connected on first use.
    fn client(&self, name: &str) -> Result<PinClient, AdminError> {
        if let Some(client) = self.clients().get(name) {
            return Ok(client.clone());
        }
        let (profile, secret) = self.profile_and_secret(name)?;
        let client = profile.connect(secret, self.settings, self.log.clone())?;
        // Two first calls may race here: the first client stored wins, so both share one
        // (and one Auth365 token).
        Ok(self
            .clients()
            .entry(name.to_owned())
            .or_insert(client)
            .clone())
    }

    fn profile_and_secret(&self, name: &str) -> Result<(Profile, Zeroizing<String>), AdminError> {
        Ok(
            match self
                .builtin
                .iter()
                .find(|(profile, _)| profile.name == name)
            {
                Some((profile, secret)) => (profile.clone(), secret.clone()),
                None => {
                    let profile = self.store.get(name)?;
                    // Checked against this very profile: a hand-edited address is refused.
                    let secret = self.store.secret(&profile)?;
                    (profile, secret)
                }
            },
        )
    }

    fn clients(&self) -> std::sync::MutexGuard<'_, HashMap<String, PinClient>> {
        self.clients
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn refuse_builtin(&self, name: &str) -> Result<(), AdminError> {
        if self.builtin.iter().any(|(profile, _)| profile.name == name) {
            return Err(AdminError::Builtin(name.to_owned()));
        }
        Ok(())
    }
}
