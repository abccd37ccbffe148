//! Every error in the right provider's format: the fallback for unknown paths, and a
//! middleware that rewrites axum's own plain-text rejections (405, 413 body limit,
//! undecodable path segments) into the error body of the API the path belongs to.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth365::wire::{Auth365ErrorBody, ErrorStatus, OAuthErrorBody};
use crate::infobip::wire::{InfobipErrorBody, RequestError, ServiceException};
use crate::pin;
use crate::sandbox::wire::error as sandbox_error;
use crate::sinch::wire::SinchErrorBody;

/// Which API a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `/verification/…`.
    Sinch,
    /// `/2fa/…`.
    Infobip,
    /// `/oauth/…` (RFC 6749 error body).
    OAuth,
    /// `/tokens…`, `/softtokens…`, `/v/…`.
    Auth365,
    /// `/sandbox/…` and anything else.
    Sandbox,
}

/// The API `path` belongs to.
pub fn api_for(path: &str) -> Api {
    let under = |p: &str| path == p || path.starts_with(&format!("{p}/"));
    if under("/verification") {
        Api::Sinch
    } else if under("/2fa") {
        Api::Infobip
    } else if under("/oauth") {
        Api::OAuth
    } else if under("/tokens") || under("/softtokens") || under("/v") {
        Api::Auth365
    } else {
        Api::Sandbox
    }
}

/// The message each API's error body carries for `status` when nothing more is known.
pub fn message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "Invalid login details.",
        StatusCode::PAYMENT_REQUIRED => "Not enough credit.",
        StatusCode::FORBIDDEN => "Forbidden.",
        StatusCode::UNPROCESSABLE_ENTITY => "No route to destination.",
        StatusCode::TOO_MANY_REQUESTS => "Too many requests.",
        StatusCode::SERVICE_UNAVAILABLE => "Service unavailable.",
        StatusCode::NOT_FOUND => "Requested resource was not found.",
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed.",
        StatusCode::PAYLOAD_TOO_LARGE => "Request body is larger than 64 KiB.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Unsupported media type.",
        s if s.is_server_error() => "Internal error.",
        _ => "Bad request.",
    }
}

/// Infobip's `messageId` for `status`.
pub fn infobip_message_id(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "BAD_REQUEST",
        StatusCode::UNAUTHORIZED => "UNAUTHORIZED",
        StatusCode::PAYMENT_REQUIRED => "PAYMENT_REQUIRED",
        StatusCode::FORBIDDEN => "FORBIDDEN",
        StatusCode::NOT_FOUND => "NOT_FOUND",
        StatusCode::METHOD_NOT_ALLOWED => "METHOD_NOT_ALLOWED",
        StatusCode::PAYLOAD_TOO_LARGE => "PAYLOAD_TOO_LARGE",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "UNSUPPORTED_MEDIA_TYPE",
        StatusCode::TOO_MANY_REQUESTS => "TOO_MANY_REQUESTS",
        StatusCode::SERVICE_UNAVAILABLE => "SERVICE_UNAVAILABLE",
        _ => "GENERAL_ERROR",
    }
}

/// The error body of `api` for `status`.
pub fn error_for(api: Api, status: StatusCode) -> Response {
    let text = message(status);
    match api {
        Api::Sinch => {
            let error_code = match status {
                StatusCode::BAD_REQUEST => 40001,
                StatusCode::UNPROCESSABLE_ENTITY => 42201,
                s => u32::from(s.as_u16()) * 100,
            };
            let body = SinchErrorBody {
                error_code,
                message: text.to_owned(),
                reference: pin::hex_id_lower(),
            };
            (status, Json(body)).into_response()
        }
        Api::Infobip => {
            let id = infobip_message_id(status);
            let body = InfobipErrorBody {
                request_error: RequestError {
                    service_exception: ServiceException {
                        message_id: id.to_owned(),
                        text: text.to_owned(),
                        validation_errors: None,
                    },
                },
            };
            (status, Json(body)).into_response()
        }
        Api::OAuth => {
            let body = OAuthErrorBody {
                error: "invalid_request".to_owned(),
                error_description: Some(text.to_owned()),
            };
            (status, Json(body)).into_response()
        }
        Api::Auth365 => {
            let body = Auth365ErrorBody {
                status: ErrorStatus::Error,
                message: text.to_owned(),
            };
            (status, Json(body)).into_response()
        }
        Api::Sandbox => sandbox_error(status, text),
    }
}

/// Unknown paths: 404 in the format of the API the prefix belongs to.
pub async fn fallback(uri: Uri) -> Response {
    error_for(api_for(uri.path()), StatusCode::NOT_FOUND)
}

/// Sets `Retry-After` on a 429: `seconds` when a rate limit knows when its window
/// frees a place, else 1 (a 429 that no waiting cures, such as no distinct PIN left,
/// still tells a client how long to back off). Other statuses are left alone.
pub fn set_retry_after(response: &mut Response, seconds: Option<u64>) {
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, seconds.unwrap_or(1).max(1).into());
    }
}

/// Rewrites error responses that are not JSON or HTML (axum's rejections) into the
/// provider's error body, keeping the status; and gives every 429 a `Retry-After`.
pub async fn normalize(req: Request, next: Next) -> Response {
    let api = api_for(req.uri().path());
    let mut response = next.run(req).await;
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        set_retry_after(&mut response, None);
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let mut rewritten = error_for(api, status);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name).cloned() {
            rewritten.headers_mut().insert(name, value);
        }
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(api_for("/verification/v1/x"), Api::Sinch);
        assert_eq!(api_for("/2fa/2/pin"), Api::Infobip);
        assert_eq!(api_for("/oauth/token"), Api::OAuth);
        assert_eq!(api_for("/tokens/generate"), Api::Auth365);
        assert_eq!(api_for("/softtokens"), Api::Auth365);
        assert_eq!(api_for("/v/abc"), Api::Auth365);
        assert_eq!(api_for("/video"), Api::Sandbox);
        assert_eq!(api_for("/sandbox/x"), Api::Sandbox);
    }

    #[test]
    fn a_429_no_window_explains_still_says_one_second() {
        // Such as Sinch 42900 (no distinct code left for the number): nothing to wait for.
        let mut r = error_for(Api::Sinch, StatusCode::TOO_MANY_REQUESTS);
        set_retry_after(&mut r, None);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        let mut r = error_for(Api::Sinch, StatusCode::TOO_MANY_REQUESTS);
        set_retry_after(&mut r, Some(42));
        assert_eq!(r.headers()[header::RETRY_AFTER], "42");
        let mut r = error_for(Api::Sinch, StatusCode::BAD_REQUEST);
        set_retry_after(&mut r, Some(42));
        assert!(r.headers().get(header::RETRY_AFTER).is_none());
    }
}
