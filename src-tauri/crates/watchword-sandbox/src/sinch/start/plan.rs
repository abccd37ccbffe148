//! Plan: under the database lock, claim the reference, take a start from the rate
//! limit and choose the code; then let the callback's `allow` override it.

use axum::http::StatusCode;

use super::super::auth::App;
use super::super::callbacks::Overrides;
use super::super::error::SinchError;
use super::super::http::Result;
use super::super::method::VerificationMethod;
use super::super::model::{Verification, normalize_endpoint};
use super::super::status_name::StatusName;
use super::parse::StartParams;
use crate::pin::{self, PinKind};
use crate::ratelimit::{self, Limit};
use crate::state::SandboxState;

/// Flash calls come from `+4600000` followed by four code digits.
const FLASH_PREFIX: &str = "+4600000";

/// What a start will store and send.
#[derive(Debug)]
pub struct Plan {
    /// The new verification's id.
    pub id: String,
    /// The checked request.
    pub params: StartParams,
    /// The code, or the full calling number of a flash call.
    pub code: String,
}

impl Plan {
    /// Claims the reference and a start from the rate limit, and picks a code no other
    /// pending verification of the number has. Nothing is stored when this fails.
    pub fn reserve(st: &SandboxState, app: &App, params: StartParams, now: i64) -> Result<Plan> {
        let id = pin::hex_id_lower();
        let conn = st.db().lock();
        if let Some(reference) = &params.reference
            && Verification::by_reference(&conn, &app.key, reference)?.is_some()
        {
            return Err(reference_conflict());
        }
        let limit = Limit::parse(&app.options.start_limit).unwrap_or(Limit {
            count: 5,
            window_ms: 60_000,
        });
        let scope = format!("sinch:start:{}:{}", app.key, params.endpoint);
        if let Err(refused) = ratelimit::try_acquire(&conn, &scope, limit, now)? {
            return Err(SinchError::new(
                StatusCode::TOO_MANY_REQUESTS,
                42901,
                "Too many requests for the same number.",
            )
            .retry_after(refused));
        }
        let code = match &params.custom_code {
            Some(code) => code.clone(),
            None => {
                let outstanding = Verification::outstanding_codes(&conn, &params.endpoint, now)?;
                let length = app.options.code_length;
                let fresh = match params.method {
                    VerificationMethod::FlashCall => pin::generate_unique(
                        PinKind::Numeric,
                        4,
                        &outstanding
                            .iter()
                            .filter_map(|c| c.strip_prefix(FLASH_PREFIX).map(str::to_owned))
                            .collect(),
                    )
                    .map(|d| format!("{FLASH_PREFIX}{d}")),
                    VerificationMethod::Seamless => Some(pin::hex_id_lower()),
                    VerificationMethod::Callout => {
                        pin::generate_unique(PinKind::Numeric, length, &outstanding)
                    }
                    VerificationMethod::Sms | VerificationMethod::Whatsapp => {
                        pin::generate_unique(params.code_type.kind(), length, &outstanding)
                    }
                };
                fresh.ok_or_else(|| {
                    SinchError::new(StatusCode::TOO_MANY_REQUESTS, 42900, "Capacity exceeded.")
                })?
            }
        };
        Ok(Plan { id, params, code })
    }

    /// Applies an `allow` answer: a code for code-based methods, a CLI for flash calls,
    /// an expiry for any.
    pub fn apply(&mut self, overrides: Overrides) {
        let method = self.params.method;
        if let Some(code) = overrides.code
            && matches!(
                method,
                VerificationMethod::Sms
                    | VerificationMethod::Callout
                    | VerificationMethod::Whatsapp
            )
        {
            self.code = code;
        }
        if let Some(cli) = overrides.cli
            && method == VerificationMethod::FlashCall
            && let Some(cli) = normalize_endpoint(&cli)
        {
            self.code = cli;
        }
        if let Some(expiry) = overrides.expiry_s {
            self.params.ttl_s = expiry;
        }
    }

    /// The verification this plan stores, pending and expiring after the TTL from `now`.
    pub fn verification(&self, app: &App, now: i64) -> Verification {
        Verification {
            id: self.id.clone(),
            app_key: app.key.clone(),
            reference: self.params.reference.clone(),
            method: self.params.method,
            endpoint: self.params.endpoint.clone(),
            code: self.code.clone(),
            status: StatusName::Pending,
            reason: None,
            custom: self.params.custom.clone(),
            expires_ms: now + (self.params.ttl_s as i64) * 1000,
            updated_ms: now,
            attempts_used: 0,
            max_attempts: app.options.max_attempts,
        }
    }
}

/// 409/40900: a reference names one verification per application.
pub fn reference_conflict() -> SinchError {
    SinchError::new(StatusCode::CONFLICT, 40900, "Reference already defined.")
}
