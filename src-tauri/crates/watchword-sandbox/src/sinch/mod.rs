//! Sinch Verification API v1 under `/verification/v1`.

pub mod auth;
pub mod callbacks;
pub mod error;
pub mod model;
pub mod routes;

use axum::Router;
use axum::routing::{get, post, put};

use crate::state::SandboxState;

/// The Sinch routes on their real paths.
pub fn router() -> Router<SandboxState> {
    const BASE: &str = "/verification/v1/verifications";
    Router::new()
        .route(BASE, post(routes::start))
        .route(
            &format!("{BASE}/id/{{id}}"),
            get(routes::status_by_id).put(routes::report_by_id),
        )
        .route(
            &format!("{BASE}/number/{{endpoint}}"),
            put(routes::report_by_number),
        )
        .route(
            &format!("{BASE}/reference/{{reference}}"),
            get(routes::status_by_reference),
        )
        .route(
            &format!("{BASE}/{{method}}/number/{{endpoint}}"),
            get(routes::status_by_identity),
        )
}
