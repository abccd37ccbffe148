//! The OpenAPI 3.0 document, generated from the handlers' `#[utoipa::path]`
//! annotations and the wire types, so the document cannot drift from the code.
//! utoipa 4 is used because it emits OpenAPI 3.0.3 (later majors emit only 3.1).

pub mod responses;

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth365::wire as a365;
use crate::infobip::wire as ib;
use crate::sandbox::wire as sb;
use crate::sinch::wire as sinch;

/// Adds the security schemes; their names are what `scripts/schemathesis.sh` configures.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let basic = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(description))
                    .build(),
            )
        };
        let header = |description: &str| {
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                description,
            )))
        };
        components.add_security_scheme("SinchBasic", basic("applicationKey:applicationSecret"));
        components.add_security_scheme(
            "SinchSigned",
            header(
                "Application {key}:{base64 HMAC-SHA256 signature}, with an x-timestamp header \
                 (at most 15 minutes off)",
            ),
        );
        components.add_security_scheme(
            "SinchPublic",
            header("Application {key}, start only, only for applications with a callback URL"),
        );
        components.add_security_scheme("InfobipApiKey", header("App {apiKey}"));
        components.add_security_scheme("Auth365Client", basic("client id:secret"));
        components.add_security_scheme(
            "Auth365Bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "SandboxToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Sandbox-Token",
                "the run token: printed by the binary at start (`watchword-sandbox token: …`) \
                 or given with --sandbox-token; the Host header must name the bound address",
            ))),
        );
    }
}

