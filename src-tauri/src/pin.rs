//! The PIN console's state: the administrator's session, with the built-in sandbox
//! started on a loopback port the first time the console is opened (not at launch, so
//! the window opens as fast as before), its state in memory for the app's life.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use watchword_core::VaultDir;
use watchword_pin::admin::{Admin, ProfileView, SandboxCredentials};
use watchword_pin::auth365::SoftTokenRequest;
use watchword_pin::infobip::{Application, MessageTemplate};
use watchword_pin::{HttpSettings, ProfileStore};
use watchword_sandbox::{RunningSandbox, SandboxConfig, SinchApp, SinchAppOptions, Storage};
use zeroize::Zeroizing;

use crate::error::{CommandError, ErrorKind};
use crate::session::Session;

/// The console's opening view.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Console {
    /// The built-in sandbox's profiles first, then the user's.
    profiles: Vec<ProfileView>,
    /// Why the sandbox is not running, if it is not.
    sandbox_problem: Option<String>,
}

/// An Infobip application with its templates.
#[derive(Debug, Serialize, specta::Type)]
pub(crate) struct CatalogEntry {
    application: Application,
    templates: Vec<MessageTemplate>,
}

/// A soft token to create and enroll.
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SoftTokenForm {
    user_id: String,
    issuer: Option<String>,
    /// `SHA1`, `SHA256` or `SHA512` (none: the server's default).
    #[serde(default)]
    algorithm: Option<String>,
    /// 6–8.
    #[serde(default)]
    digits: Option<u8>,
    /// Seconds per code, 15–120.
    #[serde(default)]
    period: Option<u32>,
}

/// What enrolling a soft token gives the UI: the server's id and the usual preview.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SoftTokenEnrollment {
    soft_token_id: String,
    preview: crate::session::Staged,
}

/// The console's session and the sandbox it owns.
pub(crate) struct PinState {
    dir: VaultDir,
    started: OnceCell<Started>,
}

struct Started {
    admin: Arc<Admin>,
    /// Kept so the server lives as long as the app; `None` when it could not start.
    _sandbox: Option<RunningSandbox>,
    /// Why the sandbox is not running, shown in the console.
    sandbox_problem: Option<String>,
}

impl PinState {
    /// State for the vault folder `dir` (profiles and the sandbox's database live there).
    pub(crate) fn new(dir: VaultDir) -> Self {
        Self {
            dir,
            started: OnceCell::new(),
        }
    }

    /// Whether the user saved a provider profile (read from the file; the sandbox is
    /// not started for this, so asking costs nothing at launch).
    pub(crate) fn has_profiles(&self) -> Result<bool, CommandError> {
        let store = ProfileStore::in_dir(self.dir.root());
        Ok(!store
            .list()
            .map_err(watchword_pin::admin::AdminError::from)?
            .is_empty())
    }

    /// The session, starting the sandbox on first use.
    pub(crate) async fn admin(&self) -> Arc<Admin> {
        self.started().await.admin.clone()
    }

    /// Why the built-in sandbox is not running, if it is not.
    pub(crate) async fn sandbox_problem(&self) -> Option<String> {
        self.started().await.sandbox_problem.clone()
    }

    /// The console's opening view (starting the sandbox the first time).
    pub(crate) async fn console(&self) -> Result<Console, CommandError> {
        Ok(Console {
            profiles: self.admin().await.profiles()?,
            sandbox_problem: self.sandbox_problem().await,
        })
    }

    /// Adds or replaces a profile (an empty `secret` keeps the stored one); the list after.
    pub(crate) async fn save_profile(
        &self,
        profile: watchword_pin::Profile,
        secret: Option<String>,
    ) -> Result<Vec<ProfileView>, CommandError> {
        let admin = self.admin().await;
        let secret = secret.filter(|text| !text.is_empty()).map(Zeroizing::new);
        admin.save_profile(profile, secret)?;
        Ok(admin.profiles()?)
    }

    /// Removes a profile and its secret; the list after.
    pub(crate) async fn remove_profile(
        &self,
        name: &str,
    ) -> Result<Vec<ProfileView>, CommandError> {
        let admin = self.admin().await;
        admin.remove_profile(name)?;
        Ok(admin.profiles()?)
    }

