//! The normalized account as JSON, shared by `inspect --json` and `scan --json`;
//! later tooling reads these names.

use serde::Serialize;
use watchword_core::OtpAccount;

/// A normalized account; the secret only when asked for.
#[derive(Debug, Serialize)]
pub struct AccountJson {
    r#type: &'static str,
    issuer: Option<String>,
    name: String,
    algorithm: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl AccountJson {
    /// The JSON view of `account`.
    pub fn new(account: &OtpAccount, show_secret: bool) -> Self {
        let token = &account.token;
        Self {
            r#type: token.kind().type_name(),
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            algorithm: token.algorithm().as_str(),
            digits: token.digits(),
            period: token.kind().period(),
            counter: token.kind().counter(),
            uri: if show_secret {
                account.to_uri().to_string()
            } else {
                account.to_uri_without_secret()
            },
            secret: show_secret.then(|| token.secret().to_base32().to_string()),
        }
    }

    /// Aligned text for terminals.
    pub fn print_text(&self) {
        println!("type:      {}", self.r#type);
        println!("issuer:    {}", self.issuer.as_deref().unwrap_or("-"));
        println!("name:      {}", self.name);
        println!("algorithm: {}", self.algorithm);
        println!("digits:    {}", self.digits);
        if let Some(period) = self.period {
            println!("period:    {period}");
        }
        if let Some(counter) = self.counter {
            println!("counter:   {counter}");
        }
        if let Some(secret) = &self.secret {
            println!("secret:    {secret}");
        }
        println!("uri:       {}", self.uri);
    }
}
