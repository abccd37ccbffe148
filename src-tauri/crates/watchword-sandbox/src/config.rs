//! What a sandbox serves: credentials, per-application options and where it keeps its state.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::SandboxError;
use crate::ratelimit::Limit;

/// Everything a sandbox needs at start; credentials listed here are (re)provisioned
/// into the database, so they persist across restarts with the same file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SandboxConfig {
    /// Infobip API keys (`Authorization: App {key}`). All keys share one set of
    /// applications, templates and PINs: the sandbox plays a single Infobip account.
    pub infobip_keys: Vec<String>,
    /// Sinch Verification applications (key, base64 secret, options).
    pub sinch_apps: Vec<SinchApp>,
    /// Authentication 365 OAuth2 clients.
    pub auth365_clients: Vec<Auth365Client>,
    /// Where the state lives.
    pub storage: Storage,
    /// The token `/sandbox/*` requires (`X-Sandbox-Token`), when the starter wants to
    /// choose it; `None` draws a random one each run (at least 16 visible ASCII characters).
    pub sandbox_token: Option<String>,
}

/// Where the sandbox keeps its state: SQLite either in memory (gone at exit) or in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Storage {
    /// `:memory:`; nothing survives the process.
    #[default]
    Memory,
    /// A SQLite file; applications, keys and pending verifications survive restarts.
    File(PathBuf),
}

impl Storage {
    /// The binary's default database: `$WATCHWORD_DIR/sandbox.sqlite` when `WATCHWORD_DIR`
    /// is set, else `watchword/sandbox.sqlite` in the platform's data folder.
    pub fn default_file() -> Storage {
        let dir = match std::env::var_os("WATCHWORD_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::data_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("watchword"),
        };
        Storage::File(dir.join("sandbox.sqlite"))
    }
}

/// A Sinch Verification application: its key, its secret (base64, as Sinch's dashboard
/// shows it; the HMAC key is the decoded bytes) and the account options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SinchApp {
    /// Application key (used in `Authorization`).
    pub key: String,
    /// Application secret, base64.
    pub secret_base64: String,
    /// Account options; defaults when absent.
    #[serde(default)]
    pub options: SinchAppOptions,
}

/// The per-application switches Sinch support sets on an account, plus the sandbox's limits.
/// Serialised camelCase (`PUT /sandbox/sinch/apps/{key}` takes this shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SinchAppOptions {
    /// Where VerificationRequestEvent and VerificationResultEvent are POSTed; also enables
    /// the public (unsigned) `Application {key}` authentication for start.
    pub callback_url: Option<String>,
    /// Return the flash call's full calling number in `flashCall.cliFilter`.
    pub return_full_cli: bool,
    /// Honour `smsOptions.code` (a caller-chosen code); else it is 400/40001.
    pub accept_custom_code: bool,
    /// Length of generated SMS and callout codes (default 4).
    #[schema(minimum = 4, maximum = 10)]
    pub code_length: usize,
    /// Wrong reports before a verification becomes FAIL for good (default 3).
    #[schema(minimum = 1, maximum = 100)]
    pub max_attempts: u32,
    /// Lifetime of a verification in seconds (default 300); `smsOptions.expiry` overrides it.
    #[schema(minimum = 1, maximum = 86400)]
    pub ttl_seconds: u64,
    /// Starts allowed per number in Infobip's `N/{length}{unit}` syntax (default `5/1m`);
    /// more is 429/42901.
    pub start_limit: String,
    /// How long the request event's answer may take (default 5 s, at most 60); longer
    /// lets a person answer it, as the desktop console's callback receiver asks.
    #[schema(minimum = 1, maximum = 60)]
    pub callback_timeout_seconds: u64,
}

impl Default for SinchAppOptions {
    fn default() -> Self {
        SinchAppOptions {
            callback_url: None,
            return_full_cli: false,
            accept_custom_code: false,
            code_length: 4,
            max_attempts: 3,
            ttl_seconds: 300,
            start_limit: "5/1m".to_owned(),
            callback_timeout_seconds: 5,
        }
    }
}

impl SinchAppOptions {
    /// Checks ranges, so a stored option set never breaks a request later.
    pub fn validate(&self) -> Result<(), String> {
        if !(4..=10).contains(&self.code_length) {
            return Err("codeLength must be 4 to 10".into());
        }
        if !(1..=100).contains(&self.max_attempts) {
            return Err("maxAttempts must be 1 to 100".into());
        }
        if !(1..=86_400).contains(&self.ttl_seconds) {
            return Err("ttlSeconds must be 1 to 86400".into());
        }
        Limit::parse(&self.start_limit).map_err(|e| format!("startLimit: {e}"))?;
        if !(1..=60).contains(&self.callback_timeout_seconds) {
            return Err("callbackTimeoutSeconds must be 1 to 60".into());
        }
        if let Some(url) = &self.callback_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err("callbackUrl must be an http(s) URL".into());
        }
        Ok(())
    }
}

/// An Authentication 365 API client (`Authorization: Basic id:secret` at `/oauth/token`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Auth365Client {
    /// Client id (the API key).
    pub id: String,
    /// Client secret.
    pub secret: String,
}

impl SandboxConfig {
    /// Builds a config from the binary's repeatable credential flags:
    /// `--infobip-key KEY`, `--sinch-app KEY:BASE64SECRET`, `--auth365-client ID:SECRET`.
    pub fn from_flags(
        infobip_keys: &[String],
        sinch_apps: &[String],
        auth365_clients: &[String],
        storage: Storage,
    ) -> Result<SandboxConfig, SandboxError> {
        let mut config = SandboxConfig {
            storage,
            ..SandboxConfig::default()
        };
        config.add_flags(infobip_keys, sinch_apps, auth365_clients)?;
        Ok(config)
    }

