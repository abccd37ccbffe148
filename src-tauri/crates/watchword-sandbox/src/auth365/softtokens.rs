//! TOTP soft tokens (RFC 6238): create (160-bit secret from the CSPRNG, an `otpauth://`
//! URI and its QR as a base64 PNG), list without secrets, validate (±1 step, never the
//! same step twice), delete. Defaults: issuer "Watchword Sandbox", SHA1, 6 digits, 30 s.

use crate::openapi::responses::Auth365Errors;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rusqlite::{OptionalExtension, params};

use super::error::Auth365Error;
use super::oauth::bearer;
use super::orders::ClientLimits;
use super::tokens::{account_id, body, int_field, outcome, reply};
use super::wire::{
    Algorithm, SoftTokenCreated, SoftTokenRequest, SoftTokenValidate, SoftTokenView,
};
use crate::clock::rfc3339_ms;
use crate::field::Field;
use crate::pin;
use crate::ratelimit;
use crate::state::SandboxState;

type Result<T> = std::result::Result<T, Auth365Error>;

const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// The HOTP value (RFC 4226) of `counter` with `algorithm` (SHA1, SHA256, SHA512).
pub fn hotp(secret: &[u8], counter: u64, digits: u32, algorithm: &str) -> String {
    let msg = counter.to_be_bytes();
    let digest: Vec<u8> = match algorithm {
        "SHA256" => mac::<sha2::Sha256>(secret, &msg),
        "SHA512" => mac::<sha2::Sha512>(secret, &msg),
        _ => mac::<sha1::Sha1>(secret, &msg),
    };
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    let value = bin % 10u32.pow(digits);
    format!("{value:0width$}", width = digits as usize)
}

fn mac<D>(key: &[u8], msg: &[u8]) -> Vec<u8>
where
    D: hmac::digest::core_api::CoreProxy,
    D::Core: hmac::digest::HashMarker
        + hmac::digest::core_api::UpdateCore
        + hmac::digest::core_api::FixedOutputCore
        + hmac::digest::core_api::BufferKindUser<BufferKind = hmac::digest::block_buffer::Eager>
        + Default
        + Clone,
    <D::Core as hmac::digest::core_api::BlockSizeUser>::BlockSize:
        hmac::digest::typenum::IsLess<hmac::digest::typenum::U256>,
    hmac::digest::typenum::Le<
        <D::Core as hmac::digest::core_api::BlockSizeUser>::BlockSize,
        hmac::digest::typenum::U256,
    >: hmac::digest::typenum::NonZero,
{
    let mut m = <Hmac<D> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

fn qr_png(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let img = code
        .render::<image::Luma<u8>>()
        .min_dimensions(256, 256)
        .build();
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(png.into_inner()))
}

/// `POST /softtokens` → 201.
#[utoipa::path(post, path = "/softtokens", tag = "auth365", request_body = SoftTokenRequest, responses((status = 201, description = "created", body = SoftTokenCreated), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn create(State(st): State<SandboxState>, headers: HeaderMap, raw: Bytes) -> Response {
    reply((|| {
        let conn = st.db().lock();
        let client = bearer(&conn, &headers, st.now_ms())?;
        let req: SoftTokenRequest = body(&raw)?;
        let account = account_id(req.account_id)?;
        let user = match req.user_id {
            Field::Given(s) if !s.trim().is_empty() && s.chars().count() <= 128 => s,
            _ => {
                return Err(Auth365Error::bad(
                    "userId must be a string of 1 to 128 characters",
                ));
            }
        };
        let issuer = match req.issuer {
            Field::Absent | Field::Null => "Watchword Sandbox".to_owned(),
            Field::Given(s)
                if !s.trim().is_empty() && s.chars().count() <= 64 && !s.contains(':') =>
            {
                s
            }
            _ => {
                return Err(Auth365Error::bad(
                    "issuer must be a string of 1 to 64 characters without ':'",
                ));
            }
        };
        let algorithm = match req.algorithm.optional() {
            Ok(a) => a.unwrap_or(Algorithm::SHA1).as_str(),
            Err(_) => {
                return Err(Auth365Error::bad(
                    "algorithm must be SHA1, SHA256 or SHA512",
                ));
            }
        };
        let digits = int_field(req.digits, "digits", 6..=8, 6)?;
        let period = int_field(req.period, "period", 15..=120, 30)?;
        let secret = pin::random_bytes::<20>();
        let b32 = data_encoding::BASE32_NOPAD.encode(&secret);
        let label = format!(
            "{}:{}",
            utf8_percent_encode(&issuer, LABEL),
            utf8_percent_encode(&user, LABEL)
        );
        let uri = format!(
            "otpauth://totp/{label}?secret={b32}&issuer={}&algorithm={algorithm}&digits={digits}&period={period}",
            utf8_percent_encode(&issuer, LABEL)
        );
        let png = qr_png(&uri)
            .ok_or_else(|| Auth365Error::bad("The otpauth URI is too long for a QR code"))?;
        let id = pin::hex_id_lower();
        conn.execute(
            "INSERT INTO auth365_softtokens (id, client_id, account_id, user_id, issuer, algorithm, digits, period, secret, created_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![id, client, account, user, issuer, algorithm, digits, period, secret.to_vec(), st.now_ms()],
        )?;
        Ok((
            StatusCode::CREATED,
            SoftTokenCreated {
                soft_token_id: id,
                otpauth_uri: uri,
                qr_png: png,
            },
        ))
    })())
}

