//! Copying codes on a real X clipboard (Xvfb, from scripts/desktop-session.sh):
//! the code is served while the app lives, and cleared later only if the
//! clipboard still holds it.

use std::sync::Arc;
use std::time::Duration;

use watchword_core::OtpAccount;
use watchword_core::clipboard::CodeClipboard;

fn code_at(t: u64) -> watchword_core::Code {
    OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP")
        .unwrap()
        .token
        .code_at(t)
}

/// What another application pasting now would get.
fn pasted() -> Option<String> {
    arboard::Clipboard::new().unwrap().get_text().ok()
}

#[test]
fn copied_codes_are_served_then_cleared_unless_replaced() {
    let clipboard = Arc::new(CodeClipboard::new().expect("an X server (desktop-session.sh)"));
    let first = code_at(1_700_000_000);
    clipboard
        .copy_for(first.clone(), Some(Duration::from_millis(400)))
        .unwrap();
    assert_eq!(pasted().as_deref(), Some(first.as_str()));
    std::thread::sleep(Duration::from_millis(900));
    assert_ne!(
        pasted().as_deref(),
        Some(first.as_str()),
        "cleared after the delay"
    );

    // The user copies something else meanwhile: it is left alone.
    let second = code_at(1_800_000_000);
    clipboard
        .copy_for(second, Some(Duration::from_millis(400)))
        .unwrap();
    arboard::Clipboard::new()
        .unwrap()
        .set_text("a shopping list")
        .unwrap();
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(pasted().as_deref(), Some("a shopping list"));

    // No delay: the code stays.
    let third = code_at(1_900_000_000);
    clipboard.copy_for(third.clone(), None).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(pasted().as_deref(), Some(third.as_str()));
}
