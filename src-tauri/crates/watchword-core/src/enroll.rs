//! What a user showed Watchword to enroll, and what of it can be added: the
//! same reading for the CLI (`add`) and the desktop (paste, drop, scan, deep
//! link), so both accept and refuse the same things with the same words.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::migration::{self, Batch};
use crate::payload::Payload;
use crate::secret::Secret;
use crate::token::{Algorithm, Kind, Token, TokenError};
use crate::uri::OtpAccount;

/// The accounts found in a set of texts (QR codes, pasted lines, a link),
/// with everything that could not be taken and why.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// What can be added, in the order found.
    pub accounts: Vec<OtpAccount>,
    /// Why some texts or entries were skipped, one sentence each.
    pub problems: Vec<String>,
    /// Google Authenticator exports whose other QR codes were not seen yet.
    pub missing: Vec<String>,
}

impl Findings {
    /// Reads each text as one QR code's content or one pasted link; the same
    /// text twice (a code shown twice on screen) counts once.
    pub fn from_texts<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> Self {
        let mut seen = std::collections::HashSet::new();
        let payloads: Vec<Payload> = texts
            .into_iter()
            .filter(|t| seen.insert(t.as_ref().trim().to_owned()))
            .map(|t| Payload::read(t.as_ref()))
            .collect();
        let batches: Vec<Batch> = payloads
            .iter()
            .filter_map(|p| match p {
                Payload::Migration(batch) => Some(batch.clone()),
                _ => None,
            })
            .collect();
        let missing = migration::missing_batches(&batches)
            .into_iter()
            .map(|(_, missing)| {
                let listed: Vec<String> = missing.iter().map(|i| (i + 1).to_string()).collect();
                format!(
                    "this Google Authenticator export has more QR codes; scan code(s) {} too",
                    listed.join(", ")
                )
            })
            .collect();
        Self {
            accounts: payloads.iter().flat_map(Payload::accounts).collect(),
            problems: payloads.iter().flat_map(Payload::problems).collect(),
            missing,
        }
    }

    /// Reads pasted or dropped text: one link per non-empty line.
    pub fn from_lines(text: &str) -> Self {
        Self::from_texts(text.lines().filter(|l| !l.trim().is_empty()))
    }

    /// What the user is asked to confirm, marking accounts the vault has already.
    pub fn preview(&self, existing: &[Account]) -> Vec<Candidate> {
        self.accounts
            .iter()
            .map(|otp| Candidate::new(otp, existing.iter().any(|a| same_account(&a.otp, otp))))
            .collect()
    }

    /// The accounts not in `existing` yet, in order; a second scan adds nothing twice.
    pub fn new_accounts(&self, existing: &[Account]) -> Vec<OtpAccount> {
        let mut fresh: Vec<OtpAccount> = Vec::new();
        for otp in &self.accounts {
            let seen = existing.iter().any(|a| same_account(&a.otp, otp))
                || fresh.iter().any(|f| same_account(f, otp));
            if !seen {
                fresh.push(otp.clone());
            }
        }
        fresh
    }
}

/// Why nothing could be enrolled from a file, a picture or the screen.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// The picture has no QR code.
    #[error("no QR code found in {0}")]
    NoQrCode(String),
    /// The picture could not be read.
    #[error(transparent)]
    Picture(#[from] crate::qr::QrError),
    /// A file that is neither a picture nor text.
    #[error("{0} is neither a picture nor a text file of otpauth:// links")]
    NotPictureOrText(String),
    /// A text file too long to be a list of links.
    #[error("{0} is larger than {MAX_TEXT_BYTES} bytes; that is no list of links")]
    TooLong(String),
    /// A picture file larger than any screenshot or photo of a QR code.
    #[error("{0} is larger than {mib} MiB; that is no picture of a QR code", mib = MAX_PICTURE_BYTES / 1024 / 1024)]
    TooLarge(String),
    /// A folder, a device or a pipe: only regular files are read.
    #[error("{0} is not a regular file")]
    NotAFile(String),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Everything found was rejected; the reasons, joined.
    #[error("{0}")]
    NothingUsable(String),
}

/// A list of links longer than this is no list of links.
const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;
/// A picture file larger than this is no picture of a QR code (a 16384-pixel
/// PNG of a screen is far smaller).
const MAX_PICTURE_BYTES: u64 = 64 * 1024 * 1024;

