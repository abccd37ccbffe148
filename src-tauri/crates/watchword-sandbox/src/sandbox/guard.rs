//! Who may use the sandbox's own endpoints. The outbox shows every PIN and the clock
//! decides expiry, so `/sandbox/*` is not left to whoever can reach the port:
//! - a per-run token in [`TOKEN_HEADER`] (another local user cannot read it from us;
//!   a browser page cannot send a custom header cross-site without a CORS preflight,
//!   which the sandbox never grants),
//! - a `Host` that names the bound address (a DNS-rebinding page sends its own name),
//! - `Content-Type: application/json` on bodies (a cross-site form or `text/plain`
//!   POST is a "simple" request that needs no preflight).
//!
//! The provider endpoints keep the providers' own authentication instead.

use std::net::{IpAddr, SocketAddr};

use super::wire::error;
use crate::state::SandboxState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries the run token (a custom header, so browsers preflight it).
pub const TOKEN_HEADER: &str = "x-sandbox-token";

/// Whether `host` (a `Host` header or `:authority`) names the address the sandbox is
/// bound to: `IP:PORT` of the bound IP, or `localhost:PORT` when bound to loopback.
/// Bound to an unspecified address, any IP literal with the port is the sandbox (an IP
/// literal cannot be rebound); before the address is known (a router driven without a
/// socket), loopback names on any port.
pub fn host_allowed(host: &str, bound: Option<SocketAddr>) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    if let Some(bound) = bound
        && port != bound.port()
    {
        return false;
    }
    let bound_ip = bound.map(|b| b.ip());
    if name.eq_ignore_ascii_case("localhost") {
        return bound_ip.is_none_or(|ip| ip.is_loopback() || ip.is_unspecified());
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    match bound_ip {
        None => ip.is_loopback(),
        Some(b) if b.is_unspecified() => true,
        Some(b) => ip == b,
    }
}

/// `name:port`, `[v6]:port` or a bare name (port 80) → (name without brackets, port).
fn split_host(host: &str) -> Option<(&str, u16)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        match after {
            "" => (name, None),
            _ => (name, Some(after.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((_, p)) if p.contains(':') => return None,
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        None => 80,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    (!name.is_empty()).then_some((name, port))
}

/// 403 unless the request's `Host` names the bound address (DNS rebinding). Applies to
/// every `/sandbox/*` route, open ones included.
pub async fn require_bound_host(
    State(st): State<SandboxState>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if host_allowed(host, st.bound_addr()) => next.run(req).await,
        _ => error(
            StatusCode::FORBIDDEN,
            "Forbidden: the Host header must be the sandbox's own address",
        ),
    }
}

/// 403 without the run token in [`TOKEN_HEADER`], then 415 for a body that is not
/// `application/json`; for the routes that read or change state.
pub async fn require_token_and_json(
    State(st): State<SandboxState>,
    req: Request,
    next: Next,
) -> Response {
    let given = req
        .headers()
        .get(TOKEN_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !st.token().matches(given) {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: send the sandbox's run token in X-Sandbox-Token",
        );
    }
    if has_body(req.method(), req.headers()) && !is_json(req.headers()) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    next.run(req).await
}

/// POST, PUT and PATCH always carry a body here; other methods when they declare one.
fn has_body(method: &Method, headers: &HeaderMap) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH)
        || headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// `application/json`, any case, parameters (`; charset=utf-8`) allowed.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{SandboxToken, TokenProblem};

    #[test]
    fn hosts() {
        let v4: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let v6: SocketAddr = "[::1]:8080".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let lan: SocketAddr = "192.168.1.5:8080".parse().unwrap();
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080"] {
            assert!(host_allowed(ok, Some(v4)), "{ok}");
        }
        for bad in [
            "127.0.0.1:8081",
            "127.0.0.1",
            "[::1]:8080",
            "evil.example:8080",
            "localhost.:8080",
            "127.0.0.1:8080:1",
            "127.0.0.1:",
            ":8080",
            "127.0.0.1:+8080",
            "",
        ] {
            assert!(!host_allowed(bad, Some(v4)), "{bad}");
        }
        assert!(host_allowed("[::1]:8080", Some(v6)));
        assert!(host_allowed("localhost:8080", Some(v6)));
        assert!(!host_allowed("127.0.0.1:8080", Some(v6)));
        assert!(!host_allowed("::1:8080", Some(v6)));
        assert!(host_allowed("10.1.2.3:8080", Some(any)));
        assert!(!host_allowed("evil.example:8080", Some(any)));
        assert!(host_allowed("192.168.1.5:8080", Some(lan)));
        assert!(!host_allowed("localhost:8080", Some(lan)));
        assert!(host_allowed("localhost:1234", None));
        assert!(!host_allowed("10.0.0.1:1234", None));
        let port80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(host_allowed("localhost", Some(port80)));
    }

    #[test]
    fn tokens() {
        let a = SandboxToken::generate().unwrap();
        let b = SandboxToken::generate().unwrap();
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.matches(a.as_str().as_bytes()));
        assert!(!a.matches(b.as_str().as_bytes()));
        assert!(!a.matches(b""));
        assert!(!format!("{a:?}").contains(a.as_str()));
        assert_eq!(
            SandboxToken::parse("short").err(),
            Some(TokenProblem::TooShort)
        );
        assert_eq!(
            SandboxToken::parse("with a space in it!").err(),
            Some(TokenProblem::NotVisibleAscii)
        );
        assert_eq!(
            SandboxToken::parse(&"x".repeat(257)).err(),
            Some(TokenProblem::TooLong)
        );
        assert!(SandboxToken::parse("0123456789abcdef").is_ok());
    }
}
