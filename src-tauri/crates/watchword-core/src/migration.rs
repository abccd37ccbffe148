//! Google Authenticator's `otpauth-migration://offline?data=…` exports: a
//! base64 protobuf `MigrationPayload` holding a batch of accounts.
//!
//! The schema is the one Google Authenticator writes (and every importer of it
//! reads): field numbers below are part of the wire format.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use prost::Message;
use zeroize::Zeroize;

use crate::secret::Secret;
use crate::token::{Algorithm, DEFAULT_PERIOD, Kind, Token};
use crate::uri::OtpAccount;

/// Accounts Google Authenticator puts in one QR code of an export.
pub const BATCH_LIMIT: usize = 10;

#[derive(Clone, PartialEq, Message)]
struct MigrationPayload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

#[derive(Clone, PartialEq, Message)]
struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    /// 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    algorithm: i32,
    /// 0 unspecified (6), 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    digits: i32,
    /// 0 unspecified (TOTP), 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    r#type: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Why a migration URI could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// Not `otpauth-migration://offline?data=…`.
    #[error("not a Google Authenticator export (expected otpauth-migration://offline?data=…)")]
    NotMigration,
    /// The `data` parameter is missing.
    #[error("data: missing")]
    MissingData,
    /// `data` is not base64.
    #[error("data: not base64")]
    Base64,
    /// `data` is base64 but not the export's protobuf.
    #[error("data: not a Google Authenticator payload ({0})")]
    Protobuf(String),
}

/// One entry of a batch that could not become an account, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based position in the batch.
    pub position: usize,
    /// Issuer and name as the export gave them.
    pub label: String,
    /// What is wrong with it.
    pub reason: String,
}

/// One decoded QR code of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The accounts it carried that Watchword can keep.
    pub accounts: Vec<OtpAccount>,
    /// Entries refused, each with a reason.
    pub rejected: Vec<Rejected>,
    /// This code's position in the export (0-based).
    pub index: u32,
    /// How many codes the export has.
    pub size: u32,
    /// Identifies the export the codes belong to.
    pub id: i32,
}

/// Decodes one `otpauth-migration://` URI.
pub fn decode(uri: &str) -> Result<Batch, MigrationError> {
    let uri = uri.trim();
    const PREFIX: &str = "otpauth-migration://";
    let rest = uri
        .get(..PREFIX.len())
        .filter(|head| head.eq_ignore_ascii_case(PREFIX))
        .map(|_| &uri[PREFIX.len()..])
        .ok_or(MigrationError::NotMigration)?;
    let query = rest
        .strip_prefix("offline")
        .and_then(|r| r.strip_prefix('?'))
        .ok_or(MigrationError::NotMigration)?;
    let data = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("data="))
        .ok_or(MigrationError::MissingData)?;
    let text = percent_decode_str(data)
        .decode_utf8()
        .map_err(|_| MigrationError::Base64)?
        .replace(' ', "+");
    let bytes = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text.as_bytes()).ok())
        .ok_or(MigrationError::Base64)?;
    let payload = MigrationPayload::decode(bytes.as_slice())
        .map_err(|e| MigrationError::Protobuf(e.to_string()))?;

    let mut accounts = Vec::new();
    let mut rejected = Vec::new();
    for (index, entry) in payload.otp_parameters.iter().enumerate() {
        match to_account(entry) {
            Ok(account) => accounts.push(account),
            Err(reason) => rejected.push(Rejected {
                position: index + 1,
                label: match entry.issuer.as_str() {
                    "" => entry.name.clone(),
                    issuer => format!("{issuer} ({})", entry.name),
                },
                reason,
            }),
        }
    }
    Ok(Batch {
        accounts,
        rejected,
        index: u32::try_from(payload.batch_index).unwrap_or(0),
        size: u32::try_from(payload.batch_size).unwrap_or(1).max(1),
        id: payload.batch_id,
    })
}

