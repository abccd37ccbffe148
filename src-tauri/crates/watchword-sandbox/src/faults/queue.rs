//! The faults themselves: what a fault is, the reserved numbers and the queue that
//! `POST /sandbox/faults` fills. Nothing here reaches the server's state, so the state
//! can hold the queue.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest slow answer (a test that wants a timeout sets its client's below this).
pub const MAX_SLOW_MS: u64 = 60_000;
/// The most requests one queued fault may cover.
pub const MAX_COUNT: u32 = 1000;

/// Sinch's documented reasons (`providers.md`, the SDKs' `ReasonEnum`).
pub const SINCH_REASONS: [&str; 14] = [
    "Fraud",
    "Not enough credit",
    "Blocked",
    "Denied by callback",
    "Invalid callback",
    "Internal error",
    "Destination denied",
    "Network error or number unreachable",
    "Failed pending",
    "SMS delivery failure",
    "Invalid CLI",
    "Invalid code",
    "Expired",
    "Hung up without entering valid code",
];

/// One way to fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Fault {
    /// The provider's error body with this HTTP status (400–599; Sinch's `errorCode` is
    /// the status × 100, 40001 for 400 and 42201 for 422; Infobip's `messageId` the
    /// status's name, e.g. `TOO_MANY_REQUESTS`, `GENERAL_ERROR`).
    Http {
        /// 400–599.
        status: u16,
    },
    /// The normal answer, after a delay.
    Slow {
        /// 1 to 60000 milliseconds.
        millis: u64,
    },
    /// The connection is closed without a complete answer.
    Drop,
    /// A Sinch start whose verification ends at once with this status and reason.
    Sinch {
        /// `FAIL`, `DENIED`, `ABORTED` or `ERROR`.
        status: String,
        /// One of Sinch's 14 reasons, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An Infobip SMS send answered with these statuses (`MESSAGE_NOT_SENT`: nothing
    /// reaches the outbox).
    #[serde(rename_all = "camelCase")]
    InfobipSend {
        /// `MESSAGE_SENT` or `MESSAGE_NOT_SENT`.
        sms_status: String,
        /// `NC_DESTINATION_UNKNOWN`, `NC_DESTINATION_REACHABLE`,
        /// `NC_DESTINATION_NOT_REACHABLE` or `NC_NOT_CONFIGURED`.
        nc_status: String,
    },
    /// An Infobip verify answered `verified: false` with this `pinError`, whatever the PIN.
    #[serde(rename_all = "camelCase")]
    InfobipVerify {
        /// `WRONG_PIN`, `TTL_EXPIRED` or `NO_MORE_PIN_ATTEMPTS`.
        pin_error: String,
    },
}

impl Fault {
    /// Whether the values are ones the providers document.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Fault::Http { status } if !(400..=599).contains(status) => {
                Err("status must be 400 to 599".into())
            }
            Fault::Slow { millis } if !(1..=MAX_SLOW_MS).contains(millis) => {
                Err(format!("millis must be 1 to {MAX_SLOW_MS}"))
            }
            Fault::Sinch { status, reason } => {
                if !matches!(status.as_str(), "FAIL" | "DENIED" | "ABORTED" | "ERROR") {
                    return Err("status must be FAIL, DENIED, ABORTED or ERROR".into());
                }
                match reason {
                    Some(r) if !SINCH_REASONS.contains(&r.as_str()) => Err(format!(
                        "reason must be one of: {}",
                        SINCH_REASONS.join(", ")
                    )),
                    _ => Ok(()),
                }
            }
            Fault::InfobipSend {
                sms_status,
                nc_status,
            } => {
                if !matches!(sms_status.as_str(), "MESSAGE_SENT" | "MESSAGE_NOT_SENT") {
                    return Err("smsStatus must be MESSAGE_SENT or MESSAGE_NOT_SENT".into());
                }
                if !matches!(
                    nc_status.as_str(),
                    "NC_DESTINATION_UNKNOWN"
                        | "NC_DESTINATION_REACHABLE"
                        | "NC_DESTINATION_NOT_REACHABLE"
                        | "NC_NOT_CONFIGURED"
                ) {
                    return Err("ncStatus must be one of Infobip's four NC_ values".into());
                }
                Ok(())
            }
            Fault::InfobipVerify { pin_error }
                if !matches!(
                    pin_error.as_str(),
                    "WRONG_PIN" | "TTL_EXPIRED" | "NO_MORE_PIN_ATTEMPTS"
                ) =>
            {
                Err("pinError must be WRONG_PIN, TTL_EXPIRED or NO_MORE_PIN_ATTEMPTS".into())
            }
            _ => Ok(()),
        }
    }

    /// Played by the middleware for any request (the others wait for their handler).
    pub(crate) fn is_transport(&self) -> bool {
        matches!(self, Fault::Http { .. } | Fault::Slow { .. } | Fault::Drop)
    }
}

