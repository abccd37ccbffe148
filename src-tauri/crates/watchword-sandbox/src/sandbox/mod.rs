//! Sandbox-only endpoints under `/sandbox`: health, clock, outbox, Sinch app options,
//! Auth365 client limits, the seamless target and the OpenAPI document. They have their
//! own router, apart from the provider routers, because they are not any provider's
//! API: they play the user's phone and the provider's support desk, need no
//! authentication (the sandbox listens on loopback) and answer `{"error":"…"}`.

pub mod handlers;
pub mod seamless;
pub mod wire;

use axum::Router;
use axum::routing::{get, put};

pub use wire::error;

use crate::state::SandboxState;

/// The `/sandbox/*` routes, merged into the app router beside the providers'.
pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/sandbox/health", get(handlers::health))
        .route("/sandbox/openapi.json", get(crate::openapi::serve))
        .route(
            "/sandbox/clock",
            get(handlers::get_clock).post(handlers::advance_clock),
        )
        .route(
            "/sandbox/outbox",
            get(handlers::get_outbox).delete(handlers::clear_outbox),
        )
        .route("/sandbox/sinch/apps", get(handlers::list_sinch_apps))
        .route("/sandbox/sinch/apps/{key}", put(handlers::put_sinch_app))
        .route(
            "/sandbox/auth365/clients",
            get(handlers::list_auth365_clients),
        )
        .route(
            "/sandbox/auth365/clients/{id}",
            put(handlers::put_auth365_client),
        )
        .route("/sandbox/sinch/seamless/{id}", get(seamless::seamless))
}