    /// An Infobip profile's applications with their templates (a default pair created on request).
    pub(crate) async fn infobip_catalog(
        &self,
        profile: &str,
        create_default: bool,
    ) -> Result<Vec<CatalogEntry>, CommandError> {
        let catalog = self
            .admin()
            .await
            .infobip_catalog(profile, create_default)
            .await?;
        Ok(catalog
            .into_iter()
            .map(|(application, templates)| CatalogEntry {
                application,
                templates,
            })
            .collect())
    }

    /// Creates an Infobip application (`id` none) or replaces one.
    pub(crate) async fn save_infobip_application(
        &self,
        profile: &str,
        id: Option<&str>,
        app: &Application,
    ) -> Result<Application, CommandError> {
        let admin = self.admin().await;
        Ok(admin.save_infobip_application(profile, id, app).await?)
    }

    /// Creates a message template in application `app` (`id` none) or replaces one.
    pub(crate) async fn save_infobip_template(
        &self,
        profile: &str,
        app: &str,
        id: Option<&str>,
        template: &MessageTemplate,
    ) -> Result<MessageTemplate, CommandError> {
        let admin = self.admin().await;
        Ok(admin
            .save_infobip_template(profile, app, id, template)
            .await?)
    }

    /// Creates a soft token on the server and stages its QR code as the enroll preview.
    pub(crate) async fn enroll_soft_token(
        &self,
        session: &Session,
        profile: &str,
        form: SoftTokenForm,
    ) -> Result<SoftTokenEnrollment, CommandError> {
        let request = SoftTokenRequest {
            user_id: form.user_id,
            issuer: form.issuer.filter(|issuer| !issuer.is_empty()),
            algorithm: form.algorithm.filter(|algorithm| !algorithm.is_empty()),
            digits: form.digits,
            period: form.period,
        };
        let created = self
            .admin()
            .await
            .create_soft_token(profile, &request)
            .await?;
        let png = Zeroizing::new(
            base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                created.qr_png.as_bytes(),
            )
            .map_err(|_| {
                CommandError::new(ErrorKind::PinGarbage, "The server's QR code is not base64.")
            })?,
        );
        Ok(SoftTokenEnrollment {
            soft_token_id: created.soft_token_id,
            preview: session.stage_picture(&png, "the server's QR code")?,
        })
    }

    async fn started(&self) -> &Started {
        self.started.get_or_init(|| start(self.dir.clone())).await
    }
}

async fn start(dir: VaultDir) -> Started {
    let mut admin = Admin::new(ProfileStore::in_dir(dir.root()), HttpSettings::default());
    let started = match SandboxCredentials::generate() {
        Ok(credentials) => {
            let config = SandboxConfig {
                infobip_keys: vec![credentials.infobip_key.to_string()],
                sinch_apps: vec![SinchApp {
                    key: credentials.sinch_key.clone(),
                    secret_base64: credentials.sinch_secret.to_string(),
                    options: SinchAppOptions::default(),
                }],
                auth365_clients: vec![watchword_sandbox::Auth365Client {
                    id: credentials.auth365_id.clone(),
                    secret: credentials.auth365_secret.to_string(),
                }],
                // In memory: its soft tokens' TOTP secrets must not sit in a plain
                // SQLite file beside the vault (a folder that may be synced).
                storage: Storage::Memory,
                // A fresh random run token; the console gets it below.
                sandbox_token: None,
            };
            let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            match watchword_sandbox::start(config, loopback).await {
                Ok(sandbox) => {
                    admin.attach_sandbox(&sandbox.base_url(), sandbox.token(), &credentials);
                    Ok(sandbox)
                }
                Err(err) => Err(err.to_string()),
            }
        }
        Err(err) => Err(err.to_string()),
    };
    let (sandbox, sandbox_problem) = match started {
        Ok(sandbox) => (Some(sandbox), None),
        Err(problem) => (
            None,
            Some(format!("The built-in sandbox could not start: {problem}")),
        ),
    };
    Started {
        admin: Arc::new(admin),
        _sandbox: sandbox,
        sandbox_problem,
    }
}
