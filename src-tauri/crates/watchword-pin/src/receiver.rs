//! A Sinch callback receiver on loopback, for the administrator's console: it checks
//! each callback's signature with a Sinch profile's key and secret, keeps the events
//! for the console to show, and answers each `VerificationRequestEvent` by its rule:
//! allow, deny, deny numbers with a prefix, or ask the administrator (the request is
//! held until [`CallbackReceiver::decide`] or the wait runs out, then denied).
//!
//! A callback whose signature does not verify is answered 401 and never acted on; it
//! is still listed, so the administrator sees why.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::oneshot;
use zeroize::Zeroizing;

use crate::sinch::callback::{Action, CallbackAnswer, CallbackEvent, SignedRequest};

/// The path the receiver serves (the callback URL is the address plus this).
pub const CALLBACK_PATH: &str = "/sinch/callback";
/// Events kept; the oldest go first.
pub const MAX_EVENTS: usize = 200;

/// How request events are answered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Rule {
    /// Allow every verification.
    Allow,
    /// Deny every verification.
    Deny,
    /// Deny numbers that start with `prefix`, allow the others.
    DenyPrefix {
        /// E.g. `+4670`.
        prefix: String,
    },
    /// Hold each request until the administrator decides (or the wait runs out: deny).
    Ask,
}

/// One callback as the console shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedEvent {
    /// Its number in this receiver (to answer it with [`CallbackReceiver::decide`]).
    pub seq: u32,
    /// When it arrived (RFC 3339).
    pub received_at: String,
    /// `VerificationRequestEvent`, `VerificationResultEvent`, or what the body said.
    pub event: String,
    /// The verification's id.
    pub id: Option<String>,
    /// The method.
    pub method: Option<String>,
    /// The number.
    pub endpoint: Option<String>,
    /// A result's status and reason.
    pub status: Option<String>,
    /// Why (result events).
    pub reason: Option<String>,
    /// Whether the signature verified, or why not.
    pub signature: String,
    /// Whether it did (`signature` says why not).
    pub signature_ok: bool,
    /// For request events: `allow`, `deny`, or `waiting` while the administrator decides.
    pub answer: Option<String>,
    /// Who answered: `rule`, `administrator`, `timeout`.
    pub answered_by: Option<String>,
}

struct Shared {
    key: String,
    secret: Zeroizing<String>,
    rule: Mutex<Rule>,
    ask_wait: Duration,
    events: Mutex<Vec<ReceivedEvent>>,
    waiting: Mutex<HashMap<u32, oneshot::Sender<Action>>>,
    next: AtomicU64,
}

impl Shared {
    fn record(&self, event: ReceivedEvent) {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        events.push(event);
        let excess = events.len().saturating_sub(MAX_EVENTS);
        events.drain(..excess);
    }

    fn update(&self, seq: u32, answer: Action, by: &str) {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(event) = events.iter_mut().find(|e| e.seq == seq) {
            event.answer = Some(word(answer).into());
            event.answered_by = Some(by.into());
        }
    }
}

fn word(action: Action) -> &'static str {
    match action {
        Action::Allow => "allow",
        Action::Deny => "deny",
    }
}

/// A running receiver; dropping it stops the server.
pub struct CallbackReceiver {
    url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for CallbackReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackReceiver")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl CallbackReceiver {
    /// Starts a receiver on `127.0.0.1` (a free port) for the Sinch application `key`
    /// with `secret_base64`; `ask_wait` is how long [`Rule::Ask`] holds a request.
    pub async fn start(
        key: &str,
        secret_base64: Zeroizing<String>,
        rule: Rule,
        ask_wait: Duration,
    ) -> std::io::Result<CallbackReceiver> {
        let shared = Arc::new(Shared {
            key: key.to_owned(),
            secret: secret_base64,
            rule: Mutex::new(rule),
            ask_wait,
            events: Mutex::default(),
            waiting: Mutex::default(),
            next: AtomicU64::new(1),
        });
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let app = Router::new()
            .route(CALLBACK_PATH, axum::routing::post(receive))
            .with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(CallbackReceiver {
            url: format!("http://{addr}{CALLBACK_PATH}"),
            shared,
            stop: Some(stop),
        })
    }

