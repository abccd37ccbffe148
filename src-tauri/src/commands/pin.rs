//! The PIN console: profiles, send, verify, status, the sandbox's outbox, the
//! exchange log, soft tokens, Sinch callbacks and the sandbox's faults. Each is one call into the console's state.

use tauri::State;
use watchword_pin::admin::{CallbackView, ProfileView};
use watchword_pin::auth365::SoftTokenInfo;
use watchword_pin::console::{Answer, ResendForm, SendForm, StatusForm, VerifyForm};
use watchword_pin::infobip::{Application, MessageTemplate};
use watchword_pin::receiver::Rule;
use watchword_pin::sandbox::{Fault, OutboxMessage};
use watchword_pin::sinch::callback::Action;
use watchword_pin::{Exchange, Profile};

use crate::error::CommandError;
use crate::pin::{CatalogEntry, Console, PinState, SoftTokenEnrollment, SoftTokenForm};
use crate::session::Session;

/// Whether a provider profile exists (the PIN console's button shows then).
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_has_profiles(pin: State<'_, PinState>) -> Result<bool, CommandError> {
    pin.has_profiles()
}

/// Opens the console (starting the sandbox the first time).
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_console(pin: State<'_, PinState>) -> Result<Console, CommandError> {
    pin.console().await
}

/// Adds or replaces a profile; a `secret` of `None` keeps the stored one.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_profile_save(
    pin: State<'_, PinState>,
    profile: Profile,
    secret: Option<String>,
) -> Result<Vec<ProfileView>, CommandError> {
    pin.save_profile(profile, secret).await
}

/// Removes a profile and its secret.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_profile_remove(
    pin: State<'_, PinState>,
    name: String,
) -> Result<Vec<ProfileView>, CommandError> {
    pin.remove_profile(&name).await
}

/// Asks the provider to send a PIN to `form.to`.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_send(
    pin: State<'_, PinState>,
    profile: String,
    form: SendForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.send(&profile, &form).await?)
}

/// Asks the provider whether `form.code` is right.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_verify(
    pin: State<'_, PinState>,
    profile: String,
    form: VerifyForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.verify(&profile, &form).await?)
}

/// Asks the provider where a verification stands.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_status(
    pin: State<'_, PinState>,
    profile: String,
    form: StatusForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.status(&profile, &form).await?)
}

/// Asks Infobip to send the same PIN again.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_resend(
    pin: State<'_, PinState>,
    profile: String,
    form: ResendForm,
) -> Result<Answer, CommandError> {
    Ok(pin.admin().await.resend(&profile, &form).await?)
}

/// Creates an Infobip application (no `id`) or replaces one.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_infobip_app_save(
    pin: State<'_, PinState>,
    profile: String,
    id: Option<String>,
    app: Application,
) -> Result<Application, CommandError> {
    pin.save_infobip_application(&profile, id.as_deref(), &app)
        .await
}

/// Creates a message template in application `app` (no `id`) or replaces one.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_infobip_template_save(
    pin: State<'_, PinState>,
    profile: String,
    app: String,
    id: Option<String>,
    template: MessageTemplate,
) -> Result<MessageTemplate, CommandError> {
    pin.save_infobip_template(&profile, &app, id.as_deref(), &template)
        .await
}

/// An Infobip profile's applications and templates (a default pair created on request).
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_infobip_catalog(
    pin: State<'_, PinState>,
    profile: String,
    create_default: bool,
) -> Result<Vec<CatalogEntry>, CommandError> {
    pin.infobip_catalog(&profile, create_default).await
}

/// The sandbox's simulated phone and mailbox, for one recipient or all.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_outbox(
    pin: State<'_, PinState>,
    to: Option<String>,
) -> Result<Vec<OutboxMessage>, CommandError> {
    let to = to.filter(|to| !to.is_empty());
    Ok(pin.admin().await.outbox(to.as_deref()).await?)
}

/// Every request and response so far, redacted.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_exchanges(pin: State<'_, PinState>) -> Result<Vec<Exchange>, CommandError> {
    Ok(pin.admin().await.exchanges())
}

/// Empties the exchange log.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_clear_exchanges(pin: State<'_, PinState>) -> Result<(), CommandError> {
    pin.admin().await.clear_exchanges();
    Ok(())
}

/// Creates a soft token on the server and reads its QR code into the enroll preview.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_softtoken_enroll(
    pin: State<'_, PinState>,
    session: State<'_, Session>,
    profile: String,
    form: SoftTokenForm,
) -> Result<SoftTokenEnrollment, CommandError> {
    pin.enroll_soft_token(&session, &profile, form).await
}

/// A user's soft tokens on the server (no secrets).
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_softtoken_list(
    pin: State<'_, PinState>,
    profile: String,
    user_id: String,
) -> Result<Vec<SoftTokenInfo>, CommandError> {
    Ok(pin.admin().await.soft_tokens(&profile, &user_id).await?)
}

/// Deletes a soft token on the server.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_softtoken_delete(
    pin: State<'_, PinState>,
    profile: String,
    id: String,
) -> Result<(), CommandError> {
    Ok(pin.admin().await.delete_soft_token(&profile, &id).await?)
}

/// Checks a soft token's code on the server.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_softtoken_validate(
    pin: State<'_, PinState>,
    profile: String,
    id: String,
    code: String,
) -> Result<Answer, CommandError> {
    let admin = pin.admin().await;
    Ok(admin.validate_soft_token(&profile, &id, &code).await?)
}

/// The Sinch callback receiver and its events.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_callbacks(pin: State<'_, PinState>) -> Result<CallbackView, CommandError> {
    Ok(pin.admin().await.callbacks())
}

/// Starts the callback receiver for a Sinch profile (the built-in one wires the sandbox).
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_callbacks_start(
    pin: State<'_, PinState>,
    profile: String,
    rule: Rule,
) -> Result<CallbackView, CommandError> {
    Ok(pin.admin().await.start_callbacks(&profile, rule).await?)
}

/// Stops the callback receiver.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_callbacks_stop(
    pin: State<'_, PinState>,
) -> Result<CallbackView, CommandError> {
    let admin = pin.admin().await;
    admin.stop_callbacks().await?;
    Ok(admin.callbacks())
}

/// Changes how request events are answered.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_callbacks_rule(
    pin: State<'_, PinState>,
    rule: Rule,
) -> Result<CallbackView, CommandError> {
    Ok(pin.admin().await.set_callback_rule(rule))
}

/// The administrator's allow or deny for a waiting request event.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_callbacks_decide(
    pin: State<'_, PinState>,
    seq: u32,
    action: Action,
) -> Result<CallbackView, CommandError> {
    Ok(pin.admin().await.decide_callback(seq, action)?)
}

/// Makes the built-in sandbox fail the next `count` requests for `to` as `fault` says.
#[tauri::command]
#[specta::specta]
pub(crate) async fn pin_fault(
    pin: State<'_, PinState>,
    to: String,
    fault: Fault,
    count: u32,
) -> Result<(), CommandError> {
    Ok(pin.admin().await.inject_fault(&to, &fault, count).await?)
}
