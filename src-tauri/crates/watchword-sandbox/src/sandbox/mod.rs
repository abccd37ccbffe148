//! Sandbox-only endpoints under `/sandbox`: health, clock, outbox, Sinch app options,
//! Auth365 client limits, the seamless target and the OpenAPI document. They have their
//! own router, apart from the provider routers, because they are not any provider's
//! API: they play the user's phone and the provider's support desk, and answer
//! `{"error":"…"}`. Every one checks `Host` against the bound address; those that read
//! or change state also need the run token and JSON bodies (see [`guard`]). Health,
//! the OpenAPI document and the seamless target stay without a token: they carry no
//! secret (the seamless target is a capability URL handed out in a start answer).

pub mod guard;
pub mod handlers;
pub mod seamless;
pub mod wire;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, put};

pub use wire::error;

use crate::state::SandboxState;

/// The `/sandbox/*` routes with their guards, merged into the app router beside the
/// providers'; `state` gives the guards the run token and the bound address.
pub fn router(state: &SandboxState) -> Router<SandboxState> {
    let open = Router::new()
        .route("/sandbox/health", get(handlers::health))
        .route("/sandbox/openapi.json", get(crate::openapi::serve))
        .route("/sandbox/sinch/seamless/{id}", get(seamless::seamless));
    let guarded = Router::new()
        .route(
            "/sandbox/clock",
            get(handlers::get_clock).post(handlers::advance_clock),
        )
        .route(
            "/sandbox/outbox",
            get(handlers::get_outbox).delete(handlers::clear_outbox),
        )
        .route(
            "/sandbox/faults",
            get(crate::faults::list_faults)
                .post(crate::faults::post_fault)
                .delete(crate::faults::clear_faults),
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
        .route_layer(from_fn_with_state(
            state.clone(),
            guard::require_token_and_json,
        ));
    open.merge(guarded)
        .route_layer(from_fn_with_state(state.clone(), guard::require_bound_host))
}
