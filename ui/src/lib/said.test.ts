// A provider's answer in words: in English the same line as the CLI's
// (watchword_pin's `summary`, whose tests pin these strings), in the other
// languages translated around the provider's untouched codes.
import { afterEach, describe, expect, it } from "vitest";
import { SINCH_REASONS, describePinError, sayAnswer } from "./said";
import { LANGUAGES, setLanguage } from "./i18n.svelte";
import type { CommandError, Said } from "./ipc";

afterEach(() => setLanguage("en"));

describe("sayAnswer", () => {
  it("says in English what watchword_pin says", () => {
    setLanguage("en");
    // The lines of watchword_pin's own tests (words.rs, console.rs).
    expect(sayAnswer({ kind: "sinchStatus", status: "DENIED", reason: "Fraud" })).toBe(
      "DENIED: Fraud — Sinch's fraud rules refused to verify this number",
    );
    expect(sayAnswer({ kind: "sinchStatus", status: "ERROR", reason: null })).toBe("ERROR — the provider failed");
    expect(
      sayAnswer({ kind: "infobipSent", pinId: "P1", state: "MESSAGE_NOT_SENT", smsStatus: "MESSAGE_NOT_SENT", ncStatus: "NC_DESTINATION_UNKNOWN" }),
    ).toBe("pinId P1 MESSAGE_NOT_SENT (NC_DESTINATION_UNKNOWN) — the SMS was not sent: the number lookup does not know this number");
    expect(sayAnswer({ kind: "infobipRefused", pinError: "TTL_EXPIRED", attempts: 2 })).toBe(
      "Not verified: TTL_EXPIRED — the PIN expired; send a new one (2 attempts left)",
    );
    expect(sayAnswer({ kind: "sinchStarted", method: "sms", id: "abc" })).toBe("Started sms verification abc");
    expect(sayAnswer({ kind: "orderState", order: "O1", state: "validated" })).toBe("Order O1: validated");
    // A reason Sinch does not document is shown as it came.
    expect(sayAnswer({ kind: "sinchStatus", status: "FAIL", reason: "Gremlins" })).toBe("FAIL: Gremlins");
  });

  it("counts with each language's plurals", () => {
    setLanguage("en");
    expect(sayAnswer({ kind: "infobipRefused", pinError: "WRONG_PIN", attempts: 1 })).toBe("Not verified: WRONG_PIN — the PIN is not the one sent (1 attempt left)");
    expect(sayAnswer({ kind: "infobipCount", total: 1, verified: 0 })).toBe("1 verification, 0 verified");
    setLanguage("es");
    expect(sayAnswer({ kind: "infobipCount", total: 3, verified: 1 })).toBe("3 verificaciones, 1 verificada");
    setLanguage("de");
    expect(sayAnswer({ kind: "infobipRefused", pinError: "WRONG_PIN", attempts: 1 })).toBe(
      "Nicht bestätigt: WRONG_PIN — die PIN ist nicht die gesendete (noch 1 Versuch)",
    );
  });

  it("has words for every Sinch reason in every language, and keeps the codes", () => {
    // words::sinch_reason's 14 documented reasons.
    expect(Object.keys(SINCH_REASONS)).toHaveLength(14);
    for (const lang of LANGUAGES) {
      setLanguage(lang);
      const english = new Set<string>();
      for (const reason of Object.keys(SINCH_REASONS)) {
        const line = sayAnswer({ kind: "sinchStatus", status: "FAIL", reason });
        expect(line.startsWith(`FAIL`), line).toBe(true);
        expect(line).toContain(reason);
        english.add(line);
      }
      expect(english.size).toBe(14);
    }
  });

  it("says every kind in the pseudo-locale, accented and longer", () => {
    setLanguage("pseudo");
    const all: Said[] = [
      { kind: "sinchStarted", method: "sms", id: "abc" },
      { kind: "sinchStatus", status: "PENDING", reason: null },
      { kind: "infobipSent", pinId: "P1", state: "MESSAGE_SENT", smsStatus: "MESSAGE_SENT", ncStatus: null },
      { kind: "infobipRefused", pinError: "NO_MORE_PIN_ATTEMPTS", attempts: 0 },
      { kind: "infobipCount", total: 2, verified: 1 },
      { kind: "orderSent", order: "O1" },
      { kind: "orderState", order: "O1", state: "pending" },
      { kind: "verified" },
      { kind: "notVerified", message: "wrong code" },
      { kind: "valid" },
      { kind: "notValid", message: "wrong code" },
    ];
    for (const said of all) expect(sayAnswer(said)).toMatch(/^\[.*~\]$/u);
  });
});

describe("describePinError", () => {
  const denied: CommandError = {
    kind: "pin_provider",
    status: 403,
    provider: "sinch",
    code: "40303",
    detail: "Forbidden",
    message: "Sinch: Forbidden (40303, HTTP 403) — refused: a callback denied it or the action is restricted",
  };
  const slow: CommandError = {
    kind: "pin_unreachable",
    provider: "infobip",
    url: "http://127.0.0.1:9/2fa/2/pin",
    reason: null,
    seconds: 10,
    message: "Infobip: no answer from http://127.0.0.1:9/2fa/2/pin within 10 s — the answer was too slow; …",
  };

  it("keeps the shell's English line in English", () => {
    setLanguage("en");
    expect(describePinError(denied)).toContain("(40303, HTTP 403) — refused: a callback denied it");
  });

  it("says a provider's failure again from its provider, status and code", () => {
    setLanguage("de");
    expect(describePinError(denied)).toBe(
      "Sinch: Forbidden (40303, HTTP 403) — abgelehnt: ein Callback hat es verweigert oder die Aktion ist eingeschränkt",
    );
    expect(describePinError(slow)).toBe(
      "Infobip: keine Antwort von http://127.0.0.1:9/2fa/2/pin innerhalb von 10 s — die Antwort kam zu langsam; der Anbieter hat vielleicht trotzdem gehandelt, also prüfen Sie den Status, bevor Sie erneut senden",
    );
    setLanguage("es");
    const limit: CommandError = { kind: "pin_provider", status: 429, provider: "infobip", code: null, detail: "Too many requests", message: "…" };
    expect(describePinError(limit)).toBe("Infobip: Too many requests (HTTP 429) — se alcanzó un límite de la aplicación; espera o auméntalo");
    // Other kinds go through the usual error words.
    expect(describePinError({ kind: "locked", message: "locked" })).toBe("Watchword está bloqueado.");
  });
});