/// Everything the sandbox serves, as one OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Watchword sandbox",
        description = "Sinch Verification v1, Infobip 2FA and Authentication 365 on their real \
                       paths, plus the sandbox's own endpoints (the run token in X-Sandbox-Token, a Host \
                       naming the bound address, JSON bodies). \
                       Every error uses the error body of the API its path belongs to."
    ),
    servers((url = "/")),
    modifiers(&SecuritySchemes),
    paths(
        crate::sinch::start::start,
        crate::sinch::report::report_by_id,
        crate::sinch::report::report_by_number,
        crate::sinch::status::status_by_id,
        crate::sinch::status::status_by_reference,
        crate::sinch::status::status_by_identity,
        crate::infobip::apps::list,
        crate::infobip::apps::create,
        crate::infobip::apps::get_one,
        crate::infobip::apps::update,
        crate::infobip::apps::list_messages,
        crate::infobip::apps::create_message,
        crate::infobip::apps::get_message,
        crate::infobip::apps::update_message,
        crate::infobip::apps::create_email,
        crate::infobip::apps::update_email,
        crate::infobip::pins::status,
        crate::infobip::pins::send_sms,
        crate::infobip::pins::send_voice,
        crate::infobip::pins::send_email,
        crate::infobip::pins::resend_sms,
        crate::infobip::pins::resend_voice,
        crate::infobip::pins::resend_email,
        crate::infobip::pins::verify,
        crate::auth365::oauth::token,
        crate::auth365::tokens::generate,
        crate::auth365::tokens::send_url,
        crate::auth365::tokens::validate,
        crate::auth365::tokens::order_status,
        crate::auth365::softtokens::create,
        crate::auth365::softtokens::list,
        crate::auth365::softtokens::validate,
        crate::auth365::softtokens::delete,
        crate::auth365::urls::open,
        crate::auth365::urls::submit,
        crate::sandbox::handlers::health,
        serve,
        crate::sandbox::handlers::get_clock,
        crate::sandbox::handlers::advance_clock,
        crate::sandbox::handlers::get_outbox,
        crate::sandbox::handlers::clear_outbox,
        crate::sandbox::handlers::list_sinch_apps,
        crate::sandbox::handlers::put_sinch_app,
        crate::sandbox::handlers::list_auth365_clients,
        crate::sandbox::handlers::put_auth365_client,
        crate::faults::post_fault,
        crate::faults::list_faults,
        crate::faults::clear_faults,
        crate::sandbox::seamless::seamless,
    ),
    components(schemas(
        sinch::SinchErrorBody, sinch::Identity, sinch::IdentityType, sinch::StartMethodName,
        sinch::ReportMethodName, sinch::CodeTypeName, sinch::SmsOptions, sinch::FlashCallOptions,
        sinch::CalloutOptions, sinch::CalloutSpeech, sinch::WhatsappOptions, sinch::StartRequest,
        sinch::CodeBody, sinch::CliBody, sinch::ReportRequest, sinch::LinkRel, sinch::LinkMethod,
        sinch::Link, sinch::SmsStarted, sinch::FlashCallStarted, sinch::SeamlessStarted,
        sinch::WhatsappStarted, sinch::StartResponse, crate::sinch::status_name::StatusName, sinch::ReportResponse,
        sinch::StatusSource, sinch::Money, sinch::Price, sinch::StatusResponse,
        sinch::SeamlessResponse, crate::sinch::method::VerificationMethod,
        ib::InfobipErrorBody, ib::RequestError, ib::ServiceException, ib::ConfigurationPatch,
        ib::ApplicationRequest, ib::ApplicationUpdate, ib::ApplicationView,
        ib::AppConfig, ib::PinType, ib::MessageRequest, ib::MessageUpdate,
        ib::MessageView, ib::EmailMessageRequest, ib::EmailMessageUpdate, ib::EmailMessageView,
        ib::SendRequest, ib::ResendRequest, ib::NcStatus, ib::SmsStatus, ib::SmsSent,
        ib::VoiceSent, ib::EmailStatus, ib::EmailSent, ib::VerifyRequest, ib::PinError,
        ib::VerifyResponse, ib::VerificationEntry, ib::Verifications,
        a365::ErrorStatus, a365::Auth365ErrorBody, a365::OAuthErrorBody, a365::GrantType,
        a365::TokenRequest, a365::TokenType, a365::TokenResponse, a365::GenerateRequest,
        a365::UrlMode, a365::SendUrlRequest, a365::SuccessStatus, a365::GenerateResponse,
        a365::ValidateRequest, a365::OutcomeStatus, a365::Outcome, a365::OrderState,
        a365::OrderStatus, a365::Algorithm, a365::SoftTokenRequest, a365::SoftTokenCreated,
        a365::SoftTokenView, a365::SoftTokenValidate, a365::PinForm,
        sb::SandboxErrorBody, sb::HealthStatus, sb::Health, sb::ClockView, sb::AdvanceClock,
        sb::SinchAppView, sb::ClientView, crate::config::SinchAppOptions,
        crate::auth365::orders::ClientLimits, crate::outbox::Entry, crate::outbox::Channel,
        crate::outbox::Provider, crate::faults::Fault, crate::faults::FaultRequest,
        crate::faults::QueuedFault, a365::PhoneNumber, a365::CharacterSet,
    )),
    tags(
        (name = "sinch", description = "Sinch Verification v1"),
        (name = "infobip", description = "Infobip 2FA"),
        (name = "auth365", description = "Authentication 365 OTP API"),
        (name = "sandbox", description = "The sandbox's own endpoints"),
    )
)]
pub struct ApiDoc;

/// This document, generated from the handlers and their types at first use.
#[utoipa::path(get, path = "/sandbox/openapi.json", tag = "sandbox",
    responses((status = 200, description = "OpenAPI 3.0", body = Object),
        responses::SandboxGuarded))]
pub async fn serve() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
        .into_response()
}

/// The document as JSON text, built once: it is served on every request for it.
pub fn document_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    /// utoipa 4 names referenced types without checking them, so every `$ref` must resolve.
    #[test]
    fn every_reference_resolves() {
        let doc: Value = serde_json::from_str(super::document_json()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 50);
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "{r}");
        }
        for scheme in [
            "SinchBasic",
            "InfobipApiKey",
            "Auth365Client",
            "Auth365Bearer",
        ] {
            assert!(
                doc["components"]["securitySchemes"][scheme].is_object(),
                "{scheme}"
            );
        }
        let paths = doc["paths"].as_object().unwrap();
        let operations: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
        assert_eq!((paths.len(), operations), (38, 49));
    }
}
