//! The built-in brand icons (placeholder until the index is generated).

/// The slug of the brand an account is named after, if any.
pub fn find(issuer: &str, label: &str) -> Option<&'static str> {
    let _ = (issuer, label);
    None
}
