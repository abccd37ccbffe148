//! Load benchmark: the sandbox in-process (SQLite file), K concurrent clients over
//! loopback for a fixed time, each alternating Infobip send → outbox → verify and
//! Sinch start → report; prints requests/s and p50/p99 latency per endpoint, once with
//! limits of short windows and once with every limit at 10000/1d.
//!
//! `cargo bench -p watchword-sandbox --bench load` (or `make bench-sandbox`);
//! `SANDBOX_BENCH_SECS` (default 10) and `SANDBOX_BENCH_CLIENTS` (default 16).
#![allow(missing_docs)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Mutex;
use watchword_sandbox::{SandboxConfig, SinchApp, SinchAppOptions, Storage};

const KEY: &str = "bench-infobip";
const SINCH: &str = "bench-sinch";
const SECRET: &str = "YmVuY2gtc2VjcmV0";

type Samples = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

async fn timed(samples: &Samples, name: &'static str, req: reqwest::RequestBuilder) -> Value {
    let start = Instant::now();
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let body: Value = resp.json().await.expect("JSON");
    let took = start.elapsed();
    assert!(status.is_success(), "{name}: {status} {body}");
    samples.lock().await.entry(name).or_default().push(took);
    body
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let secs = env("SANDBOX_BENCH_SECS", 10);
    let clients = env("SANDBOX_BENCH_CLIENTS", 16) as usize;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(secs, clients));
}

