//! The error answers each API documents, shared by the handlers' annotations
//! and the document, so both name the same statuses and bodies.

use std::collections::BTreeMap;

use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

use crate::auth365::wire as a365;
use crate::infobip::wire as ib;
use crate::sandbox::wire as sb;
use crate::sinch::wire as sinch;

fn error_responses<T>(codes: &[u16]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>>
where
    T: for<'s> ToSchema<'s>,
{
    let name = T::schema().0;
    codes
        .iter()
        .map(|code| {
            let response = ResponseBuilder::new()
                .description(format!("error {code}"))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Ref::from_schema_name(name))
                        .build(),
                )
                .build();
            (code.to_string(), RefOr::T(response))
        })
        .collect()
}

macro_rules! error_set {
    ($(#[$doc:meta])* $name:ident, $body:ty, [$($code:literal),*]) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
                error_responses::<$body>(&[$($code),*])
            }
        }
    };
}

error_set!(
    /// The statuses a Sinch operation can answer with an error (one list, every operation).
    SinchErrors, sinch::SinchErrorBody, [400, 401, 403, 404, 405, 409, 413, 429]
);
error_set!(
    /// The statuses an Infobip operation can answer with an error.
    InfobipErrors, ib::InfobipErrorBody, [400, 401, 404, 405, 413, 429]
);
error_set!(
    /// The statuses an Auth365 API operation can answer with an error.
    Auth365Errors, a365::Auth365ErrorBody, [400, 401, 404, 405, 413, 429]
);
error_set!(
    /// The statuses the token endpoint can answer with an RFC 6749 error.
    OAuthErrors, a365::OAuthErrorBody, [400, 401, 405, 413]
);
error_set!(
    /// The statuses a sandbox endpoint with a body can answer with an error (403: no
    /// run token or a foreign Host; 415: a body that is not JSON).
    SandboxErrors, sb::SandboxErrorBody, [400, 403, 404, 405, 413, 415]
);
error_set!(
    /// The statuses a guarded sandbox endpoint without a body can answer with an error.
    SandboxGuarded, sb::SandboxErrorBody, [403]
);
error_set!(
    /// The statuses of the seamless target's errors (403: a foreign Host).
    SandboxErrors404, sb::SandboxErrorBody, [403, 404, 405]
);
error_set!(
    /// The body-too-large answer of the HTML validation pages.
    Auth365TooLarge, a365::Auth365ErrorBody, [413]
);
