//! Provider profiles: which API, where, and as whom. The non-secret part lives in
//! `pin-profiles.json` beside the vault; the secret (Sinch application secret, Infobip
//! API key, Auth365 client secret) lives in the OS keyring, sealed with the provider and
//! base URL it was saved for, so a hand-edited file cannot send it to another host.
//! Writers of the file take `pin-profiles.lock` and re-read the file under it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use watchword_core::vault::keyring::{self, KeyringError};
use zeroize::Zeroizing;

use crate::auth365::{Auth365Client, Auth365Credentials};
use crate::error::PinError;
use crate::exchange::ExchangeLog;
use crate::infobip::InfobipClient;
use crate::provider::Provider;
use crate::sinch::{AuthScheme, SinchClient, SinchCredentials};
use crate::transport::{HttpSettings, Transport};

/// The keyring service profile secrets are stored under.
pub const KEYRING_SERVICE: &str = "app.watchword.pin";

/// The file profiles are kept in, inside the vault folder.
pub const FILE_NAME: &str = "pin-profiles.json";

/// The first line of every keyring item this crate writes: the item goes on with the
/// provider and normalized base URL the secret was saved for, then the secret, so a
/// profile edited by hand to name another host cannot carry the secret there.
pub const ITEM_HEADER: &str = "watchword-pin-secret/1";

/// The lock file every writer of [`FILE_NAME`] holds while it reads, changes and writes
/// it, so two processes (the CLI and the desktop) saving at once cannot lose a profile.
pub const LOCK_FILE_NAME: &str = "pin-profiles.lock";

/// One provider account to send PINs through.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// A unique name the user picks.
    pub name: String,
    /// Which API.
    pub provider: Provider,
    /// Where the API is (`https://verification.api.sinch.com`, a sandbox on loopback…).
    pub base_url: String,
    /// Sinch application key or Auth365 client id; none for Infobip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Sinch only: Basic or signed requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<AuthScheme>,
    /// Auth365 only: the account every call names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<u64>,
}

/// A connected client for one profile's provider.
#[derive(Debug, Clone)]
pub enum PinClient {
    /// Sinch Verification.
    Sinch(SinchClient),
    /// Infobip 2FA.
    Infobip(InfobipClient),
    /// Auth365.
    Auth365(Auth365Client),
}

impl Profile {
    /// Checks the profile is complete for its provider, naming what is missing.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("a profile needs a name".into());
        }
        let url = url::Url::parse(&self.base_url)
            .map_err(|err| format!("the base URL {:?} is not a URL: {err}", self.base_url))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "the base URL must be http or https, not {}",
                url.scheme()
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("put credentials in the profile's key and secret, not in the URL".into());
        }
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        if url.scheme() == "http" && !loopback {
            return Err("a provider outside this computer must be reached over https".into());
        }
        match self.provider {
            Provider::Sinch if self.key.as_deref().is_none_or(str::is_empty) => {
                Err("a Sinch profile needs the application key".into())
            }
            Provider::Auth365 if self.key.as_deref().is_none_or(str::is_empty) => {
                Err("an Auth365 profile needs the client id".into())
            }
            Provider::Auth365 if self.account_id.is_none() => {
                Err("an Auth365 profile needs the account id".into())
            }
            _ => Ok(()),
        }
    }

    /// A client for this profile with `secret`, recording exchanges into `log`.
    pub fn connect(
        &self,
        secret: Zeroizing<String>,
        settings: HttpSettings,
        log: ExchangeLog,
    ) -> Result<PinClient, PinError> {
        self.validate().map_err(PinError::Invalid)?;
        let base = url::Url::parse(&self.base_url)
            .map_err(|err| PinError::Invalid(format!("bad base URL: {err}")))?;
        let transport = Transport::new(self.provider, settings, log)?;
        let key = self.key.clone().unwrap_or_default();
        Ok(match self.provider {
            Provider::Sinch => PinClient::Sinch(SinchClient::new(
                transport,
                base,
                SinchCredentials {
                    key,
                    secret,
                    scheme: self.scheme.unwrap_or(AuthScheme::Signed),
                },
            )),
            Provider::Infobip => PinClient::Infobip(InfobipClient::new(transport, base, secret)),
            Provider::Auth365 => PinClient::Auth365(Auth365Client::new(
                transport,
                base,
                Auth365Credentials {
                    client_id: key,
                    client_secret: secret,
                    account_id: self.account_id.unwrap_or_default(),
                },
            )),
        })
    }
}

