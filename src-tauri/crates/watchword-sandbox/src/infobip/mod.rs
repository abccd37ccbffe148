//! Infobip 2FA API under `/2fa/2`.

pub mod apps;
pub mod auth;
pub mod error;
pub mod model;
pub mod pins;
pub mod wire;

use axum::Router;
use axum::routing::{get, post, put};

use crate::state::SandboxState;

/// The Infobip routes on their real paths.
pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/2fa/2/applications", get(apps::list).post(apps::create))
        .route(
            "/2fa/2/applications/{app}",
            get(apps::get_one).put(apps::update),
        )
        .route(
            "/2fa/2/applications/{app}/messages",
            get(apps::list_messages).post(apps::create_message),
        )
        .route(
            "/2fa/2/applications/{app}/messages/{msg}",
            get(apps::get_message).put(apps::update_message),
        )
        .route(
            "/2fa/2/applications/{app}/email/messages",
            post(apps::create_email),
        )
        .route(
            "/2fa/2/applications/{app}/email/messages/{msg}",
            put(apps::update_email),
        )
        .route("/2fa/2/applications/{app}/verifications", get(pins::status))
        .route("/2fa/2/pin", post(pins::send_sms))
        .route("/2fa/2/pin/voice", post(pins::send_voice))
        .route("/2fa/2/pin/email", post(pins::send_email))
        .route("/2fa/2/pin/{pin}/resend", post(pins::resend_sms))
        .route("/2fa/2/pin/{pin}/resend/voice", post(pins::resend_voice))
        .route("/2fa/2/pin/{pin}/resend/email", post(pins::resend_email))
        .route("/2fa/2/pin/{pin}/verify", post(pins::verify))
}
