//! The client's signed requests, captured off a raw socket, verify with an independent
//! implementation of Sinch's scheme: Python's hashlib/hmac, not this crate's code.

use std::process::Command;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use watchword_pin::sinch::{
    AuthScheme, Method, Report, SinchClient, SinchCredentials, StartRequest,
};
use watchword_pin::{ExchangeLog, HttpSettings, Provider, Transport};
use zeroize::Zeroizing;

const KEY: &str = "my-key-id";
const SECRET: &str = "bXkta2V5LXNlY3JldA==";

const VERIFY_PY: &str = r#"
import base64, hashlib, hmac, sys, urllib.parse
raw = sys.stdin.buffer.read()
head, _, body = raw.partition(b"\r\n\r\n")
lines = head.decode().split("\r\n")
method, target, _ = lines[0].split(" ")
headers = {}
for line in lines[1:]:
    name, _, value = line.partition(":")
    headers[name.strip().lower()] = value.strip()
md5 = base64.b64encode(hashlib.md5(body).digest()).decode() if body else ""
path = urllib.parse.unquote(target.split("?")[0])
text = "\n".join([method, md5, headers.get("content-type", ""), "x-timestamp:" + headers["x-timestamp"], path])
key = base64.b64decode(sys.argv[1])
expected = base64.b64encode(hmac.new(key, text.encode(), hashlib.sha256).digest()).decode()
scheme, _, credentials = headers["authorization"].partition(" ")
app_key, _, signature = credentials.partition(":")
assert scheme.lower() == "application", scheme
assert app_key == sys.argv[2], app_key
assert signature == expected, (signature, expected, text)
print("verified", method, path)
"#;

/// Accepts one request, answers `answer` with status 200, returns the raw request.
async fn capture_one(listener: tokio::net::TcpListener, answer: &'static str) -> Vec<u8> {
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = socket.read(&mut buffer).await.unwrap();
        raw.extend_from_slice(&buffer[..read]);
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
            let length = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                break;
            }
        }
        if read == 0 {
            break;
        }
    }
    let reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
        answer.len()
    );
    socket.write_all(reply.as_bytes()).await.unwrap();
    raw
}

fn python_verifies(raw: &[u8]) {
    let mut child = Command::new("python3")
        .args(["-c", VERIFY_PY, SECRET, KEY])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), raw).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python rejected the signature:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(raw)
    );
}

async fn client_and_listener() -> (SinchClient, tokio::net::TcpListener) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = url::Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    let settings = HttpSettings {
        timeout: Duration::from_secs(5),
        retries: 0,
        ..HttpSettings::default()
    };
    let transport = Transport::new(Provider::Sinch, settings, ExchangeLog::new()).unwrap();
    let credentials = SinchCredentials {
        key: KEY.into(),
        secret: Zeroizing::new(SECRET.into()),
        scheme: AuthScheme::Signed,
    };
    (SinchClient::new(transport, base, credentials), listener)
}

#[tokio::test]
async fn a_signed_post_with_a_body_verifies_in_python() {
    let (client, listener) = client_and_listener().await;
    let server = tokio::spawn(capture_one(
        listener,
        r#"{"id":"1","method":"sms","_links":[]}"#,
    ));
    client
        .start(&StartRequest::new("+33444555666", Method::Sms), None)
        .await
        .unwrap();
    python_verifies(&server.await.unwrap());
}

#[tokio::test]
async fn a_signed_get_without_a_body_and_an_encoded_path_verifies_in_python() {
    let (client, listener) = client_and_listener().await;
    let server = tokio::spawn(capture_one(
        listener,
        r#"{"id":"1","method":"sms","status":"PENDING"}"#,
    ));
    client
        .status_by_identity(Method::Sms, "+46 700")
        .await
        .unwrap();
    let raw = server.await.unwrap();
    assert!(
        String::from_utf8_lossy(&raw).contains("%20"),
        "the space is encoded on the wire"
    );
    python_verifies(&raw);
}

#[tokio::test]
async fn a_signed_put_report_verifies_in_python() {
    let (client, listener) = client_and_listener().await;
    let server = tokio::spawn(capture_one(
        listener,
        r#"{"id":"1","method":"sms","status":"SUCCESSFUL"}"#,
    ));
    let report = Report::for_method(Method::Sms, "1234").unwrap();
    client
        .report_by_number("+46700000000", &report)
        .await
        .unwrap();
    python_verifies(&server.await.unwrap());
}