/// Why a profile could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// No profile has that name.
    #[error("no PIN provider profile is named {0:?}")]
    NotFound(String),
    /// The profile is incomplete or wrong.
    #[error("{0}")]
    Invalid(String),
    /// The profiles file could not be read or written.
    #[error("the PIN profiles file {path}: {reason}")]
    File {
        /// Which file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The profile names another provider or base URL than its stored secret was saved
    /// for (the profiles file was edited by hand, or by something else): the secret is
    /// not sent anywhere until the user enters it again for the new place.
    #[error(
        "profile {name:?} names another provider or base URL than its secret was saved for \
         (was {FILE_NAME} edited?); the secret is not sent there: give its secret again"
    )]
    SecretBoundElsewhere {
        /// Which profile.
        name: String,
    },
    /// The keyring item does not say which provider and base URL its secret belongs to
    /// (stored by an older Watchword, or damaged), so it cannot be trusted with any.
    #[error(
        "the secret of profile {name:?} does not say which provider and base URL it was \
         saved for; give its secret again"
    )]
    SecretUnbound {
        /// Which profile.
        name: String,
    },
    /// The secret could not be stored or read.
    #[error("the secret of profile {name:?}: {source}")]
    Keyring {
        /// Which profile.
        name: String,
        /// What the keyring said.
        source: KeyringError,
    },
}

/// The profiles of one vault folder.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    file: PathBuf,
    lock: PathBuf,
}

