// A PIN provider's answer in the window's language. The shell sends what the
// answer says as a kind with the provider's own codes (`Said`); the words for
// those codes are watchword_pin::words' (the CLI's, in English), kept here key
// by key in the catalogs. The codes themselves (DENIED, Fraud, MESSAGE_SENT,
// pinId, …) stay as the provider documents them, in every language.
import type { CommandError, Provider, Said } from "./ipc";
import { describeError, language, t, type MessageKey } from "./i18n.svelte";

/** What a Sinch status means (words::sinch_status). */
const SINCH_STATUS: Record<string, MessageKey> = {
  PENDING: "pin.sinchStatus.pending",
  SUCCESSFUL: "pin.sinchStatus.successful",
  FAIL: "pin.sinchStatus.fail",
  DENIED: "pin.sinchStatus.denied",
  ABORTED: "pin.sinchStatus.aborted",
  ERROR: "pin.sinchStatus.error",
};

/** What each of Sinch's documented reasons means (words::sinch_reason). */
export const SINCH_REASONS: Record<string, MessageKey> = {
  Fraud: "pin.sinchReason.fraud",
  "Not enough credit": "pin.sinchReason.credit",
  Blocked: "pin.sinchReason.blocked",
  "Denied by callback": "pin.sinchReason.deniedByCallback",
  "Invalid callback": "pin.sinchReason.invalidCallback",
  "Internal error": "pin.sinchReason.internal",
  "Destination denied": "pin.sinchReason.destinationDenied",
  "Network error or number unreachable": "pin.sinchReason.unreachable",
  "Failed pending": "pin.sinchReason.failedPending",
  "SMS delivery failure": "pin.sinchReason.smsFailure",
  "Invalid CLI": "pin.sinchReason.invalidCli",
  "Invalid code": "pin.sinchReason.invalidCode",
  Expired: "pin.sinchReason.expired",
  "Hung up without entering valid code": "pin.sinchReason.hungUp",
};

/** What an Infobip `pinError` means (words::infobip_pin_error). */
const INFOBIP_PIN_ERRORS: Record<string, MessageKey> = {
  WRONG_PIN: "pin.infobipPinError.wrongPin",
  TTL_EXPIRED: "pin.infobipPinError.expired",
  NO_MORE_PIN_ATTEMPTS: "pin.infobipPinError.noMoreAttempts",
};

/** What Infobip's `smsStatus` and `ncStatus` of a send mean together (words::infobip_sent). */
function infobipSent(sms: string | null, nc: string | null): MessageKey | null {
  if (sms === "MESSAGE_NOT_SENT") {
    if (nc === "NC_DESTINATION_UNKNOWN") return "pin.infobipSent.notSentUnknown";
    if (nc === "NC_DESTINATION_NOT_REACHABLE") return "pin.infobipSent.notSentUnreachable";
    return "pin.infobipSent.notSent";
  }
  if (sms === "MESSAGE_SENT") {
    if (nc === "NC_NOT_CONFIGURED") return "pin.infobipSent.sentNotConfigured";
    if (nc === "NC_DESTINATION_UNKNOWN") return "pin.infobipSent.sentUnknown";
    return "pin.infobipSent.sent";
  }
  return null;
}

/** One line for what a provider answered, in the window's language. */
export function sayAnswer(said: Said): string {
  switch (said.kind) {
    case "sinchStarted":
      return t("pin.said.sinchStarted", { method: said.method, id: said.id });
    case "sinchStatus": {
      const { status, reason } = said;
      if (reason === null) return t("pin.said.sinchStatus", { status, words: t(SINCH_STATUS[status] ?? "pin.sinchStatus.unknown") });
      const words = SINCH_REASONS[reason];
      return words ? t("pin.said.sinchReason", { status, reason, words: t(words) }) : t("pin.said.sinchReasonOnly", { status, reason });
    }
    case "infobipSent": {
      const { pinId, state, ncStatus } = said;
      const line = ncStatus === null ? t("pin.said.infobipSent", { pinId, state }) : t("pin.said.infobipSentLookup", { pinId, state, ncStatus });
      const words = infobipSent(said.smsStatus, ncStatus);
      return words ? t("pin.said.withWords", { line, words: t(words) }) : line;
    }
    case "infobipRefused":
      return t("pin.said.infobipRefused", {
        pinError: said.pinError,
        words: t(INFOBIP_PIN_ERRORS[said.pinError] ?? "pin.infobipPinError.refused"),
        attempts: said.attempts,
      });
    case "infobipCount":
      return t("pin.said.infobipCount", { total: said.total, verified: said.verified });
    case "orderSent":
      return t("pin.said.orderSent", { order: said.order });
    case "orderState":
      return t("pin.said.orderState", { order: said.order, state: said.state });
    case "verified":
      return t("pin.said.verified");
    case "notVerified":
      return t("pin.said.notVerified", { message: said.message });
    case "valid":
      return t("pin.said.valid");
    case "notValid":
      return t("pin.said.notValid", { message: said.message });
  }
}

/** The providers' names, as they write them. */
const PROVIDER_NAMES: Record<Provider, string> = { sinch: "Sinch", infobip: "Infobip", auth365: "Auth365" };

/** What a provider's error answer means, by provider, HTTP status and code (words::provider_error). */
function providerError(provider: Provider, status: number | null, code: string | null): MessageKey | null {
  if (provider === "sinch") {
    if (status === 402) return "pin.providerError.sinchCredit";
    if (status === 403 && code === "40303") return "pin.providerError.sinchRefused";
    if (status === 422) return "pin.providerError.sinchNoRoute";
    if (status === 429 && code === "42900") return "pin.providerError.sinchCapacity";
    if (status === 429 && code === "42901") return "pin.providerError.sinchTooMany";
  }
  if (provider === "infobip" && status === 429) return "pin.providerError.infobipLimit";
  const general: Record<number, MessageKey> = {
    400: "pin.providerError.invalid",
    401: "pin.providerError.credentials",
    402: "pin.providerError.credit",
    403: "pin.providerError.forbidden",
    404: "pin.providerError.notFound",
    422: "pin.providerError.undeliverable",
    429: "pin.providerError.tooMany",
  };
  if (status !== null && general[status]) return general[status];
  if (status !== null && status >= 500 && status <= 599) return "pin.providerError.failed";
  return null;
}

/** A failed PIN call in words. In English the shell's own line (the CLI's);
 * in another language, a provider's failure is said again from its kind,
 * provider, status and code, around the provider's own message. */
export function describePinError(error: CommandError): string {
  if (language() === "en") return describeError(error);
  if (error.kind === "pin_provider") {
    const { provider, status, code, detail } = error;
    const values = { provider: PROVIDER_NAMES[provider], detail, status: status ?? "—" };
    const line = code ? t("pin.error.providerCode", { ...values, code }) : t("pin.error.provider", values);
    const words = providerError(provider, status, code);
    return words ? t("pin.said.withWords", { line, words: t(words) }) : line;
  }
  if (error.kind === "pin_unreachable") {
    const { provider, url, reason, seconds } = error;
    const line =
      seconds !== null
        ? t("pin.error.timeout", { provider: PROVIDER_NAMES[provider], url, seconds })
        : t("pin.error.unreachable", { provider: PROVIDER_NAMES[provider], url, reason: reason ?? "" });
    return t("pin.said.withWords", { line, words: t(seconds !== null ? "pin.error.timeoutWords" : "pin.error.unreachableWords") });
  }
  return describeError(error);
}
