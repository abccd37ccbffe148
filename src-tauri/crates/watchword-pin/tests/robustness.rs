//! A provider that is down, slow or answers garbage gives a clear error, never a hang.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use watchword_pin::auth365::{Auth365Client, Auth365Credentials};
use watchword_pin::infobip::InfobipClient;
use watchword_pin::transport::MAX_ANSWER_BYTES;
use watchword_pin::{ExchangeLog, GarbageReason, HttpSettings, PinError, Provider, Transport};
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

/// What a streaming server managed to send before it stopped.
struct Streamed {
    /// Body bytes the kernel accepted.
    written: usize,
    /// Whether the client hung up before the whole body went out.
    closed_early: bool,
}

/// Serves one connection: a 200 with `content_length` (or none, ending at close) and
/// `total` body bytes of JSON-ish filler in 64 KiB writes.
async fn stream_once(
    content_length: Option<u64>,
    total: usize,
) -> (String, tokio::task::JoinHandle<Streamed>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = [0u8; 4096];
        let _ = socket.read(&mut buffer).await;
        let head = match content_length {
            Some(length) => format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
            ),
            None => {
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
                    .to_owned()
            }
        };
        if socket.write_all(head.as_bytes()).await.is_err() {
            return Streamed {
                written: 0,
                closed_early: true,
            };
        }
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        while written < total {
            match socket
                .write(&chunk[..chunk.len().min(total - written)])
                .await
            {
                Ok(0) | Err(_) => {
                    return Streamed {
                        written,
                        closed_early: true,
                    };
                }
                Ok(sent) => written += sent,
            }
        }
        let _ = socket.shutdown().await;
        Streamed {
            written,
            closed_early: false,
        }
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn answer_over_4_mib_is_refused_while_streaming() {
    const TOTAL: usize = 128 * 1024 * 1024;
    let (base, server) = stream_once(None, TOTAL).await;
    let (client, log) = infobip(&base, 20_000, 0);
    let err = client.applications().await.unwrap_err();
    assert!(
        matches!(
            err,
            PinError::Garbage {
                status: 200,
                reason: GarbageReason::TooLarge {
                    limit: MAX_ANSWER_BYTES
                },
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("larger than 4 MiB"), "{err}");
    let streamed = tokio::time::timeout(Duration::from_secs(20), server)
        .await
        .expect("the server notices the client hung up")
        .unwrap();
    assert!(streamed.closed_early, "the client read the whole 128 MiB");
    // The cap plus what the loopback socket buffers hold, far from all of it.
    assert!(
        streamed.written < 32 * 1024 * 1024,
        "the server got {} bytes out",
        streamed.written
    );
    assert_eq!(log.entries().len(), 1);
    assert!(
        log.entries()[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("4 MiB")
    );
}

#[tokio::test]
async fn answer_declaring_over_4_mib_is_refused_before_reading() {
    // The header announces more than the cap: refused at once, whatever follows.
    let (base, server) = stream_once(Some(1 << 40), 1024).await;
    let (client, _) = infobip(&base, 20_000, 0);
    let err = client.applications().await.unwrap_err();
    assert!(
        matches!(
            err,
            PinError::Garbage {
                reason: GarbageReason::TooLarge { .. },
                ..
            }
        ),
        "{err}"
    );
    drop(server);
}

/// An Auth365 look-alike: its token endpoint answers `token`, every other call an order
/// status. Returns the base URL and how many token requests arrived.
async fn auth365_serving(
    token: &'static str,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tokens = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = tokens.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let read = socket.read(&mut buffer).await.unwrap_or(0);
                let body = if buffer[..read].starts_with(b"POST /oauth/token") {
                    counter.fetch_add(1, Ordering::SeqCst);
                    token
                } else {
                    r#"{"status":"success","message":"","state":"pending"}"#
                };
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    (format!("http://{addr}"), tokens)
}

#[tokio::test]
async fn auth365_expires_in_u64_max_is_clamped_without_panic() {
    let (base, tokens) = auth365_serving(
        r#"{"access_token":"t","token_type":"Bearer","expires_in":18446744073709551615,"refresh_token":"r","refresh_expires_in":18446744073709551615}"#,
    )
    .await;
    let transport = Transport::new(
        Provider::Auth365,
        HttpSettings {
            retries: 0,
            ..HttpSettings::default()
        },
        ExchangeLog::new(),
    )
    .unwrap();
    let client = Auth365Client::new(
        transport,
        url::Url::parse(&base).unwrap(),
        Auth365Credentials {
            client_id: "id".into(),
            client_secret: Zeroizing::new("secret".into()),
            account_id: 1,
        },
    );
    for _ in 0..2 {
        let status = client.order_status("ORDER1").await.unwrap();
        assert_eq!(status.state, "pending");
    }
    assert_eq!(
        tokens.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the clamped token is still long-lived and reused"
    );
}
