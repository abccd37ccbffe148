//! The PIN console's state: the administrator's session, with the built-in sandbox
//! started on a loopback port the first time the console is opened (not at launch, so
//! the window opens as fast as before), its state in memory for the app's life.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::sync::OnceCell;
use watchword_core::VaultDir;
use watchword_pin::admin::{Admin, SandboxCredentials};
use watchword_pin::{HttpSettings, ProfileStore};
use watchword_sandbox::{RunningSandbox, SandboxConfig, SinchApp, SinchAppOptions, Storage};

/// The console's session and the sandbox it owns.
pub struct PinState {
    dir: VaultDir,
    session: OnceCell<Session>,
}

struct Session {
    admin: Arc<Admin>,
    /// Kept so the server lives as long as the app; `None` when it could not start.
    _sandbox: Option<RunningSandbox>,
    /// Why the sandbox is not running, shown in the console.
    sandbox_problem: Option<String>,
}

impl PinState {
    /// State for the vault folder `dir` (profiles and the sandbox's database live there).
    pub fn new(dir: VaultDir) -> Self {
        Self {
            dir,
            session: OnceCell::new(),
        }
    }

    /// The session, starting the sandbox on first use.
    pub async fn admin(&self) -> Arc<Admin> {
        self.session().await.admin.clone()
    }

    /// Why the built-in sandbox is not running, if it is not.
    pub async fn sandbox_problem(&self) -> Option<String> {
        self.session().await.sandbox_problem.clone()
    }

    async fn session(&self) -> &Session {
        self.session.get_or_init(|| start(self.dir.clone())).await
    }
}

async fn start(dir: VaultDir) -> Session {
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
            };
            let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            match watchword_sandbox::start(config, loopback).await {
                Ok(sandbox) => {
                    admin.attach_sandbox(&sandbox.base_url(), &credentials);
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
    Session {
        admin: Arc::new(admin),
        _sandbox: sandbox,
        sandbox_problem,
    }
}
