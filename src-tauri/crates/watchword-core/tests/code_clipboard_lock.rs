//! Security finding: a copied code stayed on the clipboard after the app
//! locked or quit. `clear_last` takes it back, unless the user copied
//! something else since (a real X clipboard, from scripts/desktop-session.sh).

use watchword_core::OtpAccount;
use watchword_core::clipboard::CodeClipboard;

fn code_at(t: u64) -> watchword_core::Code {
    OtpAccount::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP")
        .unwrap()
        .token
        .code_at(t)
}

fn pasted() -> Option<String> {
    arboard::Clipboard::new().unwrap().get_text().ok()
}

#[test]
fn a_copied_code_is_taken_back_when_the_app_locks_or_quits() {
    let clipboard = CodeClipboard::new().expect("an X server (desktop-session.sh)");
    let code = code_at(1_700_000_000);
    clipboard.copy(&code).unwrap();
    assert_eq!(pasted().as_deref(), Some(code.as_str()));
    assert!(clipboard.clear_last().unwrap());
    assert_ne!(pasted().as_deref(), Some(code.as_str()), "taken back");
    assert!(
        !clipboard.clear_last().unwrap(),
        "nothing left to take back"
    );

    // The user copied something else since: it stays.
    clipboard.copy(&code_at(1_800_000_000)).unwrap();
    arboard::Clipboard::new()
        .unwrap()
        .set_text("a shopping list")
        .unwrap();
    assert!(!clipboard.clear_last().unwrap());
    assert_eq!(pasted().as_deref(), Some("a shopping list"));
}