impl ProfileStore {
    /// The store beside the vault in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            file: dir.join(FILE_NAME),
            lock: dir.join(LOCK_FILE_NAME),
        }
    }

    /// Every profile, in the order they were added.
    pub fn list(&self) -> Result<Vec<Profile>, ProfileError> {
        match std::fs::read(&self.file) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| self.file_error(err)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(err) => Err(self.file_error(err)),
        }
    }

    /// The profile called `name`.
    pub fn get(&self, name: &str) -> Result<Profile, ProfileError> {
        self.list()?
            .into_iter()
            .find(|profile| profile.name == name)
            .ok_or_else(|| ProfileError::NotFound(name.to_owned()))
    }

    /// Adds or replaces a profile; its secret goes to the keyring (kept if `None`).
    pub fn save(
        &self,
        profile: Profile,
        secret: Option<Zeroizing<String>>,
    ) -> Result<(), ProfileError> {
        profile.validate().map_err(ProfileError::Invalid)?;
        // Read under the lock, so a profile another writer just saved is kept.
        let _lock = self.lock()?;
        let mut profiles = self.list()?;
        let binding = Binding::of(&profile)?;
        let known = profiles.iter().find(|known| known.name == profile.name);
        // The stored secret may only stay with the same provider at the same address:
        // otherwise a changed URL would carry the old key to a new host.
        let same_place =
            known.is_some_and(|known| Binding::of(known).ok() == Some(binding.clone()));
        match secret {
            Some(secret) => {
                keyring::store_text(KEYRING_SERVICE, &user(&profile.name), binding.seal(&secret))
                    .map_err(|source| ProfileError::Keyring {
                        name: profile.name.clone(),
                        source,
                    })?
            }
            // The file may have been edited since the secret was saved: the item decides.
            None if same_place => drop(self.secret(&profile)?),
            None => {
                return Err(ProfileError::Invalid(format!(
                    "profile {:?} is new or points somewhere new: give its secret",
                    profile.name
                )));
            }
        }
        match profiles.iter_mut().find(|known| known.name == profile.name) {
            Some(known) => *known = profile,
            None => profiles.push(profile),
        }
        self.write(&profiles)
    }

    /// Removes a profile and its secret.
    pub fn remove(&self, name: &str) -> Result<(), ProfileError> {
        // The secret is deleted under the lock too, so a save of the same name racing
        // this removal cannot lose its new secret.
        let _lock = self.lock()?;
        let mut profiles = self.list()?;
        let before = profiles.len();
        profiles.retain(|profile| profile.name != name);
        if profiles.len() == before {
            return Err(ProfileError::NotFound(name.to_owned()));
        }
        self.write(&profiles)?;
        keyring::delete_entry(KEYRING_SERVICE, &user(name)).map_err(|source| {
            ProfileError::Keyring {
                name: name.to_owned(),
                source,
            }
        })
    }

    /// The profile's secret from the keyring, only if it was saved for this profile's
    /// provider and base URL: a profile edited by hand to point elsewhere is refused
    /// with [`ProfileError::SecretBoundElsewhere`] before any request is made.
    pub fn secret(&self, profile: &Profile) -> Result<Zeroizing<String>, ProfileError> {
        let expected = Binding::of(profile)?;
        let item = keyring::load_text(KEYRING_SERVICE, &user(&profile.name)).map_err(|source| {
            ProfileError::Keyring {
                name: profile.name.clone(),
                source,
            }
        })?;
        expected.unseal(&item, &profile.name)
    }

    /// Takes the writers' lock (blocking until other writers finish); released on drop.
    fn lock(&self) -> Result<std::fs::File, ProfileError> {
        let error = |err: std::io::Error| ProfileError::File {
            path: self.lock.clone(),
            reason: err.to_string(),
        };
        if let Some(dir) = self.lock.parent() {
            watchword_core::files::create_private_dir(dir).map_err(error)?;
        }
        let file = watchword_core::files::open_private(&self.lock).map_err(error)?;
        file.lock().map_err(error)?;
        Ok(file)
    }

    fn write(&self, profiles: &[Profile]) -> Result<(), ProfileError> {
        let bytes = serde_json::to_vec_pretty(profiles).map_err(|err| self.file_error(err))?;
        watchword_core::files::write_private(&self.file, &bytes).map_err(|err| self.file_error(err))
    }

    fn file_error(&self, err: impl std::fmt::Display) -> ProfileError {
        ProfileError::File {
            path: self.file.clone(),
            reason: err.to_string(),
        }
    }
}

fn user(name: &str) -> String {
    format!("profile/{name}")
}

/// The provider and normalized base URL a stored secret belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    provider: Provider,
    base_url: String,
}

impl Binding {
    /// Where `profile` sends its secret. The URL is normalized as the clients use it
    /// (scheme and host lowercased, default port dropped, no trailing slash), so only a
    /// real change of address counts as one.
    fn of(profile: &Profile) -> Result<Self, ProfileError> {
        let url = url::Url::parse(&profile.base_url).map_err(|err| {
            ProfileError::Invalid(format!(
                "the base URL {:?} is not a URL: {err}",
                profile.base_url
            ))
        })?;
        Ok(Self {
            provider: profile.provider,
            base_url: url.as_str().trim_end_matches('/').to_owned(),
        })
    }

    /// The keyring item for `secret`: header, provider, URL, then the secret (which may
    /// hold anything, newlines included). Built in one allocation, so no stray copy of
    /// the secret is left behind by a reallocation.
    fn seal(&self, secret: &str) -> Zeroizing<String> {
        let provider = self.provider.as_str();
        let mut item = Zeroizing::new(String::with_capacity(
            ITEM_HEADER.len() + provider.len() + self.base_url.len() + secret.len() + 3,
        ));
        for part in [
            ITEM_HEADER,
            "\n",
            provider,
            "\n",
            &self.base_url,
            "\n",
            secret,
        ] {
            item.push_str(part);
        }
        item
    }