    /// The callback URL to give Sinch (or the sandbox).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The Sinch application it verifies signatures for.
    pub fn key(&self) -> &str {
        &self.shared.key
    }

    /// The events so far, oldest first.
    pub fn events(&self) -> Vec<ReceivedEvent> {
        self.shared
            .events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The rule now.
    pub fn rule(&self) -> Rule {
        self.shared
            .rule
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Changes the rule (requests already waiting keep waiting for a decision).
    pub fn set_rule(&self, rule: Rule) {
        *self.shared.rule.lock().unwrap_or_else(|e| e.into_inner()) = rule;
    }

    /// Answers the waiting request event `seq`; false when it is not waiting (answered,
    /// timed out, or unknown).
    pub fn decide(&self, seq: u32, action: Action) -> bool {
        let sender = self
            .shared
            .waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&seq);
        let Some(sender) = sender else {
            return false;
        };
        if sender.send(action).is_err() {
            return false;
        }
        self.shared.update(seq, action, "administrator");
        true
    }
}

impl Drop for CallbackReceiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = OffsetDateTime::now_utc();
    let seq = shared.next.fetch_add(1, Ordering::Relaxed) as u32;
    let path = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let checked = SignedRequest {
        method: "POST",
        path: &path,
        content_type: header(&headers, "content-type"),
        timestamp: header(&headers, "x-timestamp"),
        authorization: header(&headers, "authorization"),
        body: &body,
    }
    .verify(&shared.key, &shared.secret, Some(now));
    let parsed = CallbackEvent::parse(&body);
    let mut event = ReceivedEvent {
        seq,
        received_at: now.format(&Rfc3339).unwrap_or_default(),
        event: serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["event"].as_str().map(str::to_owned))
            .unwrap_or_else(|| "(not an event)".into()),
        id: None,
        method: None,
        endpoint: None,
        status: None,
        reason: None,
        signature: match &checked {
            Ok(()) => "verified".into(),
            Err(e) => e.to_string(),
        },
        signature_ok: checked.is_ok(),
        answer: None,
        answered_by: None,
    };
    match &parsed {
        Ok(CallbackEvent::Request(r)) => {
            event.id = Some(r.id.clone());
            event.method = Some(r.method.clone());
            event.endpoint = Some(r.identity.endpoint.clone());
        }
        Ok(CallbackEvent::Result(r)) => {
            event.id = Some(r.id.clone());
            event.method = Some(r.method.clone());
            event.endpoint = Some(r.identity.endpoint.clone());
            event.status = Some(r.status.clone());
            event.reason = r.reason.clone();
        }
        Err(_) => {}
    }
    if checked.is_err() {
        shared.record(event);
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let request = match parsed {
        Ok(CallbackEvent::Request(request)) => request,
        Ok(CallbackEvent::Result(_)) => {
            shared.record(event);
            return StatusCode::OK.into_response();
        }
        Err(_) => {
            shared.record(event);
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    let rule = shared
        .rule
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let decided = match rule {
        Rule::Allow => Some(Action::Allow),
        Rule::Deny => Some(Action::Deny),
        Rule::DenyPrefix { prefix } => Some(if request.identity.endpoint.starts_with(&prefix) {
            Action::Deny
        } else {
            Action::Allow
        }),
        Rule::Ask => None,
    };
    let (action, by) = match decided {
        Some(action) => {
            event.answer = Some(word(action).into());
            event.answered_by = Some("rule".into());
            shared.record(event);
            (action, None)
        }
        None => {
            let (tx, rx) = oneshot::channel();
            shared
                .waiting
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(seq, tx);
            event.answer = Some("waiting".into());
            shared.record(event);
            match tokio::time::timeout(shared.ask_wait, rx).await {
                Ok(Ok(action)) => (action, None),
                _ => {
                    shared
                        .waiting
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&seq);
                    (Action::Deny, Some("timeout"))
                }
            }
        }
    };
    if let Some(by) = by {
        shared.update(seq, action, by);
    }
    let answer = match action {
        Action::Allow => CallbackAnswer::allow(),
        Action::Deny => CallbackAnswer::deny(),
    };
    axum::Json(answer.to_json()).into_response()
}