async fn run(secs: u64, clients: usize) {
    println!(
        "watchword-sandbox load: {clients} concurrent clients, {secs} s per run, SQLite file (WAL), loopback"
    );
    // First with limits whose windows hold few events, then with every limit at
    // 10000/1d, so the day windows fill with thousands of events as the run goes:
    // the same figures mean a limit check costs the same however full its window is.
    // Each run has a fresh sandbox and database, so neither meets the other's rows.
    let loose = json!({"verifyPinLimit": "1000000/1s", "sendPinPerApplicationLimit": "1000000/1s",
        "sendPinPerPhoneNumberLimit": "1000000/1s"});
    let day = json!({"verifyPinLimit": "10000/1d", "sendPinPerApplicationLimit": "10000/1d",
        "sendPinPerPhoneNumberLimit": "10000/1d"});
    let mut totals = Vec::new();
    for (label, configuration, start_limit) in [
        ("limits 1000000/1s", loose, "1000000/1s"),
        ("limits 10000/1d", day, "10000/1d"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let config = SandboxConfig {
            infobip_keys: vec![KEY.into()],
            sinch_apps: vec![SinchApp {
                key: SINCH.into(),
                secret_base64: SECRET.into(),
                options: SinchAppOptions {
                    accept_custom_code: true,
                    start_limit: start_limit.into(),
                    ..SinchAppOptions::default()
                },
            }],
            auth365_clients: vec![],
            storage: Storage::File(dir.path().join("bench.sqlite")),
            sandbox_token: None,
        };
        let sandbox = watchword_sandbox::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let base = sandbox.base_url();
        // The outbox needs the run token; the provider calls ignore the header.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            watchword_sandbox::TOKEN_HEADER,
            sandbox.token().parse().unwrap(),
        );
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(clients)
            .default_headers(headers)
            .build()
            .unwrap();
        let auth = format!("App {KEY}");
        let app: Value = http
            .post(format!("{base}/2fa/2/applications"))
            .header("authorization", &auth)
            .json(&json!({"name": label, "configuration": configuration}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let app_id = app["applicationId"].as_str().unwrap().to_owned();
        let msg: Value = http
            .post(format!("{base}/2fa/2/applications/{app_id}/messages"))
            .header("authorization", &auth)
            .json(&json!({"messageText": "Your PIN is {{pin}}", "pinLength": 6}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let msg_id = msg["messageId"].as_str().unwrap().to_owned();
        let run = Run {
            http: http.clone(),
            base: base.clone(),
            auth: auth.clone(),
            app_id,
            msg_id,
        };
        let (samples, elapsed, sends) = run.drive(clients, secs, label).await;
        totals.push((label, report(label, &samples, elapsed)));
        println!("({sends} sends into one application's window)\n");
        sandbox.shutdown().await;
    }
    if let [(a, x), (b, y)] = totals.as_slice() {
        println!(
            "all endpoints: {a} {x:.0} req/s, {b} {y:.0} req/s ({:+.1} %)",
            (y / x - 1.0) * 100.0
        );
    }
}

/// An application's limit of 10000 sends a day: the run stops short of it.
const SEND_CAP: u64 = 9_500;

struct Run {
    http: reqwest::Client,
    base: String,
    auth: String,
    app_id: String,
    msg_id: String,
}

impl Run {
    /// K clients for `secs` (or until [`SEND_CAP`] sends); samples, seconds, sends.
    async fn drive(&self, clients: usize, secs: u64, label: &str) -> (Samples, f64, u64) {
        let samples: Samples = Arc::default();
        let sends = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(secs);
        let started = Instant::now();
        let mut tasks = Vec::new();
        // Numbers differ between runs so no run meets another's per-number windows.
        let run_digit = if label.contains("1d") { 2 } else { 1 };
        for c in 0..clients {
            let (http, base, auth, app_id, msg_id, samples, sends) = (
                self.http.clone(),
                self.base.clone(),
                self.auth.clone(),
                self.app_id.clone(),
                self.msg_id.clone(),
                samples.clone(),
                sends.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut i = 0u64;
                while Instant::now() < deadline && sends.fetch_add(1, Ordering::Relaxed) < SEND_CAP {
                    i += 1;
                    let to = format!("467{run_digit}{c:03}{i:06}");
                    let sent = timed(&samples, "infobip POST /2fa/2/pin", http.post(format!("{base}/2fa/2/pin"))
                        .header("authorization", &auth)
                        .json(&json!({"applicationId": app_id, "messageId": msg_id, "to": to}))).await;
                    let out = timed(&samples, "sandbox GET /sandbox/outbox?to=", http.get(format!("{base}/sandbox/outbox")).query(&[("to", &to)])).await;
                    let pin = out[0]["code"].as_str().unwrap().to_owned();
                    let v = timed(&samples, "infobip POST /2fa/2/pin/{id}/verify", http.post(format!("{base}/2fa/2/pin/{}/verify", sent["pinId"].as_str().unwrap()))
                        .header("authorization", &auth)
                        .json(&json!({"pin": pin}))).await;
                    assert_eq!(v["verified"], true);
                    let number = format!("+468{run_digit}{c:03}{i:06}");
                    let code = format!("{:04}", i % 10_000);
                    let started = timed(&samples, "sinch POST /verification/v1/verifications", http.post(format!("{base}/verification/v1/verifications"))
                        .basic_auth(SINCH, Some(SECRET))
                        .json(&json!({"identity": {"type": "number", "endpoint": number}, "method": "sms", "smsOptions": {"code": code}}))).await;
                    let r = timed(&samples, "sinch PUT /verification/v1/verifications/id/{id}", http.put(format!("{base}/verification/v1/verifications/id/{}", started["id"].as_str().unwrap()))
                        .basic_auth(SINCH, Some(SECRET))
                        .json(&json!({"method": "sms", "sms": {"code": code}}))).await;
                    assert_eq!(r["status"], "SUCCESSFUL");
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let elapsed = started.elapsed().as_secs_f64();
        let sent = samples
            .lock()
            .await
            .get("infobip POST /2fa/2/pin")
            .map_or(0, Vec::len) as u64;
        (samples, elapsed, sent)
    }
}

/// Prints one run's table; the requests per second over all endpoints.
fn report(label: &str, samples: &Samples, elapsed: f64) -> f64 {
    let samples = samples.try_lock().expect("the run is over");
    println!("{label}, {elapsed:.1} s");
    println!(
        "{:<55} {:>9} {:>10} {:>9} {:>9}",
        "endpoint", "requests", "req/s", "p50 ms", "p99 ms"
    );
    let mut total = 0;
    for (name, list) in samples.iter() {
        let mut sorted = list.clone();
        sorted.sort();
        let pct = |p: f64| {
            sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64()
                * 1000.0
        };
        total += sorted.len();
        println!(
            "{name:<55} {:>9} {:>10.0} {:>9.2} {:>9.2}",
            sorted.len(),
            sorted.len() as f64 / elapsed,
            pct(0.50),
            pct(0.99)
        );
    }
    println!(
        "{:<55} {:>9} {:>10.0}",
        "all",
        total,
        total as f64 / elapsed
    );
    total as f64 / elapsed
}