    /// The secret in `item`, if it was sealed for this binding; `name` is the profile
    /// the errors name. The URL never holds a newline (the parser drops them).
    fn unseal(&self, item: &str, name: &str) -> Result<Zeroizing<String>, ProfileError> {
        let mut parts = item.splitn(4, '\n');
        let (Some(ITEM_HEADER), Some(provider), Some(base_url), Some(secret)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ProfileError::SecretUnbound {
                name: name.to_owned(),
            });
        };
        if provider != self.provider.as_str() || base_url != self.base_url {
            return Err(ProfileError::SecretBoundElsewhere {
                name: name.to_owned(),
            });
        }
        Ok(Zeroizing::new(secret.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sinch() -> Profile {
        Profile {
            name: "prod".into(),
            provider: Provider::Sinch,
            base_url: "https://verification.api.sinch.com".into(),
            key: Some("k".into()),
            scheme: Some(AuthScheme::Signed),
            account_id: None,
        }
    }

    #[test]
    fn incomplete_profiles_name_what_is_missing() {
        let mut profile = sinch();
        profile.key = None;
        assert!(profile.validate().unwrap_err().contains("application key"));
        let mut profile = sinch();
        profile.base_url = "ftp://x".into();
        assert!(profile.validate().unwrap_err().contains("http"));
        let auth = Profile {
            provider: Provider::Auth365,
            account_id: None,
            ..sinch()
        };
        assert!(auth.validate().unwrap_err().contains("account id"));
        assert!(sinch().validate().is_ok());
    }

    #[test]
    fn a_new_profile_without_a_secret_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::in_dir(dir.path());
        let err = store.save(sinch(), None).unwrap_err();
        assert!(err.to_string().contains("give its secret"));
        let mut leaky = sinch();
        leaky.base_url = "https://user:pw@verification.api.sinch.com".into();
        assert!(leaky.validate().unwrap_err().contains("not in the URL"));
        leaky.base_url = "http://example.test".into();
        assert!(leaky.validate().unwrap_err().contains("https"));
        leaky.base_url = "http://127.0.0.1:8080".into();
        assert!(leaky.validate().is_ok());
        assert!(store.list().unwrap().is_empty());
        // The writers' lock was taken, and its file is the owner's alone.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let lock = std::fs::metadata(dir.path().join(LOCK_FILE_NAME)).unwrap();
            assert_eq!(lock.permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_provider_and_address() {
        let mut profile = sinch();
        profile.base_url = "HTTPS://Verification.API.sinch.com:443/v1/".into();
        let item = Binding::of(&profile).unwrap().seal("line one\nline two");
        assert!(item.starts_with(ITEM_HEADER));
        // The same place written another way opens it, the secret whole.
        profile.base_url = "https://verification.api.sinch.com/v1".into();
        let binding = Binding::of(&profile).unwrap();
        assert_eq!(
            binding.unseal(&item, "prod").unwrap().as_str(),
            "line one\nline two"
        );
        // Another host, path or provider does not.
        for (provider, url) in [
            (Provider::Sinch, "https://attacker.example/v1"),
            (Provider::Sinch, "https://verification.api.sinch.com/v2"),
            (Provider::Sinch, "http://127.0.0.1:9/v1"),
            (Provider::Infobip, "https://verification.api.sinch.com/v1"),
        ] {
            let moved = Profile {
                provider,
                base_url: url.into(),
                ..sinch()
            };
            let err = Binding::of(&moved)
                .unwrap()
                .unseal(&item, "prod")
                .unwrap_err();
            assert!(
                matches!(&err, ProfileError::SecretBoundElsewhere { name } if name == "prod"),
                "{url}: {err}"
            );
            assert!(!format!("{err} {err:?}").contains("line one"));
        }
        // An item without the binding (an older Watchword's) is not trusted either.
        let err = binding.unseal("bare-secret", "prod").unwrap_err();
        assert!(matches!(err, ProfileError::SecretUnbound { .. }), "{err}");
        assert!(!format!("{err} {err:?}").contains("bare-secret"));
    }

    #[test]
    fn a_damaged_profiles_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        let err = ProfileStore::in_dir(dir.path()).list().unwrap_err();
        assert!(err.to_string().contains(FILE_NAME), "{err}");
    }
}
