//! Every provider outcome in words an administrator can act on: the CLI and the desktop
//! console show these beside the provider's own code, so a Sinch `DENIED: Fraud` or an
//! Infobip `NC_DESTINATION_UNKNOWN` says what happened and what to look at.

use crate::error::PinError;
use crate::provider::Provider;

/// What a Sinch reason means (Sinch's 14 documented reasons; `None` for others).
pub fn sinch_reason(reason: &str) -> Option<&'static str> {
    Some(match reason {
        "Fraud" => "Sinch's fraud rules refused to verify this number",
        "Not enough credit" => "the Sinch account has not enough credit for this verification",
        "Blocked" => "the number is blocked for this application",
        "Denied by callback" => "your callback answered deny",
        "Invalid callback" => {
            "your callback did not answer in time, failed or answered something invalid"
        }
        "Internal error" => "Sinch failed internally; start a new verification",
        "Destination denied" => "Sinch does not deliver to this destination (country or operator)",
        "Network error or number unreachable" => {
            "the network failed or the phone could not be reached"
        }
        "Failed pending" => "the verification failed while it was still pending",
        "SMS delivery failure" => "the SMS could not be delivered to the phone",
        "Invalid CLI" => "the number that called is not the one Sinch called from",
        "Invalid code" => "the code is not the one sent",
        "Expired" => "the verification ran out of time",
        "Hung up without entering valid code" => {
            "the user hung up the call without entering the right code"
        }
        _ => return None,
    })
}

/// What a Sinch status means.
pub fn sinch_status(status: &str) -> &'static str {
    match status {
        "PENDING" => "waiting for the code",
        "SUCCESSFUL" => "verified",
        "FAIL" => "not verified",
        "DENIED" => "refused before any code was sent",
        "ABORTED" => "replaced by a newer verification of the same number",
        "ERROR" => "the provider failed",
        _ => "an unknown status",
    }
}

/// A Sinch status and reason as one line: `DENIED: Fraud — Sinch's fraud rules …`.
pub fn sinch_outcome(status: &str, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => match sinch_reason(reason) {
            Some(words) => format!("{status}: {reason} — {words}"),
            None => format!("{status}: {reason}"),
        },
        None => format!("{status} — {}", sinch_status(status)),
    }
}

/// What Infobip's `smsStatus` and `ncStatus` of a send mean together.
pub fn infobip_sent(sms_status: Option<&str>, nc_status: Option<&str>) -> Option<&'static str> {
    Some(match (sms_status, nc_status) {
        (Some("MESSAGE_NOT_SENT"), Some("NC_DESTINATION_UNKNOWN")) => {
            "the SMS was not sent: the number lookup does not know this number"
        }
        (Some("MESSAGE_NOT_SENT"), Some("NC_DESTINATION_NOT_REACHABLE")) => {
            "the SMS was not sent: the number lookup found the phone unreachable"
        }
        (Some("MESSAGE_NOT_SENT"), _) => "the SMS was not sent",
        (Some("MESSAGE_SENT"), Some("NC_NOT_CONFIGURED")) => {
            "the SMS was sent; number lookup is not configured for this account"
        }
        (Some("MESSAGE_SENT"), Some("NC_DESTINATION_UNKNOWN")) => {
            "the SMS was sent, though the number lookup does not know this number"
        }
        (Some("MESSAGE_SENT"), _) => "the SMS was sent",
        _ => return None,
    })
}

/// What an Infobip `pinError` means.
pub fn infobip_pin_error(pin_error: &str) -> Option<&'static str> {
    Some(match pin_error {
        "WRONG_PIN" => "the PIN is not the one sent",
        "TTL_EXPIRED" => "the PIN expired; send a new one",
        "NO_MORE_PIN_ATTEMPTS" => "the PIN's attempts are used up; send a new one",
        _ => return None,
    })
}

/// What a provider's error answer means, by provider, HTTP status and code.
pub fn provider_error(provider: Provider, status: u16, code: Option<&str>) -> Option<&'static str> {
    Some(match (provider, status, code) {
        (Provider::Sinch, 402, _) => "the Sinch account has not enough credit",
        (Provider::Sinch, 403, Some("40303")) => {
            "refused: a callback denied it or the action is restricted"
        }
        (Provider::Sinch, 422, _) => "Sinch has no route to this destination",
        (Provider::Sinch, 429, Some("42900")) => "Sinch's capacity is exceeded; try again later",
        (Provider::Sinch, 429, Some("42901")) => {
            "too many verifications for this number; wait before starting another"
        }
        (Provider::Infobip, 429, _) => "an application limit is reached; wait, or raise it",
        (_, 400, _) => "the provider refused the request as invalid",
        (_, 401, _) => "the provider refused the credentials; check the profile's key or secret",
        (_, 402, _) => "the account has not enough credit",
        (_, 403, _) => "the provider refused: this account may not do that",
        (_, 404, _) => "the provider does not know this id, number or application",
        (_, 422, _) => "the provider cannot deliver to this destination",
        (_, 429, _) => "too many requests; wait before trying again",
        (_, 500..=599, _) => "the provider failed on its side; try again later",
        _ => return None,
    })
}

/// The error's message with words for what it means, where they add something.
pub fn explain(error: &PinError) -> String {
    let words = match error {
        PinError::Provider {
            provider,
            status,
            code,
            ..
        } => provider_error(*provider, *status, code.as_deref()),
        PinError::Unreachable { .. } => Some(
            "no answer: the connection failed or was closed before the answer came; the \
             provider may or may not have acted",
        ),
        PinError::Timeout { .. } => Some(
            "the answer was too slow; the provider may still have acted, so check the \
             status before sending again",
        ),
        PinError::Garbage { .. } | PinError::Invalid(_) => None,
    };
    match words {
        Some(words) => format!("{error} — {words}"),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_sinch_reason_has_words() {
        for reason in [
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
        ] {
            assert!(sinch_reason(reason).is_some(), "{reason}");
        }
        assert_eq!(
            sinch_outcome("DENIED", Some("Fraud")),
            "DENIED: Fraud — Sinch's fraud rules refused to verify this number"
        );
        assert_eq!(sinch_outcome("ERROR", None), "ERROR — the provider failed");
    }
}
