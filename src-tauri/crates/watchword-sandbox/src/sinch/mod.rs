//! Sinch Verification API v1 under `/verification/v1`.
//!
//! Modules depend one way: `start`, `report` and `status` (the handlers) use
//! `callbacks`, which uses `codes`, `model` and `auth`; nothing below calls back up.
//! Everything is scoped to the authenticated application: ids, references and numbers
//! of another application are 404/40400. VerificationResultEvent is sent for every
//! final state (SUCCESSFUL, FAIL, DENIED, ABORTED).

pub mod auth;
pub mod callbacks;
pub mod codes;
pub mod error;
mod http;
pub mod method;
pub mod model;
pub mod report;
pub mod start;
pub mod status;
pub mod status_name;
pub mod wire;

use axum::Router;
use axum::routing::{get, post, put};

use crate::state::SandboxState;

/// The Sinch routes on their real paths, so real clients work unchanged.
pub fn router() -> Router<SandboxState> {
    const BASE: &str = "/verification/v1/verifications";
    Router::new()
        .route(BASE, post(start::start))
        .route(
            &format!("{BASE}/id/{{id}}"),
            get(status::status_by_id).put(report::report_by_id),
        )
        .route(
            &format!("{BASE}/number/{{endpoint}}"),
            put(report::report_by_number),
        )
        .route(
            &format!("{BASE}/reference/{{reference}}"),
            get(status::status_by_reference),
        )
        .route(
            &format!("{BASE}/{{method}}/number/{{endpoint}}"),
            get(status::status_by_identity),
        )
}