fn to_account(entry: &OtpParameters) -> Result<OtpAccount, String> {
    let secret =
        Secret::from_bytes(entry.secret.clone()).map_err(|_| "the secret is empty".to_owned())?;
    let algorithm = match entry.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err("MD5 is not a supported algorithm".into()),
        other => return Err(format!("unknown algorithm {other}")),
    };
    let digits = match entry.digits {
        0 | 1 => 6,
        2 => 8,
        other => return Err(format!("unknown digit count {other}")),
    };
    let kind = match entry.r#type {
        0 | 2 => Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        1 => Kind::Hotp {
            counter: u64::try_from(entry.counter)
                .map_err(|_| format!("negative counter {}", entry.counter))?,
        },
        other => return Err(format!("unknown OTP type {other}")),
    };
    let token = Token::new(kind, algorithm, digits, secret).map_err(|e| e.to_string())?;
    // The app writes "Issuer:name" into name when it has one; the issuer field wins.
    let (label_issuer, name) = match entry.name.split_once(':') {
        Some((issuer, name)) => (Some(issuer.trim().to_owned()), name.trim().to_owned()),
        None => (None, entry.name.trim().to_owned()),
    };
    let issuer = Some(entry.issuer.trim().to_owned())
        .filter(|i| !i.is_empty())
        .or(label_issuer.filter(|i| !i.is_empty()));
    Ok(OtpAccount {
        issuer,
        name,
        token,
        extra: Vec::new(),
    })
}

/// Accounts the migration format cannot carry, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexportable {
    /// "Issuer (name)".
    pub label: String,
    /// Which property does not fit.
    pub reason: String,
}

/// Encodes accounts as Google Authenticator export URIs, `BATCH_LIMIT` per
/// QR code, all sharing one batch id. Steam tokens, periods other than 30 s and
/// digit counts other than 6 or 8 cannot be carried and are returned apart.
pub fn encode(accounts: &[OtpAccount], batch_id: i32) -> (Vec<String>, Vec<Unexportable>) {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for account in accounts {
        let token = &account.token;
        let label = match &account.issuer {
            Some(issuer) => format!("{issuer} ({})", account.name),
            None => account.name.clone(),
        };
        let (r#type, counter) = match token.kind() {
            Kind::Totp {
                period: DEFAULT_PERIOD,
            } => (2, 0),
            Kind::Totp { period } => {
                skipped.push(Unexportable {
                    label,
                    reason: format!("a {period} s period (Google Authenticator uses 30 s)"),
                });
                continue;
            }
            Kind::Hotp { counter } => (1, i64::try_from(counter).unwrap_or(i64::MAX)),
            Kind::Steam { .. } => {
                skipped.push(Unexportable {
                    label,
                    reason: "Steam Guard codes".into(),
                });
                continue;
            }
        };
        let digits = match token.digits() {
            6 => 1,
            8 => 2,
            other => {
                skipped.push(Unexportable {
                    label,
                    reason: format!("{other} digits (6 or 8 only)"),
                });
                continue;
            }
        };
        entries.push(OtpParameters {
            secret: token.secret().expose().to_vec(),
            name: account.name.clone(),
            issuer: account.issuer.clone().unwrap_or_default(),
            algorithm: match token.algorithm() {
                Algorithm::Sha1 => 1,
                Algorithm::Sha256 => 2,
                Algorithm::Sha512 => 3,
            },
            digits,
            r#type,
            counter,
        });
    }
    let chunks: Vec<&[OtpParameters]> = entries.chunks(BATCH_LIMIT).collect();
    let size = i32::try_from(chunks.len()).unwrap_or(i32::MAX);
    let uris = chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let payload = MigrationPayload {
                otp_parameters: chunk.to_vec(),
                version: 1,
                batch_size: size,
                batch_index: i32::try_from(index).unwrap_or(i32::MAX),
                batch_id,
            };
            let mut bytes = payload.encode_to_vec();
            let data = STANDARD.encode(&bytes);
            bytes.zeroize();
            format!(
                "otpauth-migration://offline?data={}",
                utf8_percent_encode(&data, NON_ALPHANUMERIC)
            )
        })
        .collect();
    (uris, skipped)
}

