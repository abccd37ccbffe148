//! Starting a sandbox and talking to it.

use std::net::SocketAddr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use watchword_sandbox::{
    Auth365Client, RunningSandbox, SandboxConfig, SinchApp, SinchAppOptions, Storage,
};

pub const INFOBIP_KEY: &str = "ib-test-key";
pub const SINCH_KEY: &str = "sinch-app";
pub const SINCH_SECRET: &str = "bXkta2V5LXNlY3JldA==";
pub const CLIENT_ID: &str = "a365-client";
pub const CLIENT_SECRET: &str = "a365-secret";

pub fn config(storage: Storage) -> SandboxConfig {
    SandboxConfig {
        infobip_keys: vec![INFOBIP_KEY.into()],
        sinch_apps: vec![SinchApp {
            key: SINCH_KEY.into(),
            secret_base64: SINCH_SECRET.into(),
            options: SinchAppOptions::default(),
        }],
        auth365_clients: vec![Auth365Client {
            id: CLIENT_ID.into(),
            secret: CLIENT_SECRET.into(),
        }],
        storage,
        sandbox_token: None,
    }
}

pub struct Sb {
    pub running: RunningSandbox,
    pub base: String,
    pub http: reqwest::Client,
}

pub async fn start() -> Sb {
    start_with(config(Storage::Memory)).await
}

pub async fn start_with(config: SandboxConfig) -> Sb {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let running = watchword_sandbox::start(config, addr).await.expect("start");
    let base = running.base_url();
    // Every request carries the run token, as the sandbox's own clients do.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        watchword_sandbox::TOKEN_HEADER,
        running.token().parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Sb {
        running,
        base,
        http,
    }
}

pub async fn read(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let bytes = resp.bytes().await.unwrap();
    let v = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, v)
}

/// An independent implementation of Sinch's request signature.
pub fn sinch_signature(
    secret: &str,
    verb: &str,
    body: &[u8],
    content_type: &str,
    ts: &str,
    path: &str,
) -> String {
    let md5 = if body.is_empty() {
        String::new()
    } else {
        B64.encode(Md5::digest(body))
    };
    let string_to_sign = format!("{verb}\n{md5}\n{content_type}\nx-timestamp:{ts}\n{path}");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&B64.decode(secret).unwrap()).unwrap();
    mac.update(string_to_sign.as_bytes());
    B64.encode(mac.finalize().into_bytes())
}

pub fn now_iso() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

impl Sb {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn sinch(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, self.url(path))
            .basic_auth(SINCH_KEY, Some(SINCH_SECRET));
        if let Some(body) = body {
            req = req.json(&body);
        }
        read(req.send().await.unwrap()).await
    }

    pub async fn sinch_signed(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        ts: &str,
        secret: &str,
    ) -> (StatusCode, Value) {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let content_type = if bytes.is_empty() {
            ""
        } else {
            "application/json; charset=UTF-8"
        };
        let sig = sinch_signature(secret, method.as_str(), &bytes, content_type, ts, path);
        let mut req = self
            .http
            .request(method, self.url(path))
            .header("authorization", format!("Application {SINCH_KEY}:{sig}"))
            .header("x-timestamp", ts);
        if !bytes.is_empty() {
            req = req.header("content-type", content_type).body(bytes);
        }
        read(req.send().await.unwrap()).await
    }

    pub async fn sinch_start(&self, number: &str, method: &str) -> Value {
        let (s, v) = self
            .sinch(
                Method::POST,
                "/verification/v1/verifications",
                Some(json!({"identity": {"type": "number", "endpoint": number}, "method": method})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v
    }

    pub async fn infobip(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, self.url(path))
            .header("authorization", format!("App {INFOBIP_KEY}"));
        if let Some(body) = body {
            req = req.json(&body);
        }
        read(req.send().await.unwrap()).await
    }

    /// An application with the given configuration and an SMS template; (appId, messageId).
    pub async fn infobip_app(&self, configuration: Value, template: Value) -> (String, String) {
        let (s, app) = self
            .infobip(
                Method::POST,
                "/2fa/2/applications",
                Some(json!({"name": "test", "configuration": configuration})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{app}");
        let app_id = app["applicationId"].as_str().unwrap().to_owned();
        let (s, msg) = self
            .infobip(
                Method::POST,
                &format!("/2fa/2/applications/{app_id}/messages"),
                Some(template),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{msg}");
        (app_id, msg["messageId"].as_str().unwrap().to_owned())
    }

    pub async fn a365_token(&self) -> String {
        let (s, v) = read(
            self.http
                .post(self.url("/oauth/token"))
                .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
                .form(&[("grant_type", "client_credentials")])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn a365(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        read(req.send().await.unwrap()).await
    }

    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let (s, v) = read(
            self.http
                .get(self.url("/sandbox/outbox"))
                .query(&[("to", to)])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        v.as_array().unwrap().clone()
    }

    pub async fn last_code(&self, to: &str) -> String {
        let list = self.outbox(to).await;
        list.last().expect("a message")["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn advance(&self, seconds: i64) {
        let (s, v) = read(
            self.http
                .post(self.url("/sandbox/clock"))
                .json(&json!({"advanceSeconds": seconds}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }

    pub async fn sinch_options(&self, options: Value) {
        let (s, v) = read(
            self.http
                .put(self.url(&format!("/sandbox/sinch/apps/{SINCH_KEY}")))
                .json(&options)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
}

pub fn is_hex(s: &str, len: usize, upper: bool) -> bool {
    s.len() == len
        && s.bytes().all(|b| {
            b.is_ascii_digit()
                || if upper {
                    (b'A'..=b'F').contains(&b)
                } else {
                    (b'a'..=b'f').contains(&b)
                }
        })
}

pub fn sinch_error(v: &Value, code: u64) {
    assert_eq!(v["errorCode"].as_u64(), Some(code), "{v}");
    assert!(v["message"].is_string(), "{v}");
    assert!(v["reference"].is_string(), "{v}");
}

pub fn infobip_error(v: &Value, id: &str) {
    assert_eq!(
        v["requestError"]["serviceException"]["messageId"], id,
        "{v}"
    );
    assert!(
        v["requestError"]["serviceException"]["text"].is_string(),
        "{v}"
    );
}