/// Which handler asks for an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Sinch start.
    SinchStart,
    /// Infobip send by SMS.
    InfobipSms,
    /// Infobip send by voice or email (HTTP errors only: their answers carry no status
    /// a fault could set).
    InfobipVoiceOrEmail,
    /// Infobip verify.
    InfobipVerify,
}

impl Step {
    pub(crate) fn takes(self, fault: &Fault) -> bool {
        matches!(
            (self, fault),
            (Step::SinchStart, Fault::Sinch { .. } | Fault::Http { .. })
                | (
                    Step::InfobipSms,
                    Fault::InfobipSend { .. } | Fault::Http { .. }
                )
                | (Step::InfobipVoiceOrEmail, Fault::Http { .. })
                | (Step::InfobipVerify, Fault::InfobipVerify { .. })
        )
    }
}

fn sinch(status: &str, reason: Option<&str>) -> Fault {
    Fault::Sinch {
        status: status.into(),
        reason: reason.map(str::to_owned),
    }
}

/// The reserved recipients (digits, as normalised) and what they always meet. Sinch's
/// are `+9991000000NN` and `+99910000NNNN` for HTTP errors; Infobip's `9992000000NN`
/// and `99920000NNNN` for HTTP errors. 999 is no country's code, so no real number is
/// taken. (Any other Infobip number starting with 999 stays unreachable.)
pub fn reserved(norm: &str) -> Option<Fault> {
    let fault = match norm {
        "99910000001" => sinch("ERROR", Some("Internal error")),
        "99910000002" => sinch("DENIED", Some("Fraud")),
        "99910000003" => sinch("DENIED", Some("Not enough credit")),
        "99910000004" => sinch("DENIED", Some("Blocked")),
        "99910000005" => sinch("DENIED", Some("Destination denied")),
        "99910000006" => sinch("FAIL", Some("Network error or number unreachable")),
        "99910000007" => sinch("FAIL", Some("Failed pending")),
        "99910000008" => sinch("FAIL", Some("SMS delivery failure")),
        "99910000009" => sinch("FAIL", Some("Hung up without entering valid code")),
        "99910000010" => sinch("FAIL", Some("Invalid CLI")),
        "99910000011" => sinch("FAIL", Some("Invalid code")),
        "99910000012" => sinch("FAIL", Some("Expired")),
        "99910000013" => sinch("DENIED", Some("Denied by callback")),
        "99910000014" => sinch("DENIED", Some("Invalid callback")),
        "99910000015" => sinch("ABORTED", None),
        "99910000016" => sinch("ERROR", None),
        "99920000001" => send("MESSAGE_NOT_SENT", "NC_DESTINATION_UNKNOWN"),
        "99920000002" => send("MESSAGE_NOT_SENT", "NC_DESTINATION_NOT_REACHABLE"),
        "99920000003" => send("MESSAGE_SENT", "NC_NOT_CONFIGURED"),
        "99920000004" => send("MESSAGE_SENT", "NC_DESTINATION_UNKNOWN"),
        "99920000011" => verify("WRONG_PIN"),
        "99920000012" => verify("TTL_EXPIRED"),
        "99920000013" => verify("NO_MORE_PIN_ATTEMPTS"),
        _ => {
            let status = norm
                .strip_prefix("99910000")
                .or_else(|| norm.strip_prefix("99920000"))
                .filter(|rest| rest.len() == 3)
                .and_then(|rest| rest.parse::<u16>().ok())
                .filter(|s| RESERVED_HTTP.contains(s))?;
            Fault::Http { status }
        }
    };
    Some(fault)
}

/// The HTTP statuses with reserved numbers (`+99910000402`, `99920000429`, …): the
/// providers' documented error statuses.
pub const RESERVED_HTTP: [u16; 9] = [400, 401, 402, 403, 404, 422, 429, 500, 503];

fn send(sms: &str, nc: &str) -> Fault {
    Fault::InfobipSend {
        sms_status: sms.into(),
        nc_status: nc.into(),
    }
}

fn verify(pin_error: &str) -> Fault {
    Fault::InfobipVerify {
        pin_error: pin_error.into(),
    }
}

