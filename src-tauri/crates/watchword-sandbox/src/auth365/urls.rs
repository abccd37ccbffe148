//! The validation URLs the sandbox sends (`/v/{urlId}`), as small HTML pages: one-step
//! links validate when opened; two-step links show a form whose POST (`pin`) validates.
//! Status codes: 200 verified or form, 404 unknown link, 409 already used, 410 expired
//! or failed, 400 a wrong PIN (the form again).

use crate::openapi::responses::Auth365TooLarge;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::orders::{ClientLimits, Order};
use crate::state::SandboxState;

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    (status, Html(html)).into_response()
}

fn form(url_id: &str, note: &str) -> String {
    format!(
        "<p>{note}</p><form method=\"post\" action=\"/v/{url_id}\">\
         <label>PIN <input name=\"pin\" autocomplete=\"one-time-code\" inputmode=\"numeric\" required></label>\
         <button type=\"submit\">Verify</button></form>"
    )
}

fn final_page(order: &Order) -> Response {
    match order.state.as_str() {
        "validated" => page(
            StatusCode::CONFLICT,
            "Already used",
            "<p>This link was already used.</p>",
        ),
        "expired" => page(StatusCode::GONE, "Expired", "<p>This link has expired.</p>"),
        _ => page(
            StatusCode::GONE,
            "Failed",
            "<p>Too many failed attempts.</p>",
        ),
    }
}

fn not_found() -> Response {
    page(StatusCode::NOT_FOUND, "Not found", "<p>Unknown link.</p>")
}

/// `GET /v/{urlId}`.
#[utoipa::path(get, path = "/v/{urlId}", tag = "auth365", params(("urlId" = String, Path, description = "urlId")), responses((status = 200, description = "page", body = String, content_type = "text/html"), (status = 400, description = "wrong PIN (the form again)", body = String, content_type = "text/html"), (status = 404, description = "unknown link", body = String, content_type = "text/html"), (status = 405, description = "not a two-step link", body = String, content_type = "text/html"), (status = 409, description = "already used", body = String, content_type = "text/html"), (status = 410, description = "expired or failed", body = String, content_type = "text/html"), Auth365TooLarge))]
pub async fn open(State(st): State<SandboxState>, Path(url_id): Path<String>) -> Response {
    let conn = st.db().lock();
    let Ok(Some(mut order)) = Order::by_url(&conn, &url_id) else {
        return not_found();
    };
    let now = st.now_ms();
    if order.settle(now) {
        let _ = order.save(&conn);
    }
    if order.state != "pending" {
        return final_page(&order);
    }
    if order.mode.as_deref() == Some("twostep") {
        return page(
            StatusCode::OK,
            "Enter your PIN",
            &form(&url_id, "Type the PIN from your message."),
        );
    }
    order.state = "validated".into();
    if order.save(&conn).is_err() {
        return page(StatusCode::INTERNAL_SERVER_ERROR, "Error", "");
    }
    page(
        StatusCode::OK,
        "Verified",
        "<p>Your phone number is verified.</p>",
    )
}

/// `POST /v/{urlId}` with form field `pin` (two-step links).
#[utoipa::path(post, path = "/v/{urlId}", tag = "auth365", params(("urlId" = String, Path, description = "urlId")), request_body(content = PinForm, content_type = "application/x-www-form-urlencoded"), responses((status = 200, description = "page", body = String, content_type = "text/html"), (status = 400, description = "wrong PIN (the form again)", body = String, content_type = "text/html"), (status = 404, description = "unknown link", body = String, content_type = "text/html"), (status = 405, description = "not a two-step link", body = String, content_type = "text/html"), (status = 409, description = "already used", body = String, content_type = "text/html"), (status = 410, description = "expired or failed", body = String, content_type = "text/html"), Auth365TooLarge))]
pub async fn submit(
    State(st): State<SandboxState>,
    Path(url_id): Path<String>,
    body: Bytes,
) -> Response {
    let conn = st.db().lock();
    let Ok(Some(mut order)) = Order::by_url(&conn, &url_id) else {
        return not_found();
    };
    if order.mode.as_deref() != Some("twostep") {
        return page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Not allowed",
            "<p>Open this link instead.</p>",
        );
    }
    let typed = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "pin")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let limits = ClientLimits::load(&conn, &order.client_id).unwrap_or_default();
    let was_pending = order.state == "pending" && order.expires_ms > st.now_ms();
    let (ok, _) = order.check(&typed, limits.max_attempts, st.now_ms());
    if order.save(&conn).is_err() {
        return page(StatusCode::INTERNAL_SERVER_ERROR, "Error", "");
    }
    if ok {
        page(
            StatusCode::OK,
            "Verified",
            "<p>Your phone number is verified.</p>",
        )
    } else if was_pending && order.state == "pending" {
        page(
            StatusCode::BAD_REQUEST,
            "Enter your PIN",
            &form(&url_id, "Wrong PIN, try again."),
        )
    } else {
        final_page(&order)
    }
}