/// `GET /softtokens?accountId=&userId=`: the client's soft tokens, without secrets.
#[utoipa::path(get, path = "/softtokens", tag = "auth365", params(("accountId" = Option<i64>, Query, description = "account"), ("userId" = Option<String>, Query, description = "user")), responses((status = 200, description = "list", body = [SoftTokenView]), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn list(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    reply((|| {
        let conn = st.db().lock();
        let client = bearer(&conn, &headers, st.now_ms())?;
        let mut account: Option<i64> = None;
        let mut user: Option<String> = None;
        for (k, v) in form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes()) {
            match k.as_ref() {
                "accountId" => {
                    account = Some(
                        v.parse()
                            .map_err(|_| Auth365Error::bad("accountId must be an integer"))?,
                    )
                }
                "userId" => user = Some(v.into_owned()),
                _ => {}
            }
        }
        let mut stmt = conn.prepare(
            "SELECT id, account_id, user_id, issuer, algorithm, digits, period, created_ms FROM auth365_softtokens
             WHERE client_id = ?1 AND (?2 IS NULL OR account_id = ?2) AND (?3 IS NULL OR user_id = ?3)
             ORDER BY created_ms, id",
        )?;
        let rows = stmt.query_map(params![client, account, user], |r| {
            Ok(SoftTokenView {
                soft_token_id: r.get(0)?,
                account_id: r.get(1)?,
                user_id: r.get(2)?,
                issuer: r.get(3)?,
                algorithm: r.get(4)?,
                digits: r.get(5)?,
                period: r.get(6)?,
                created_at: rfc3339_ms(r.get(7)?),
            })
        })?;
        let list: Vec<SoftTokenView> = rows.collect::<rusqlite::Result<_>>()?;
        Ok((StatusCode::OK, list))
    })())
}

/// `POST /softtokens/{id}/validate {"code": "123456"}`.
#[utoipa::path(post, path = "/softtokens/{id}/validate", tag = "auth365", params(("id" = String, Path, description = "id")), request_body = SoftTokenValidate, responses((status = 200, description = "outcome", body = Outcome), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn validate(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    raw: Bytes,
) -> Response {
    reply((|| {
        let mut conn = st.db().lock();
        let now = st.now_ms();
        let client = bearer(&conn, &headers, now)?;
        let req: SoftTokenValidate = body(&raw)?;
        let code = match req.code {
            Field::Given(s) if s.len() <= 16 => s.trim().to_owned(),
            _ => return Err(Auth365Error::bad("code must be a string")),
        };
        type Row = (Vec<u8>, String, u32, i64, Option<i64>);
        let row: Option<Row> = conn
            .query_row(
                "SELECT secret, algorithm, digits, period, last_step FROM auth365_softtokens WHERE id = ?1 AND client_id = ?2",
                params![id, client],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let (secret, algorithm, digits, period, last_step) =
            row.ok_or_else(|| Auth365Error::not_found("Unknown soft token"))?;
        let limits = ClientLimits::load(&conn, &client)?;
        let tx = conn.transaction()?;
        let scope = format!("auth365:softtoken:{id}");
        if let Err(refused) = ratelimit::try_acquire(
            &tx,
            &scope,
            ClientLimits::limit(&limits.validate_limit),
            now,
        )? {
            return Err(Auth365Error::limited(
                "Too many validation requests",
                refused,
            ));
        }
        let current = now.div_euclid(1000).div_euclid(period.max(1));
        let matched = (current - 1..=current + 1)
            .filter(|s| *s >= 0)
            .find(|s| pin::matches(&hotp(&secret, *s as u64, digits, &algorithm), &code));
        let (ok, message) = match matched {
            None => (false, "Invalid code"),
            Some(step) if last_step.is_some_and(|last| step <= last) => {
                (false, "Code already used")
            }
            Some(step) => {
                tx.execute(
                    "UPDATE auth365_softtokens SET last_step = ?2 WHERE id = ?1",
                    params![id, step],
                )?;
                (true, "Code validated")
            }
        };
        tx.commit()?;
        Ok((StatusCode::OK, outcome(ok, message)))
    })())
}

/// `DELETE /softtokens/{id}` → 204.
#[utoipa::path(delete, path = "/softtokens/{id}", tag = "auth365", params(("id" = String, Path, description = "id")), responses((status = 204, description = "deleted"), Auth365Errors), security(("Auth365Bearer" = [])))]
pub async fn delete(
    State(st): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let result = (|| -> Result<()> {
        let conn = st.db().lock();
        let client = bearer(&conn, &headers, st.now_ms())?;
        let n = conn.execute(
            "DELETE FROM auth365_softtokens WHERE id = ?1 AND client_id = ?2",
            params![id, client],
        )?;
        if n == 0 {
            return Err(Auth365Error::not_found("Unknown soft token"));
        }
        Ok(())
    })();
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::hotp;

    #[test]
    fn rfc6238_vectors() {
        // RFC 6238 appendix B, T = 59 s (counter 1), 8 digits.
        let sha1 = b"12345678901234567890";
        let sha256 = b"12345678901234567890123456789012";
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234";
        assert_eq!(hotp(sha1, 1, 8, "SHA1"), "94287082");
        assert_eq!(hotp(sha256, 1, 8, "SHA256"), "46119246");
        assert_eq!(hotp(sha512, 1, 8, "SHA512"), "90693936");
        // RFC 4226 appendix D, counter 0, 6 digits.
        assert_eq!(hotp(sha1, 0, 6, "SHA1"), "755224");
    }
}
