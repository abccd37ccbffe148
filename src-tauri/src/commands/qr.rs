//! An account's QR code for moving it to a phone, served to `<img>` through
//! the `wwqr:` scheme: the picture reaches the screen without the webview's
//! scripts ever holding the URI (the CSP's connect-src excludes the scheme,
//! so fetch() cannot read it back).

use tauri::http::{Response, StatusCode, header};
use watchword_core::qr;

use crate::session::Session;

/// The response for `wwqr://localhost/<account id>` (or `/sync-pairing`,
/// the sync pairing code while it is on offer): an SVG, never cached.
pub(crate) fn serve(session: &Session, path: &str) -> Response<Vec<u8>> {
    let id = path.trim_start_matches('/');
    let svg = if id == "sync-pairing" {
        session.pairing_svg()
    } else {
        session.with_vault(|vault| {
            let uri = vault.find(id)?.otp.to_uri();
            qr::to_svg(&uri).map_err(Into::into)
        })
    };
    let builder = Response::builder().header(header::CACHE_CONTROL, "no-store");
    let response = match svg {
        Ok(svg) => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "image/svg+xml")
            .body(svg.into_bytes()),
        Err(error) => builder
            .status(StatusCode::NOT_FOUND)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(error.message.into_bytes()),
    };
    response.unwrap_or_else(|_| Response::new(Vec::new()))
}