impl Findings {
    /// The QR codes of a picture.
    pub fn from_picture(image: &image::DynamicImage, what: &str) -> Result<Self, EnrollError> {
        let found = crate::qr::scan_image(image);
        if found.is_empty() {
            return Err(EnrollError::NoQrCode(what.to_owned()));
        }
        Self::from_texts(found.into_iter().map(|f| f.text)).usable()
    }

    /// The QR codes of an encoded picture (PNG, JPEG…): a file's bytes, or a QR code a
    /// server sent (an Auth365 soft token).
    pub fn from_encoded_picture(bytes: &[u8], what: &str) -> Result<Self, EnrollError> {
        Self::from_picture(&crate::qr::load(bytes, what)?, what)
    }

    /// A dropped or opened file: a picture's QR codes, or a text file's links.
    pub fn from_file(path: &std::path::Path) -> Result<Self, EnrollError> {
        let what = path.display().to_string();
        let io = |source| EnrollError::Io {
            path: what.clone(),
            source,
        };
        use std::io::Read;
        // Only regular files: opening a pipe or a device could block forever.
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(EnrollError::NotAFile(what));
        }
        let mut file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        // The first bytes say what it is; a huge file that is no picture is
        // refused before the rest is read.
        let mut bytes = Vec::new();
        (&mut file).take(64).read_to_end(&mut bytes).map_err(io)?;
        let picture = image::guess_format(&bytes).is_ok();
        if !picture && size > MAX_TEXT_BYTES {
            return Err(EnrollError::TooLong(what));
        }
        if picture && size > MAX_PICTURE_BYTES {
            return Err(EnrollError::TooLarge(what));
        }
        file.read_to_end(&mut bytes).map_err(io)?;
        if picture {
            return Self::from_encoded_picture(&bytes, &what);
        }
        let text = String::from_utf8(bytes).map_err(|_| EnrollError::NotPictureOrText(what))?;
        Self::from_lines(&text).usable()
    }

    /// Several files at once (a drop): every file's accounts, and each file
    /// that gave nothing named with its reason, while the others still count.
    pub fn from_files(paths: &[std::path::PathBuf]) -> Result<Self, EnrollError> {
        let mut all = Findings::default();
        for path in paths {
            match Self::from_file(path) {
                Ok(found) => {
                    all.accounts.extend(found.accounts);
                    all.problems.extend(found.problems);
                    all.missing.extend(found.missing);
                }
                Err(e) => all.problems.push(e.to_string()),
            }
        }
        all.usable()
    }

    /// Itself if it has anything to add; else the reasons as one error.
    pub fn usable(self) -> Result<Self, EnrollError> {
        if self.accounts.is_empty() {
            return Err(EnrollError::NothingUsable(self.problems.join("; ")));
        }
        Ok(self)
    }
}

/// What the confirmation step shows: the accounts, and what was left out.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// Each account found, marked when already in the vault.
    pub candidates: Vec<Candidate>,
    /// Texts or entries skipped, with the reason.
    pub problems: Vec<String>,
    /// Missing QR codes of a multi-code export.
    pub missing: Vec<String>,
}

impl Findings {
    /// The confirmation for these findings against the vault's accounts.
    pub fn to_preview(&self, existing: &[Account]) -> Preview {
        Preview {
            candidates: self.preview(existing),
            problems: self.problems.clone(),
            missing: self.missing.clone(),
        }
    }
}

/// Same secret, issuer and name: enrolling it again would only double it.
pub fn same_account(a: &OtpAccount, b: &OtpAccount) -> bool {
    a.token.secret() == b.token.secret() && a.issuer == b.issuer && a.name == b.name
}

/// What [`same_account`] compares, as one hashable value: SHA-256 over the
/// secret, the issuer and the name (each length-prefixed). A set of these
/// finds duplicates among many accounts in linear time (the import preview)
/// without keeping secret bytes in the set; the digest is wiped on drop and
/// never printed.
#[derive(Eq)]
pub(crate) struct AccountKey([u8; 32]);

#[cfg(test)]
thread_local! {
    /// `AccountKey` comparisons made on this thread: tests count them to
    /// show the preview is not quadratic.
    pub(crate) static KEY_COMPARISONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl AccountKey {
    /// The key of an account.
    pub(crate) fn of(otp: &OtpAccount) -> Self {
        use sha2::Digest;
        let secret = otp.token.secret().expose();
        let issuer = otp.issuer.as_deref();
        let mut input = Zeroizing::new(Vec::with_capacity(
            64 + secret.len() + otp.name.len() + issuer.map_or(0, str::len),
        ));
        input.extend_from_slice(b"watchword-account-key\0");
        for field in [
            Some(secret),
            issuer.map(str::as_bytes),
            Some(otp.name.as_bytes()),
        ] {
            // A missing issuer differs from an empty one.
            input.push(u8::from(field.is_some()));
            let field = field.unwrap_or_default();
            input.extend_from_slice(&(field.len() as u64).to_le_bytes());
            input.extend_from_slice(field);
        }
        Self(sha2::Sha256::digest(input.as_slice()).into())
    }
}

impl PartialEq for AccountKey {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(test)]
        KEY_COMPARISONS.with(|count| count.set(count.get() + 1));
        self.0 == other.0
    }
}

