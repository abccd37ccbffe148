//! Hexadecimal, the one place it is spelled out: file names, Aegis's key fields.

use zeroize::Zeroizing;

/// Lowercase hex (file names, Aegis exports).
pub fn encode(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// Hex in either case, surrounding space ignored; the bytes are zeroized on
/// drop because what is read this way is usually key material.
pub fn decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.trim().as_bytes())
        .ok()
        .map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_in_either_case() {
        assert_eq!(super::encode(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(
            super::decode(" 00ABff ").unwrap().as_slice(),
            [0, 0xab, 0xff]
        );
        assert!(super::decode("0g").is_none());
    }
}