    /// Adds credentials given as flags to this config (after a config file's own).
    pub fn add_flags(
        &mut self,
        infobip_keys: &[String],
        sinch_apps: &[String],
        auth365_clients: &[String],
    ) -> Result<(), SandboxError> {
        for key in infobip_keys {
            self.infobip_keys.push(key.clone());
        }
        for flag in sinch_apps {
            let (key, secret) = split_pair(flag, "--sinch-app KEY:BASE64SECRET")?;
            self.sinch_apps.push(SinchApp {
                key,
                secret_base64: secret,
                options: SinchAppOptions::default(),
            });
        }
        for flag in auth365_clients {
            let (id, secret) = split_pair(flag, "--auth365-client ID:SECRET")?;
            self.auth365_clients.push(Auth365Client { id, secret });
        }
        self.validate()
    }

    /// Reads a JSON config file (camelCase fields as in this struct; `storage` is
    /// `"memory"` or `{"file": "path"}` and defaults to [`Storage::default_file`]).
    pub fn load(path: impl AsRef<Path>) -> Result<SandboxConfig, SandboxError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SandboxError::ConfigFile {
            path: path.to_owned(),
            source,
        })?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| SandboxError::Config(format!("{}: {e}", path.display())))?;
        let has_storage = value.get("storage").is_some();
        let mut config: SandboxConfig = serde_json::from_value(value)
            .map_err(|e| SandboxError::Config(format!("{}: {e}", path.display())))?;
        if !has_storage {
            config.storage = Storage::default_file();
        }
        config.validate()?;
        Ok(config)
    }

    /// Rejects empty keys, secrets that are not base64 and out-of-range options.
    pub fn validate(&self) -> Result<(), SandboxError> {
        for key in &self.infobip_keys {
            if key.trim().is_empty() {
                return Err(SandboxError::Config("empty Infobip key".into()));
            }
        }
        for app in &self.sinch_apps {
            if app.key.is_empty() || app.key.contains(':') {
                return Err(SandboxError::Config(
                    "a Sinch application key must be non-empty and without ':'".into(),
                ));
            }
            base64::engine::general_purpose::STANDARD
                .decode(&app.secret_base64)
                .map_err(|_| {
                    SandboxError::Config(format!(
                        "the secret of Sinch application {} is not base64",
                        app.key
                    ))
                })?;
            app.options
                .validate()
                .map_err(|e| SandboxError::Config(format!("Sinch application {}: {e}", app.key)))?;
        }
        if let Some(token) = &self.sandbox_token {
            crate::token::SandboxToken::parse(token)?;
        }
        for client in &self.auth365_clients {
            if client.id.is_empty() || client.id.contains(':') || client.secret.is_empty() {
                return Err(SandboxError::Config(
                    "an Auth365 client needs a non-empty id without ':' and a secret".into(),
                ));
            }
        }
        Ok(())
    }
}

fn split_pair(flag: &str, what: &str) -> Result<(String, String), SandboxError> {
    match flag.split_once(':') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_owned(), b.to_owned())),
        _ => Err(SandboxError::Config(format!("expected {what}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_validate() {
        let c = SandboxConfig::from_flags(
            &["k1".into(), "k2".into()],
            &["app:bXkta2V5LXNlY3JldA==".into()],
            &["id:se:cret".into()],
            Storage::Memory,
        )
        .unwrap();
        assert_eq!(c.infobip_keys, ["k1", "k2"]);
        assert_eq!(c.sinch_apps[0].key, "app");
        assert_eq!(c.sinch_apps[0].options, SinchAppOptions::default());
        assert_eq!(c.auth365_clients[0].secret, "se:cret");
        for bad in ["app", "app:", ":c2VjcmV0", "app:not base64!"] {
            assert!(
                SandboxConfig::from_flags(&[], &[bad.into()], &[], Storage::Memory).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn config_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(
            &path,
            r#"{"infobipKeys":["k"],"sinchApps":[{"key":"a","secretBase64":"c2VjcmV0",
               "options":{"returnFullCli":true,"ttlSeconds":60}}],
               "auth365Clients":[{"id":"c","secret":"s"}],"storage":"memory"}"#,
        )
        .unwrap();
        let c = SandboxConfig::load(&path).unwrap();
        assert_eq!(c.storage, Storage::Memory);
        assert!(c.sinch_apps[0].options.return_full_cli);
        assert_eq!(c.sinch_apps[0].options.ttl_seconds, 60);
        assert_eq!(c.sinch_apps[0].options.code_length, 4);
        std::fs::write(&path, r#"{"storage":{"file":"/tmp/x.sqlite"}}"#).unwrap();
        assert_eq!(
            SandboxConfig::load(&path).unwrap().storage,
            Storage::File("/tmp/x.sqlite".into())
        );
        std::fs::write(&path, r#"{"infobipKeys":["k"]}"#).unwrap();
        assert!(matches!(
            SandboxConfig::load(&path).unwrap().storage,
            Storage::File(_)
        ));
        std::fs::write(
            &path,
            r#"{"sinchApps":[{"key":"a","secretBase64":"c2VjcmV0","options":{"codeLength":2}}]}"#,
        )
        .unwrap();
        assert!(SandboxConfig::load(&path).is_err());
        std::fs::write(&path, r#"{"typo":1}"#).unwrap();
        assert!(SandboxConfig::load(&path).is_err());
        assert!(SandboxConfig::load(dir.path().join("missing.json")).is_err());
    }
}