impl std::hash::Hash for AccountKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Drop for AccountKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl std::fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccountKey(<redacted>)")
    }
}

/// An account about to be added, as the confirmation shows it (no secret).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The service.
    pub issuer: Option<String>,
    /// The account at that service.
    pub name: String,
    /// `totp`, `hotp` or `steam`.
    pub r#type: &'static str,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: &'static str,
    /// Code length.
    pub digits: u8,
    /// Seconds per code (TOTP/Steam).
    pub period: Option<u32>,
    /// Starting counter (HOTP).
    pub counter: Option<u64>,
    /// The vault already holds this account; it will be skipped.
    pub duplicate: bool,
}

impl Candidate {
    pub(crate) fn new(otp: &OtpAccount, duplicate: bool) -> Self {
        let kind = otp.token.kind();
        Self {
            issuer: otp.issuer.clone(),
            name: otp.name.clone(),
            r#type: kind.type_name(),
            algorithm: otp.token.algorithm().as_str(),
            digits: otp.token.digits(),
            period: kind.period(),
            counter: kind.counter(),
            duplicate,
        }
    }
}

/// The manual form: what a user types when there is no QR code or link.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualEntry {
    /// The service (may be empty if the name is given).
    #[serde(default)]
    pub issuer: String,
    /// The account at that service.
    #[serde(default)]
    pub name: String,
    /// Base32 as issuers show it (spaces, any case).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub secret: Zeroizing<String>,
    /// `totp`, `hotp` or `steam`.
    pub r#type: String,
    /// `SHA1`, `SHA256` or `SHA512`.
    #[serde(default = "default_algorithm")]
    pub algorithm: String,
    /// Code length, 6 to 10.
    #[serde(default = "default_digits")]
    pub digits: u8,
    /// Seconds per code for TOTP and Steam.
    #[serde(default = "default_period")]
    pub period: u32,
    /// Starting counter for HOTP.
    #[serde(default)]
    pub counter: u64,
}

fn default_algorithm() -> String {
    "SHA1".into()
}
fn default_digits() -> u8 {
    6
}
fn default_period() -> u32 {
    30
}

/// One field of the manual form and what is wrong with it, to show beside it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the form knows it (`secret`, `digits`, …).
    pub field: &'static str,
    /// A sentence for the user.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl ManualEntry {
    /// The account the form describes, or every field that is wrong at once.
    pub fn validate(&self) -> Result<OtpAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let issuer = self.issuer.trim();
        let name = self.name.trim();
        if issuer.is_empty() && name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "Give an issuer or an account name.",
            ));
        }
        if issuer.contains(':') {
            errors.push(FieldError::new(
                "issuer",
                "An issuer cannot contain a colon.",
            ));
        }
        let secret = match Secret::from_base32(&self.secret) {
            Ok(secret) => Some(secret),
            Err(e) => {
                errors.push(FieldError::new("secret", sentence(&e.to_string())));
                None
            }
        };
        let algorithm = Algorithm::parse(&self.algorithm);
        if algorithm.is_none() {
            errors.push(FieldError::new(
                "algorithm",
                "Choose SHA1, SHA256 or SHA512.",
            ));
        }
        let kind = match self.r#type.to_ascii_lowercase().as_str() {
            "totp" => Some(Kind::Totp {
                period: self.period,
            }),
            "steam" => Some(Kind::Steam {
                period: self.period,
            }),
            "hotp" => Some(Kind::Hotp {
                counter: self.counter,
            }),
            _ => {
                errors.push(FieldError::new("type", "Choose TOTP, HOTP or Steam."));
                None
            }
        };
        let (Some(secret), Some(algorithm), Some(kind)) = (secret, algorithm, kind) else {
            return Err(errors);
        };
        match Token::new(kind, algorithm, self.digits, secret) {
            Ok(token) if errors.is_empty() => Ok(OtpAccount {
                issuer: Some(issuer.to_owned()).filter(|i| !i.is_empty()),
                name: name.to_owned(),
                token,
                extra: Vec::new(),
            }),
            Ok(_) => Err(errors),
            Err(e) => {
                let field = match e {
                    TokenError::Digits(_) => "digits",
                    TokenError::Period(_) => "period",
                };
                errors.push(FieldError::new(field, sentence(&e.to_string())));
                Err(errors)
            }
        }
    }
}

