//! Persist: store the verification (pending, or DENIED by the callback), abort the
//! number's older pending ones and deliver the message to the outbox, in one
//! transaction so a failure leaves nothing half done.

use super::super::auth::App;
use super::super::callbacks;
use super::super::http::Result;
use super::super::method::VerificationMethod;
use super::super::model::Verification;
use super::super::status_name::StatusName;
use super::answer::template;
use super::plan::{Plan, reference_conflict};
use crate::outbox::{self, Channel, Message, Provider};
use crate::state::SandboxState;

fn insert_or_conflict(v: &Verification, conn: &rusqlite::Connection, now: i64) -> Result<()> {
    match v.insert(conn, now) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(reference_conflict())
        }
        other => Ok(other?),
    }
}

/// Stores the verification DENIED with the callback's reason and sends its result event.
pub fn denied(st: &SandboxState, app: &App, plan: &Plan, reason: &str) -> Result<()> {
    finished(st, app, plan, StatusName::Denied, Some(reason))
}

/// Stores the verification already final (the callback's deny, an injected outcome),
/// sends nothing to the outbox and sends its result event.
pub fn finished(
    st: &SandboxState,
    app: &App,
    plan: &Plan,
    status: StatusName,
    reason: Option<&str>,
) -> Result<()> {
    let now = st.now_ms();
    let mut verification = plan.verification(app, now);
    verification.expires_ms = now;
    verification.finish(status, reason, now);
    {
        let conn = st.db().lock();
        insert_or_conflict(&verification, &conn, now)?;
    }
    callbacks::result_event(st, app, &verification);
    Ok(())
}

/// Stores the pending verification, aborts the number's older ones (sending their result
/// events) and puts the message in the outbox.
pub fn pending(st: &SandboxState, app: &App, plan: &Plan, lang: Option<&str>) -> Result<()> {
    let now = st.now_ms();
    let verification = plan.verification(app, now);
    let aborted = {
        let mut conn = st.db().lock();
        let tx = conn.transaction()?;
        let mut aborted = Verification::pending_for(&tx, &app.key, &plan.params.endpoint)?;
        for old in &mut aborted {
            old.finish(StatusName::Aborted, None, now);
            old.save(&tx)?;
        }
        insert_or_conflict(&verification, &tx, now)?;
        deliver(&tx, plan, lang, now)?;
        tx.commit()?;
        aborted
    };
    for old in &aborted {
        callbacks::result_event(st, app, old);
    }
    Ok(())
}

/// Puts what the user would receive in the outbox; seamless sends nothing.
fn deliver(conn: &rusqlite::Connection, plan: &Plan, lang: Option<&str>, now: i64) -> Result<()> {
    let sms_text = template(lang).replace("{{CODE}}", &plan.code);
    let (channel, text) = match plan.params.method {
        VerificationMethod::Sms => (Channel::Sms, sms_text),
        VerificationMethod::Whatsapp => (Channel::Sms, format!("WhatsApp: {sms_text}")),
        VerificationMethod::FlashCall => (
            Channel::FlashCall,
            format!("Missed call from {}", plan.code),
        ),
        VerificationMethod::Callout => {
            let spoken: Vec<String> = plan.code.chars().map(String::from).collect();
            (
                Channel::Voice,
                format!("Your verification code is {}.", spoken.join(" ")),
            )
        }
        VerificationMethod::Seamless => return Ok(()),
    };
    outbox::record(
        conn,
        Message {
            channel,
            to: &plan.params.endpoint,
            text: &text,
            code: &plan.code,
            provider: Provider::Sinch,
        },
        now,
    )?;
    Ok(())
}