/// Faults queued per recipient: (fault, requests left). `any` lets requests skip the
/// lookup while nothing is queued (the usual case, and the load benchmark's).
#[derive(Debug, Default)]
pub struct Faults {
    queued: Mutex<HashMap<String, (Fault, u32)>>,
    any: AtomicBool,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Fault, u32)>> {
        self.queued.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `fault` for the next `count` requests for `norm` (replacing any).
    pub fn set(&self, norm: String, fault: Fault, count: u32) {
        let mut q = self.lock();
        q.insert(norm, (fault, count));
        self.any.store(true, Ordering::Release);
    }

    /// Everything queued, by recipient.
    pub fn list(&self) -> Vec<QueuedFault> {
        let mut list: Vec<QueuedFault> = self
            .lock()
            .iter()
            .map(|(to, (fault, count))| QueuedFault {
                to: to.clone(),
                count: *count,
                fault: fault.clone(),
            })
            .collect();
        list.sort_by(|a, b| a.to.cmp(&b.to));
        list
    }

    /// Forgets every queued fault.
    pub fn clear(&self) {
        self.lock().clear();
        self.any.store(false, Ordering::Release);
    }

    pub(crate) fn pending(&self) -> bool {
        self.any.load(Ordering::Acquire)
    }

    /// Takes one use of the fault queued for `norm` if `wanted` accepts it.
    pub(crate) fn take_if(&self, norm: &str, wanted: impl Fn(&Fault) -> bool) -> Option<Fault> {
        if !self.pending() {
            return None;
        }
        let mut q = self.lock();
        let (fault, left) = q.get_mut(norm)?;
        if !wanted(fault) {
            return None;
        }
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            q.remove(norm);
            if q.is_empty() {
                self.any.store(false, Ordering::Release);
            }
        }
        Some(fault)
    }
}

/// A queued fault as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueuedFault {
    /// The recipient, normalised (digits of a number, a lower-case address).
    pub to: String,
    /// Requests left.
    pub count: u32,
    /// What they meet.
    pub fault: Fault,
}

#[cfg(test)]
mod tests {
    use crate::faults::queue::*;

    #[test]
    fn every_sinch_reason_and_status_has_a_reserved_number() {
        let mut reasons = Vec::new();
        let mut statuses = Vec::new();
        for n in 1..=16 {
            match reserved(&format!("999100000{n:02}")) {
                Some(Fault::Sinch { status, reason }) => {
                    statuses.push(status);
                    reasons.extend(reason);
                }
                other => panic!("{n}: {other:?}"),
            }
        }
        for reason in SINCH_REASONS {
            assert!(reasons.iter().any(|r| r == reason), "{reason}");
        }
        for status in ["FAIL", "DENIED", "ABORTED", "ERROR"] {
            assert!(statuses.iter().any(|s| s == status), "{status}");
        }
        for status in RESERVED_HTTP {
            assert_eq!(
                reserved(&format!("99910000{status}")),
                Some(Fault::Http { status })
            );
            assert_eq!(
                reserved(&format!("99920000{status}")),
                Some(Fault::Http { status })
            );
        }
        assert_eq!(reserved("99910000499"), None);
        assert_eq!(reserved("46700000000"), None);
    }

    #[test]
    fn reserved_faults_are_valid_and_bad_ones_are_refused() {
        for n in ["99910000001", "99920000001", "99920000011", "99910000402"] {
            reserved(n).unwrap().validate().unwrap();
        }
        for bad in [
            Fault::Http { status: 200 },
            Fault::Slow { millis: 0 },
            Fault::Slow { millis: 60_001 },
            sinch("SUCCESSFUL", None),
            sinch("PENDING", None),
            sinch("FAIL", Some("Bad luck")),
            send("MESSAGE_LOST", "NC_NOT_CONFIGURED"),
            send("MESSAGE_SENT", "NC_MAYBE"),
            verify("WRONG_PINS"),
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_queued_fault_is_used_up_by_the_requests_it_applies_to() {
        let faults = Faults::default();
        assert!(!faults.pending());
        faults.set("4670".into(), verify("TTL_EXPIRED"), 2);
        assert!(faults.take_if("4670", Fault::is_transport).is_none());
        assert!(faults.take_if("4671", |_| true).is_none());
        assert!(faults.take_if("4670", |_| true).is_some());
        assert!(faults.take_if("4670", |_| true).is_some());
        assert!(faults.take_if("4670", |_| true).is_none());
        assert!(!faults.pending());
    }
}