/// The batch positions (0-based) missing from a multi-QR export, per export id.
pub fn missing_batches(batches: &[Batch]) -> Vec<(i32, Vec<u32>)> {
    let mut ids: Vec<i32> = batches.iter().map(|b| b.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let of_id: Vec<&Batch> = batches.iter().filter(|b| b.id == id).collect();
            let size = of_id.iter().map(|b| b.size).max().unwrap_or(1);
            let missing: Vec<u32> = (0..size)
                .filter(|i| !of_id.iter().any(|b| b.index == *i))
                .collect();
            (!missing.is_empty()).then_some((id, missing))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector from the peer suites (shared/peer-data/README.md).
    const DISCORD: &str = "otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D";

    #[test]
    fn decodes_the_known_vector() {
        let batch = decode(DISCORD).unwrap();
        assert!(batch.rejected.is_empty());
        let [account] = batch.accounts.as_slice() else {
            panic!("{batch:?}")
        };
        assert_eq!(account.issuer.as_deref(), Some("Discord"));
        assert_eq!(account.name, "johndoe@example.com");
        assert_eq!(
            account.token.secret().to_base32().as_str(),
            "JRZCL47CMXVOQMNPZR2F7J4RGI"
        );
        assert_eq!(account.token.kind(), Kind::Totp { period: 30 });
        assert_eq!(
            (account.token.algorithm(), account.token.digits()),
            (Algorithm::Sha1, 6)
        );
        assert_eq!((batch.index, batch.size), (0, 1));
    }

    #[test]
    fn round_trips_every_shape_and_batches_by_ten() {
        let uris = [
            "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8",
            "otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512",
            "otpauth://hotp/D:d?secret=JBSWY3DPEHPK3PXP&counter=4294967296",
            "otpauth://totp/n%C3%B6-issuer?secret=BASE32SECRET3232",
        ];
        let accounts: Vec<OtpAccount> = (0..23)
            .map(|i| OtpAccount::parse(uris[i % uris.len()]).unwrap())
            .collect();
        let (encoded, skipped) = encode(&accounts, 77);
        assert!(skipped.is_empty());
        assert_eq!(encoded.len(), 3);
        let batches: Vec<Batch> = encoded.iter().map(|u| decode(u).unwrap()).collect();
        assert_eq!(
            batches
                .iter()
                .map(|b| (b.index, b.size, b.id))
                .collect::<Vec<_>>(),
            [(0, 3, 77), (1, 3, 77), (2, 3, 77)]
        );
        let back: Vec<OtpAccount> = batches.into_iter().flat_map(|b| b.accounts).collect();
        assert_eq!(back, accounts);
    }

    #[test]
    fn reports_what_it_cannot_carry_or_read() {
        let steam = OtpAccount::parse("otpauth://steam/Steam:s?secret=JBSWY3DPEHPK3PXP").unwrap();
        let seven =
            OtpAccount::parse("otpauth://totp/X:x?secret=JBSWY3DPEHPK3PXP&digits=7").unwrap();
        let sixty =
            OtpAccount::parse("otpauth://totp/Y:y?secret=JBSWY3DPEHPK3PXP&period=60").unwrap();
        let (encoded, skipped) = encode(&[steam, seven, sixty], 1);
        assert!(encoded.is_empty());
        let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "Steam Guard codes",
                "7 digits (6 or 8 only)",
                "a 60 s period (Google Authenticator uses 30 s)"
            ]
        );

        // An entry with an empty secret and one with MD5 are rejected; the rest import.
        let payload = MigrationPayload {
            otp_parameters: vec![
                OtpParameters {
                    secret: vec![],
                    name: "empty".into(),
                    issuer: "E".into(),
                    algorithm: 1,
                    digits: 1,
                    r#type: 2,
                    counter: 0,
                },
                OtpParameters {
                    secret: vec![1; 10],
                    name: "md5".into(),
                    issuer: "M".into(),
                    algorithm: 4,
                    digits: 1,
                    r#type: 2,
                    counter: 0,
                },
                OtpParameters {
                    secret: vec![2; 10],
                    name: "ok".into(),
                    issuer: "".into(),
                    algorithm: 0,
                    digits: 0,
                    r#type: 0,
                    counter: 0,
                },
            ],
            version: 1,
            batch_size: 2,
            batch_index: 1,
            batch_id: 9,
        };
        let uri = format!(
            "otpauth-migration://offline?data={}",
            STANDARD.encode(payload.encode_to_vec())
        );
        let batch = decode(&uri).unwrap();
        assert_eq!(batch.accounts.len(), 1);
        assert_eq!(
            batch.rejected,
            vec![
                Rejected {
                    position: 1,
                    label: "E (empty)".into(),
                    reason: "the secret is empty".into()
                },
                Rejected {
                    position: 2,
                    label: "M (md5)".into(),
                    reason: "MD5 is not a supported algorithm".into()
                },
            ]
        );
        assert_eq!(missing_batches(&[batch]), vec![(9, vec![0])]);

        assert_eq!(
            decode("otpauth://totp/x?secret=A").unwrap_err(),
            MigrationError::NotMigration
        );
        assert_eq!(
            decode("otpauth-migration://offline?foo=1").unwrap_err(),
            MigrationError::MissingData
        );
        assert_eq!(
            decode("otpauth-migration://offline?data=!!!").unwrap_err(),
            MigrationError::Base64
        );
        assert!(matches!(
            decode("otpauth-migration://offline?data=AAAA").unwrap_err(),
            MigrationError::Protobuf(_)
        ));
    }
}
