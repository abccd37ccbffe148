//! The PIN console: profiles, send, verify, status, the sandbox's outbox, the exchange
//! log and soft tokens. Each command is one call into `watchword-pin`'s admin session.

use serde::{Deserialize, Serialize};
use tauri::State;
use watchword_core::enroll::{Findings, Preview};
use watchword_pin::admin::{AdminError, ProfileView};
use watchword_pin::auth365::{SoftTokenInfo, SoftTokenRequest};
use watchword_pin::console::{Answer, SendForm, StatusForm, VerifyForm};
use watchword_pin::infobip::{Application, MessageTemplate};
use watchword_pin::sandbox::OutboxMessage;
use watchword_pin::{Exchange, PinError, Profile};
use zeroize::Zeroizing;

use crate::commands::enroll::hold;
use crate::error::CommandError;
use crate::pin::PinState;
use crate::state::AppState;

impl From<AdminError> for CommandError {
    fn from(error: AdminError) -> Self {
        let kind = match &error {
            AdminError::Pin(PinError::Provider { .. }) => "pin_provider",
            AdminError::Pin(PinError::Unreachable { .. }) => "pin_unreachable",
            AdminError::Pin(PinError::Timeout { .. }) => "pin_timeout",
            AdminError::Pin(PinError::Garbage { .. }) => "pin_garbage",
            AdminError::Pin(PinError::Invalid(_)) => "pin_invalid",
            AdminError::Profile(_) | AdminError::Builtin(_) => "pin_profile",
            AdminError::NoSandbox => "pin_no_sandbox",
        };
        Self::new(kind, error.to_string())
    }
}

/// The console's opening view.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Console {
    /// The built-in sandbox's profiles first, then the user's.
    profiles: Vec<ProfileView>,
    /// Why the sandbox is not running, if it is not.
    sandbox_problem: Option<String>,
}

/// Opens the console (starting the sandbox the first time).
#[tauri::command]
pub async fn pin_console(pin: State<'_, PinState>) -> Result<Console, CommandError> {
    let admin = pin.admin().await;
    Ok(Console {
        profiles: admin.profiles()?,
        sandbox_problem: pin.sandbox_problem().await,
    })
}

/// Adds or replaces a profile; a `secret` of `None` keeps the stored one.
#[tauri::command]
pub async fn pin_profile_save(
    pin: State<'_, PinState>,
    profile: Profile,
    secret: Option<String>,
) -> Result<Vec<ProfileView>, CommandError> {
    let admin = pin.admin().await;
    let secret = secret.filter(|text| !text.is_empty()).map(Zeroizing::new);
    admin.save_profile(profile, secret)?;
    Ok(admin.profiles()?)
}

/// Removes a profile and its secret.
#[tauri::command]
pub async fn pin_profile_remove(
    pin: State<'_, PinState>,
    name: String,
) -> Result<Vec<ProfileView>, CommandError> {
    let admin = pin.admin().await;
    admin.remove_profile(&name)?;
    Ok(admin.profiles()?)
}

/// Sends a PIN.
#[tauri::command]
pub async fn pin_send(
    pin: State<'_, PinState>,
    profile: String,
    form: SendForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.send(&profile, &form).await?)
}

/// Checks a code.
#[tauri::command]
pub async fn pin_verify(
    pin: State<'_, PinState>,
    profile: String,
    form: VerifyForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.verify(&profile, &form).await?)
}

/// Looks a verification up.
#[tauri::command]
pub async fn pin_status(
    pin: State<'_, PinState>,
    profile: String,
    form: StatusForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.status(&profile, &form).await?)
}

/// An Infobip application with its templates.
#[derive(Debug, Serialize)]
pub struct CatalogEntry {
    application: Application,
    templates: Vec<MessageTemplate>,
}

/// An Infobip profile's applications and templates (a default pair created on request).
#[tauri::command]
pub async fn pin_infobip_catalog(
    pin: State<'_, PinState>,
    profile: String,
    create_default: bool,
) -> Result<Vec<CatalogEntry>, CommandError> {
    let catalog = pin
        .admin()
        .await
        .infobip_catalog(&profile, create_default)
        .await?;
    Ok(catalog
        .into_iter()
        .map(|(application, templates)| CatalogEntry {
            application,
            templates,
        })
        .collect())
}

/// The sandbox's simulated phone and mailbox.
#[tauri::command]
pub async fn pin_outbox(
    pin: State<'_, PinState>,
    to: Option<String>,
) -> Result<Vec<OutboxMessage>, CommandError> {
    Ok(pin
        .admin()
        .await
        .outbox(to.as_deref().filter(|to| !to.is_empty()))
        .await?)
}

/// Every request and response so far, redacted.
#[tauri::command]
pub async fn pin_exchanges(pin: State<'_, PinState>) -> Result<Vec<Exchange>, CommandError> {
    Ok(pin.admin().await.exchanges())
}

/// Empties the exchange log.
#[tauri::command]
pub async fn pin_clear_exchanges(pin: State<'_, PinState>) -> Result<(), CommandError> {
    pin.admin().await.clear_exchanges();
    Ok(())
}

/// A soft token to create and enroll.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenForm {
    user_id: String,
    issuer: Option<String>,
}

/// What enrolling a soft token gives the UI: the server's id and the usual preview.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftTokenEnrollment {
    soft_token_id: String,
    preview: Preview,
}

/// Creates a soft token on the server and reads its QR code into the enroll preview.
#[tauri::command]
pub async fn pin_softtoken_enroll(
    pin: State<'_, PinState>,
    state: State<'_, AppState>,
    profile: String,
    form: SoftTokenForm,
) -> Result<SoftTokenEnrollment, CommandError> {
    let request = SoftTokenRequest {
        user_id: form.user_id,
        issuer: form.issuer.filter(|issuer| !issuer.is_empty()),
        ..SoftTokenRequest::default()
    };
    let created = pin
        .admin()
        .await
        .create_soft_token(&profile, &request)
        .await?;
    let png = Zeroizing::new(
        base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            created.qr_png.as_bytes(),
        )
        .map_err(|_| CommandError::new("pin_garbage", "The server's QR code is not base64."))?,
    );
    let found = Findings::from_encoded_picture(&png, "the server's QR code")?;
    Ok(SoftTokenEnrollment {
        soft_token_id: created.soft_token_id,
        preview: hold(&state, found)?,
    })
}

/// A user's soft tokens on the server.
#[tauri::command]
pub async fn pin_softtoken_list(
    pin: State<'_, PinState>,
    profile: String,
    user_id: String,
) -> Result<Vec<SoftTokenInfo>, CommandError> {
    Ok(pin.admin().await.soft_tokens(&profile, &user_id).await?)
}

/// Checks a soft token's code on the server.
#[tauri::command]
pub async fn pin_softtoken_validate(
    pin: State<'_, PinState>,
    profile: String,
    id: String,
    code: String,
) -> Result<Answer, CommandError> {
    Ok(pin
        .admin()
        .await
        .validate_soft_token(&profile, &id, &code)
        .await?)
}
