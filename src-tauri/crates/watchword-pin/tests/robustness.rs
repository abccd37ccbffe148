//! A provider that is down, slow or answers garbage gives a clear error, never a hang.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use watchword_pin::infobip::InfobipClient;
use watchword_pin::{ExchangeLog, HttpSettings, PinError, Provider, Transport};
use zeroize::Zeroizing;

fn infobip(base: &str, timeout_ms: u64, retries: u32) -> (InfobipClient, ExchangeLog) {
    let settings = HttpSettings {
        timeout: Duration::from_millis(timeout_ms),
        connect_timeout: Duration::from_millis(timeout_ms),
        retries,
        backoff: Duration::from_millis(20),
    };
    let log = ExchangeLog::new();
    let transport = Transport::new(Provider::Infobip, settings, log.clone()).unwrap();
    (
        InfobipClient::new(
            transport,
            url::Url::parse(base).unwrap(),
            Zeroizing::new("k".into()),
        ),
        log,
    )
}

/// Serves every connection with `reply` (or never answers when `None`).
async fn serve(reply: Option<&'static str>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                match reply {
                    Some(reply) => {
                        let _ = socket.write_all(reply.as_bytes()).await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(60)).await,
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_provider_that_is_down_is_named_unreachable_after_retries() {
    // Bind and drop: nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (client, log) = infobip(&format!("http://127.0.0.1:{port}"), 1000, 2);
    let err = client.applications().await.unwrap_err();
    assert!(matches!(err, PinError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("cannot reach"), "{err}");
    assert_eq!(log.entries().len(), 3, "a safe GET is tried three times");
}

#[tokio::test]
async fn a_provider_that_never_answers_times_out() {
    let base = serve(None).await;
    let (client, _) = infobip(&base, 300, 0);
    let started = Instant::now();
    let err = client.applications().await.unwrap_err();
    assert!(matches!(err, PinError::Timeout { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_send_is_never_retried() {
    let base = serve(Some(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    ))
    .await;
    let (client, log) = infobip(&base, 1000, 3);
    let err = client.verify("PINID", "1234").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(log.entries().len(), 1, "a POST is not safe to repeat");
}

#[tokio::test]
async fn garbage_bodies_are_named() {
    let base = serve(Some("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 17\r\nconnection: close\r\n\r\n<html>oops</html>")).await;
    let (client, _) = infobip(&base, 1000, 0);
    let err = client.applications().await.unwrap_err();
    assert!(
        matches!(err, PinError::Garbage { status: 200, .. }),
        "{err}"
    );
    let base = serve(Some(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 5\r\nconnection: close\r\n\r\nboom!",
    ))
    .await;
    let (client, _) = infobip(&base, 1000, 0);
    let err = client.applications().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string().contains("without Infobip's error body"),
        "{err}"
    );
}
