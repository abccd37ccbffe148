//! The sandbox's seamless target: it plays the mobile network that vouches for a
//! number, so it lives with the sandbox's own endpoints and only reads Sinch's model.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::wire::error;
use crate::openapi::responses::SandboxErrors404;
use crate::sinch::auth::load_app;
use crate::sinch::callbacks;
use crate::sinch::method::VerificationMethod;
use crate::sinch::model::Verification;
use crate::sinch::status_name::StatusName;
use crate::sinch::wire::SeamlessResponse;
use crate::state::SandboxState;

/// The "mobile network" completing a seamless verification: pending and unexpired
/// becomes SUCCESSFUL. Unauthenticated, as a phone's network would be.
#[utoipa::path(
    get,
    path = "/sandbox/sinch/seamless/{id}",
    tag = "sandbox",
    params(("id" = String, Path, description = "verification id")),
    responses((status = 200, description = "status", body = SeamlessResponse), SandboxErrors404),
)]
pub async fn seamless(State(st): State<SandboxState>, Path(id): Path<String>) -> Response {
    let now = st.now_ms();
    let result = (|| -> rusqlite::Result<Option<(Verification, bool)>> {
        let conn = st.db().lock();
        let Some(mut v) = Verification::by_id_any(&conn, &id)?
            .filter(|v| v.method == VerificationMethod::Seamless)
        else {
            return Ok(None);
        };
        let changed = if v.settle_expiry(now) {
            true
        } else if v.status == StatusName::Pending {
            v.finish(StatusName::Successful, None, now);
            true
        } else {
            false
        };
        if changed {
            v.save(&conn)?;
        }
        Ok(Some((v, changed)))
    })();
    match result {
        Ok(Some((v, changed))) => {
            if changed {
                let app = {
                    let conn = st.db().lock();
                    load_app(&conn, &v.app_key).ok().flatten()
                };
                if let Some(app) = app {
                    callbacks::result_event(&st, &app, &v);
                }
            }
            Json(SeamlessResponse {
                id: v.id,
                status: v.status,
                reason: v.reason,
            })
            .into_response()
        }
        Ok(None) => error(StatusCode::NOT_FOUND, "Unknown seamless verification"),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
    }
}
