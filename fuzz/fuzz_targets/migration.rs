//! Google Authenticator's `otpauth-migration://` decoder on arbitrary text:
//! both raw protobuf bytes (base64-wrapped) and arbitrary URIs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use watchword_core::migration;

fuzz_target!(|data: &[u8]| {
    use base64::Engine;
    let wrapped = format!(
        "otpauth-migration://offline?data={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
    );
    let _ = migration::decode(&wrapped);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migration::decode(text);
    }
});
