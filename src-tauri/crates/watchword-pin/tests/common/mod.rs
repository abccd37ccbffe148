//! A real sandbox on loopback and real clients for it.

#![allow(dead_code, missing_docs)]

use std::time::Duration;

use serde_json::Value;
use watchword_pin::auth365::{Auth365Client, Auth365Credentials};
use watchword_pin::infobip::InfobipClient;
use watchword_pin::sinch::{AuthScheme, SinchClient, SinchCredentials};
use watchword_pin::{ExchangeLog, HttpSettings, Provider, Transport};
use watchword_sandbox::{RunningSandbox, SandboxConfig, SinchApp, SinchAppOptions, Storage};
use zeroize::Zeroizing;

pub const SINCH_KEY: &str = "5F5C418A0F914BBC8234A9BF5EDDAD97";
pub const SINCH_SECRET: &str = "JViE5vDor0Sw3WllZka15Q==";
pub const INFOBIP_KEY: &str = "test-infobip-key";
pub const AUTH_ID: &str = "client-1";
pub const AUTH_SECRET: &str = "client-secret-1";

pub struct Fixture {
    pub sandbox: RunningSandbox,
    pub log: ExchangeLog,
    pub http: reqwest::Client,
}

pub fn settings() -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        retries: 1,
        backoff: Duration::from_millis(50),
    }
}

pub async fn start() -> Fixture {
    start_with(Storage::Memory).await
}

pub async fn start_with(storage: Storage) -> Fixture {
    let config = SandboxConfig {
        infobip_keys: vec![INFOBIP_KEY.into()],
        sinch_apps: vec![SinchApp {
            key: SINCH_KEY.into(),
            secret_base64: SINCH_SECRET.into(),
            options: SinchAppOptions::default(),
        }],
        auth365_clients: vec![watchword_sandbox::Auth365Client {
            id: AUTH_ID.into(),
            secret: AUTH_SECRET.into(),
        }],
        storage,
        sandbox_token: None,
    };
    let sandbox = watchword_sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the sandbox starts");
    // The helpers below read the outbox and move the clock: they carry the run token.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        watchword_sandbox::TOKEN_HEADER,
        sandbox.token().parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Fixture {
        sandbox,
        log: ExchangeLog::new(),
        http,
    }
}

impl Fixture {
    pub fn base(&self) -> url::Url {
        url::Url::parse(&self.sandbox.base_url()).unwrap()
    }

    pub fn transport(&self, provider: Provider) -> Transport {
        Transport::new(provider, settings(), self.log.clone()).unwrap()
    }

    pub fn sinch(&self, scheme: AuthScheme) -> SinchClient {
        self.sinch_with(scheme, SINCH_KEY, SINCH_SECRET)
    }

    pub fn sinch_with(&self, scheme: AuthScheme, key: &str, secret: &str) -> SinchClient {
        SinchClient::new(
            self.transport(Provider::Sinch),
            self.base(),
            SinchCredentials {
                key: key.into(),
                secret: Zeroizing::new(secret.into()),
                scheme,
            },
        )
    }

    pub fn infobip(&self) -> InfobipClient {
        self.infobip_with(INFOBIP_KEY)
    }

    pub fn infobip_with(&self, key: &str) -> InfobipClient {
        InfobipClient::new(
            self.transport(Provider::Infobip),
            self.base(),
            Zeroizing::new(key.into()),
        )
    }

    pub fn auth365(&self) -> Auth365Client {
        self.auth365_with(AUTH_SECRET)
    }

    pub fn auth365_with(&self, secret: &str) -> Auth365Client {
        Auth365Client::new(
            self.transport(Provider::Auth365),
            self.base(),
            Auth365Credentials {
                client_id: AUTH_ID.into(),
                client_secret: Zeroizing::new(secret.into()),
                account_id: 1000,
            },
        )
    }

    /// The newest outbox message to `to`.
    pub async fn last_message(&self, to: &str) -> Value {
        let list = self.outbox(to).await;
        list.last()
            .cloned()
            .unwrap_or_else(|| panic!("nothing in the outbox for {to}"))
    }

    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let url = format!("{}/sandbox/outbox", self.sandbox.base_url());
        self.http
            .get(url)
            .query(&[("to", to)])
            .send()
            .await
            .unwrap()
            .json::<Vec<Value>>()
            .await
            .unwrap()
    }

    /// Moves the sandbox's clock forward; returns its new Unix time in seconds.
    pub async fn advance(&self, seconds: i64) -> u64 {
        let url = format!("{}/sandbox/clock", self.sandbox.base_url());
        let body: Value = self
            .http
            .post(url)
            .json(&serde_json::json!({ "advanceSeconds": seconds }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let offset = body["offsetSeconds"].as_i64().unwrap();
        (now_unix() as i64 + offset) as u64
    }

    pub async fn set_sinch_options(&self, options: Value) {
        let url = format!("{}/sandbox/sinch/apps/{SINCH_KEY}", self.sandbox.base_url());
        let answer = self.http.put(url).json(&options).send().await.unwrap();
        assert!(
            answer.status().is_success(),
            "{}",
            answer.text().await.unwrap()
        );
    }
}

pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn code_of(message: &Value) -> String {
    message["code"]
        .as_str()
        .expect("an outbox message has a code")
        .to_owned()
}

/// A code that differs from `code` in every position (same length and character kind).
pub fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            '0'..='8' => ((c as u8) + 1) as char,
            '9' => '0',
            'A'..='Y' | 'a'..='y' => ((c as u8) + 1) as char,
            'Z' => 'A',
            'z' => 'a',
            other => other,
        })
        .collect()
}
