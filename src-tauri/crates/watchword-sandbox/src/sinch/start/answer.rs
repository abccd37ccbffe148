//! Answer: the start response (links and the method's block), the language the SMS
//! is written in, and the request event's body.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::super::auth::App;
use super::super::method::VerificationMethod;
use super::super::wire::{
    FlashCallStarted, Link, LinkMethod, LinkRel, SeamlessStarted, SmsStarted, StartResponse,
    WhatsappStarted,
};
use super::plan::Plan;
use crate::state::SandboxState;

/// The first language range of `Accept-Language`, echoed in `Content-Language`.
pub fn language(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let first = raw.split(',').next()?.split(';').next()?.trim();
    let ok = !first.is_empty()
        && first.len() <= 35
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && first != "*";
    ok.then(|| first.to_owned())
}

/// The SMS template in the requested language (en, sv, de, fr, es; else English).
pub fn template(lang: Option<&str>) -> &'static str {
    let primary = lang
        .and_then(|l| l.split('-').next())
        .map(str::to_ascii_lowercase);
    match primary.as_deref() {
        Some("sv") => "Din verifieringskod är {{CODE}}.",
        Some("de") => "Ihr Bestätigungscode lautet {{CODE}}.",
        Some("fr") => "Votre code de vérification est {{CODE}}.",
        Some("es") => "Su código de verificación es {{CODE}}.",
        _ => "Your verification code is {{CODE}}.",
    }
}

/// The VerificationRequestEvent body for this plan.
pub fn request_event(app: &App, plan: &Plan, lang: Option<&str>, now: i64) -> Value {
    let mut event = plan
        .verification(app, now)
        .event_json("VerificationRequestEvent");
    event["price"] = json!({"amount": 0.0, "currencyId": "EUR"});
    if let Some(lang) = lang {
        event["acceptLanguage"] = json!([lang]);
    }
    event
}

fn links(st: &SandboxState, id: &str, method: VerificationMethod) -> Vec<Link> {
    let href = format!("{}/verification/v1/verifications/id/{id}", st.base_url());
    let mut links = vec![Link {
        rel: LinkRel::Status,
        href: href.clone(),
        method: LinkMethod::Get,
    }];
    if method != VerificationMethod::Seamless {
        links.push(Link {
            rel: LinkRel::Report,
            href,
            method: LinkMethod::Put,
        });
    }
    links
}

/// The 200 answer, with `Content-Language` when a language was asked for.
pub fn started(st: &SandboxState, app: &App, plan: &Plan, lang: Option<String>) -> Response {
    let params = &plan.params;
    let id = &plan.id;
    let mut body = StartResponse {
        id: id.clone(),
        method: params.method,
        links: links(st, id, params.method),
        sms: None,
        flash_call: None,
        seamless: None,
        whatsapp: None,
    };
    match params.method {
        VerificationMethod::Sms => {
            body.sms = Some(SmsStarted {
                template: template(lang.as_deref()).to_owned(),
                interception_timeout: params.ttl_s.saturating_sub(2).max(1),
                code_type: params.code_type.as_str().to_owned(),
            });
        }
        VerificationMethod::Whatsapp => {
            body.whatsapp = Some(WhatsappStarted {
                code_type: params.code_type.as_str().to_owned(),
            });
        }
        VerificationMethod::FlashCall => {
            let cli_filter = if app.options.return_full_cli {
                plan.code.clone()
            } else {
                let tail = &plan.code[plan.code.len().saturating_sub(4)..];
                format!("(.*){tail}(.*)")
            };
            body.flash_call = Some(FlashCallStarted {
                cli_filter,
                interception_timeout: params.interception,
                report_timeout: params.interception + 30,
                deny_call_after: 0,
            });
        }
        VerificationMethod::Seamless => {
            body.seamless = Some(SeamlessStarted {
                target_uri: format!("{}/sandbox/sinch/seamless/{id}", st.base_url()),
            });
        }
        VerificationMethod::Callout => {}
    }
    let mut response = Json(body).into_response();
    if let Some(lang) = lang.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, lang);
    }
    response
}
