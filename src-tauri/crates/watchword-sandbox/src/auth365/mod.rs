//! The Authentication 365 style OTP API: `/oauth/token`, `/tokens…`, `/softtokens…`,
//! and the validation URLs `/v/{urlId}` it sends.

pub mod error;
pub mod oauth;
pub mod orders;
pub mod softtokens;
pub mod tokens;
pub mod urls;
pub mod wire;

use axum::Router;
use axum::routing::{get, post};

use crate::state::SandboxState;

/// The Auth365 routes.
pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/oauth/token", post(oauth::token))
        .route("/tokens/generate", post(tokens::generate))
        .route("/tokens/validate", post(tokens::validate))
        .route("/tokens/sendurl", post(tokens::send_url))
        .route("/tokens/{order}", get(tokens::order_status))
        .route(
            "/softtokens",
            get(softtokens::list).post(softtokens::create),
        )
        .route(
            "/softtokens/{id}",
            axum::routing::delete(softtokens::delete),
        )
        .route("/softtokens/{id}/validate", post(softtokens::validate))
        .route("/v/{url}", get(urls::open).post(urls::submit))
}
