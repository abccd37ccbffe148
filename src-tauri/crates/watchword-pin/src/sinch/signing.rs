//! Sinch's signed-request scheme: an HMAC-SHA256 over the canonical request.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::error::PinError;

/// `base64(md5(body))`, or the empty string when there is no body.
pub fn content_md5(body: Option<&[u8]>) -> String {
    match body {
        Some(bytes) if !bytes.is_empty() => BASE64.encode(Md5::digest(bytes)),
        _ => String::new(),
    }
}

/// The text Sinch signs: `VERB \n Content-MD5 \n Content-Type \n x-timestamp:T \n path`.
pub fn string_to_sign(
    method: &str,
    content_md5: &str,
    content_type: &str,
    timestamp: &str,
    path: &str,
) -> String {
    format!("{method}\n{content_md5}\n{content_type}\nx-timestamp:{timestamp}\n{path}")
}

/// `base64(HMAC-SHA256(base64decode(secret), string_to_sign))`.
pub fn signature(secret_base64: &str, string_to_sign: &str) -> Result<String, PinError> {
    let key = zeroize::Zeroizing::new(
        BASE64
            .decode(secret_base64.trim())
            .map_err(|_| PinError::Invalid("the Sinch application secret is not base64".into()))?,
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|_| PinError::Invalid("the Sinch application secret is empty".into()))?;
    mac.update(string_to_sign.as_bytes());
    Ok(BASE64.encode(mac.finalize().into_bytes()))
}

/// The path as signed: no host, no query, percent-decoded.
pub fn signed_path(url: &url::Url) -> String {
    percent_encoding::percent_decode_str(url.path())
        .decode_utf8_lossy()
        .into_owned()
}

/// Signs a request: returns the `Authorization` value `Application key:signature`.
pub fn authorization(
    key: &str,
    secret_base64: &str,
    method: &str,
    body: Option<&[u8]>,
    content_type: &str,
    timestamp: &str,
    path: &str,
) -> Result<String, PinError> {
    let text = string_to_sign(method, &content_md5(body), content_type, timestamp, path);
    Ok(format!(
        "Application {key}:{}",
        signature(secret_base64, &text)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(
        key_secret: &str,
        method: &str,
        body: Option<&str>,
        ctype: &str,
        ts: &str,
        path: &str,
    ) -> String {
        let md5 = content_md5(body.map(str::as_bytes));
        signature(key_secret, &string_to_sign(method, &md5, ctype, ts, path)).unwrap()
    }

    #[test]
    fn vector_1_sms_with_md5() {
        let body = r#"{"message":"Hello world"}"#;
        assert_eq!(
            content_md5(Some(body.as_bytes())),
            "jANzQ+rgAHyf1MWQFSwvYw=="
        );
        assert_eq!(
            sign(
                "JViE5vDor0Sw3WllZka15Q==",
                "POST",
                Some(body),
                "application/json",
                "2014-06-04T13:41:58Z",
                "/v1/sms/+46700000000"
            ),
            "qDXMwzfaxCRS849c/2R0hg0nphgdHciTo7OdM6MsdnM="
        );
    }

    #[test]
    fn vector_2_charset_content_type() {
        let body = r#"{"identity":{"type":"number","endpoint":"+33444555666"},"method":"sms"}"#;
        assert_eq!(
            sign(
                "bXkta2V5LXNlY3JldA==",
                "POST",
                Some(body),
                "application/json; charset=UTF-8",
                "2023-11-22T09:10:11.999Z",
                "/path/pathParamValue"
            ),
            "QP3OzQZVzRZAEev6DBLvJkgpiqyZPuXYsc7oyjUV0K8="
        );
    }

    #[test]
    fn vector_3_get_without_body() {
        assert_eq!(
            sign(
                "bXkta2V5LXNlY3JldA==",
                "GET",
                None,
                "",
                "2023-11-22T09:10:11.999Z",
                "/verification/v1/verifications/id/1234567890"
            ),
            "VKP5Uwfjc27K0E7OajzHjMOnqqiT/BgEmBZZ5FDK6F0="
        );
    }

    #[test]
    fn vector_4_callback() {
        let body = r#"{"event":"ace","callid":"822aa4b7-05b4-4d83-87c7-1f835ee0b6f6_257","timestamp":"2014-09-24T10:59:41Z","version":1}"#;
        assert_eq!(
            sign(
                "BeIukql3pTKJ8RGL5zo0DA==",
                "POST",
                Some(body),
                "application/json",
                "2014-09-24T10:59:41Z",
                "/sinch/callback/ace"
            ),
            "Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4="
        );
    }

    #[test]
    fn the_signed_path_is_decoded_and_has_no_query() {
        let url =
            url::Url::parse("http://h/verification/v1/verifications/number/%2B4670?x=1").unwrap();
        assert_eq!(
            signed_path(&url),
            "/verification/v1/verifications/number/+4670"
        );
    }

    #[test]
    fn a_secret_that_is_not_base64_is_named() {
        let err = signature("not base64!", "x").unwrap_err();
        assert!(err.to_string().contains("not base64"));
    }
}
