//! The `otpauth://` parser (every text importer goes through it), and the
//! writer: whatever parses must write a URI that parses back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use watchword_core::OtpAccount;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(account) = OtpAccount::parse(text) {
        let again = OtpAccount::parse(&account.to_uri()).expect("a written URI parses");
        assert_eq!(again, account);
    }
});