/// The core's lower-case messages as sentences for a form.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_import_files_account_keys_agree_with_same_account_and_hide_the_secret() {
        let parse = |uri: &str| OtpAccount::parse(uri).unwrap();
        let base = parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP");
        let cases = [
            (
                "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&digits=8",
                true,
            ),
            ("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXQ", false),
            ("otpauth://totp/GitHub:alicE?secret=JBSWY3DPEHPK3PXP", false),
            ("otpauth://totp/Github:alice?secret=JBSWY3DPEHPK3PXP", false),
            ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP", false),
            // Fields do not run into each other: issuer "GitHu" + name
            // "balice" is not issuer "GitHub" + name "alice".
            ("otpauth://totp/GitHu:balice?secret=JBSWY3DPEHPK3PXP", false),
        ];
        for (uri, same) in cases {
            let other = parse(uri);
            assert_eq!(same_account(&base, &other), same, "{uri}");
            assert_eq!(
                AccountKey::of(&base) == AccountKey::of(&other),
                same,
                "{uri}"
            );
        }
        let mut no_issuer = base.clone();
        no_issuer.issuer = None;
        let mut empty_issuer = base.clone();
        empty_issuer.issuer = Some(String::new());
        assert!(AccountKey::of(&no_issuer) != AccountKey::of(&empty_issuer));
        assert_eq!(
            format!("{:?}", AccountKey::of(&base)),
            "AccountKey(<redacted>)"
        );
    }

    fn entry(secret: &str) -> ManualEntry {
        ManualEntry {
            issuer: "Example".into(),
            name: "ann".into(),
            secret: Zeroizing::new(secret.into()),
            r#type: "totp".into(),
            algorithm: "SHA1".into(),
            digits: 6,
            period: 30,
            counter: 0,
        }
    }

    #[test]
    fn a_valid_form_makes_the_same_account_as_its_uri() {
        let otp = entry("jbsw y3dp ehpk 3pxp").validate().unwrap();
        let parsed =
            OtpAccount::parse("otpauth://totp/Example:ann?secret=JBSWY3DPEHPK3PXP&issuer=Example")
                .unwrap();
        assert_eq!(otp, parsed);
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let mut form = entry("JBSW!3DP");
        form.issuer = String::new();
        form.name = " ".into();
        form.algorithm = "MD5".into();
        let errors = form.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "secret", "algorithm"]);
        assert!(errors[1].message.contains("character 5"), "{errors:?}");
        assert!(!errors[1].message.contains("JBSW"), "the secret stays out");
    }

    #[test]
    fn digits_and_period_come_back_from_the_token_rules() {
        let mut form = entry("JBSWY3DPEHPK3PXP");
        form.digits = 4;
        assert_eq!(form.validate().unwrap_err()[0].field, "digits");
        let mut form = entry("JBSWY3DPEHPK3PXP");
        form.period = 0;
        assert_eq!(form.validate().unwrap_err()[0].field, "period");
        let mut form = entry("JBSWY3DPEHPK3PXP");
        form.r#type = "hotp".into();
        form.counter = 42;
        assert_eq!(form.validate().unwrap().token.kind().counter(), Some(42));
    }

    #[test]
    fn findings_keep_good_lines_and_say_why_others_were_skipped() {
        let text = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n\nhttps://example.com\notpauth://totp/B:b?secret=1\n";
        let found = Findings::from_lines(text);
        assert_eq!(found.accounts.len(), 1);
        assert_eq!(found.problems.len(), 2, "{:?}", found.problems);
        assert!(found.problems[0].contains("not an authenticator code"));
    }

    #[test]
    fn files_are_read_as_pictures_or_as_lists_of_links() {
        let temp = tempfile::tempdir().unwrap();
        let uri = "otpauth://totp/Drop:dee?secret=JBSWY3DPEHPK3PXP";
        let picture = temp.path().join("code.png");
        std::fs::write(&picture, crate::qr::to_png(uri, 4).unwrap()).unwrap();
        assert_eq!(
            Findings::from_file(&picture).unwrap().accounts[0].name,
            "dee"
        );

        let list = temp.path().join("links.txt");
        std::fs::write(&list, format!("{uri}\r\n\r\nnot a link\n")).unwrap();
        let found = Findings::from_file(&list).unwrap();
        assert_eq!((found.accounts.len(), found.problems.len()), (1, 1));

        let blank = temp.path().join("blank.png");
        image::GrayImage::from_pixel(64, 64, image::Luma([255]))
            .save(&blank)
            .unwrap();
        let error = Findings::from_file(&blank).unwrap_err().to_string();
        assert!(
            error.starts_with("no QR code found in") && error.ends_with("blank.png"),
            "{error}"
        );

        let binary = temp.path().join("data.bin");
        std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).unwrap();
        assert!(
            Findings::from_file(&binary)
                .unwrap_err()
                .to_string()
                .contains("neither a picture nor a text file")
        );

        let words = temp.path().join("words.txt");
        std::fs::write(&words, "hello\n").unwrap();
        assert!(
            Findings::from_file(&words)
                .unwrap_err()
                .to_string()
                .contains("not an authenticator code")
        );

        let gone = temp.path().join("gone.png");
        assert!(
            Findings::from_file(&gone)
                .unwrap_err()
                .to_string()
                .starts_with("cannot read")
        );
    }

    /// A drop of several files: the good ones' accounts come in, each bad
    /// file is named with its reason, and a drop of only bad files is an error.
    #[test]
    fn dropped_files_are_read_together() {
        let temp = tempfile::tempdir().unwrap();
        let picture = temp.path().join("qr.png");
        let uri = "otpauth://totp/Pic:p?secret=JBSWY3DPEHPK3PXP";
        std::fs::write(&picture, crate::qr::to_png(uri, 4).unwrap()).unwrap();
        let list = temp.path().join("links.txt");
        std::fs::write(&list, "otpauth://totp/Txt:t?secret=JBSWY3DPEHPK3PXP\n").unwrap();
        let junk = temp.path().join("junk.bin");
        std::fs::write(&junk, [0u8, 159, 146, 150]).unwrap();

        let found = Findings::from_files(&[picture, list, junk.clone()]).unwrap();
        let names: Vec<&str> = found.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["p", "t"]);
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0].contains("junk.bin is neither a picture nor a text file"));

        let error = Findings::from_files(&[junk]).unwrap_err();
        assert!(matches!(error, EnrollError::NothingUsable(_)));
        assert!(error.to_string().contains("junk.bin"), "{error}");
    }

    #[test]
    fn duplicates_are_marked_and_not_added_twice() {
        let uri = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP";
        let found = Findings::from_texts([uri, uri, "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP"]);
        let existing = vec![Account::new(OtpAccount::parse(uri).unwrap(), 0, 0)];
        let preview = found.preview(&existing);
        assert_eq!(
            preview.iter().map(|c| c.duplicate).collect::<Vec<_>>(),
            [true, false],
            "the repeated link is shown once"
        );
        let fresh = found.new_accounts(&[]);
        assert_eq!(fresh.len(), 2);
        // The same account under two spellings of its link is added once.
        let respelled = Findings::from_texts([uri, "otpauth://totp/A:a?secret=jbswy3dpehpk3pxp"]);
        assert_eq!(respelled.accounts.len(), 2);
        assert_eq!(respelled.new_accounts(&[]).len(), 1);
        assert_eq!(found.new_accounts(&existing).len(), 1);
    }

    #[test]
    fn drops_read_regular_files_only_within_a_size_cap() {
        let temp = tempfile::tempdir().unwrap();
        // A folder.
        let err = Findings::from_file(temp.path()).unwrap_err();
        assert!(matches!(err, EnrollError::NotAFile(_)), "{err}");
        // A pipe: refused at once instead of blocking on open.
        let fifo = temp.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = Findings::from_file(&fifo).unwrap_err();
            assert!(matches!(err, EnrollError::NotAFile(_)), "{err}");
        }
        // A "picture" larger than any screenshot (sparse: nothing is written).
        let huge = temp.path().join("huge.png");
        let file = std::fs::File::create(&huge).unwrap();
        std::io::Write::write_all(&mut &file, b"\x89PNG\r\n\x1a\n").unwrap();
        file.set_len(MAX_PICTURE_BYTES + 1).unwrap();
        let err = Findings::from_file(&huge).unwrap_err();
        assert!(matches!(err, EnrollError::TooLarge(_)), "{err}");
        assert!(err.to_string().contains("no picture of a QR code"));
    }
}
