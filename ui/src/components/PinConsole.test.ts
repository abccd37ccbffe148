import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PinConsole from "./PinConsole.svelte";
import { setLanguage } from "../lib/i18n.svelte";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

const profiles = [
  { name: "Sandbox · Sinch", provider: "sinch", baseUrl: "http://127.0.0.1:1", key: "K", builtin: true },
  { name: "Sandbox · Auth365", provider: "auth365", baseUrl: "http://127.0.0.1:1", key: "c", accountId: 1000, builtin: true },
];

function render() {
  const target = document.createElement("div");
  document.body.append(target);
  mount(PinConsole, { target, props: { onpreview: () => {} } });
  return target;
}

function set(target: HTMLElement, testid: string, value: string) {
  const input = target.querySelector<HTMLInputElement>(`[data-testid=${testid}]`)!;
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

describe("PinConsole", () => {
  it("sends through the chosen profile, then verifies with the id the send returned", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "pin_console") return { profiles, sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_send") return { ok: true, summary: "(English)", said: { kind: "sinchStarted", method: "sms", id: "abc" }, id: "abc", response: {} };
      if (cmd === "pin_verify")
        return { ok: false, summary: "(English)", said: { kind: "sinchStatus", status: "FAIL", reason: "Invalid code" }, id: "abc", response: {} };
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    set(target, "pin-to", "+46700000009");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-send]")!.click();
    await settle();
    const send = calls.find(([cmd]) => cmd === "pin_send")!;
    expect(send[1].profile).toBe("Sandbox · Sinch");
    expect(send[1].form).toMatchObject({ to: "+46700000009", method: "sms" });
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe("Started sms verification abc");

    target.querySelector<HTMLButtonElement>("[data-testid=pin-tab-verify]")!.click();
    await settle();
    expect(target.querySelector<HTMLInputElement>("[data-testid=pin-id]")!.value).toBe("abc");
    set(target, "pin-code", "1234");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-verify]")!.click();
    await settle();
    const verify = calls.find(([cmd]) => cmd === "pin_verify")!;
    expect(verify[1].form).toMatchObject({ code: "1234", id: "abc", method: "sms" });
    const result = target.querySelector("[data-testid=pin-result]")!;
    expect(result.textContent).toBe("FAIL: Invalid code — the code is not the one sent");
    expect(result.className).toContain("error");
  });

  it("shows a provider's error as a sentence and keeps the form", async () => {
    mockIPC((cmd) => {
      if (cmd === "pin_console") return { profiles, sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_send") throw { kind: "pin_unreachable", message: "Sinch: cannot reach http://127.0.0.1:1/: connection refused" };
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-send]")!.click();
    await settle();
    expect(target.querySelector("[data-testid=pin-error]")!.textContent).toContain("cannot reach");
    expect(target.querySelector<HTMLInputElement>("[data-testid=pin-to]")!.value).toBe("+46700000001");
  });

  it("offers soft tokens for Auth365 profiles only, with its own methods", async () => {
    mockIPC((cmd) => {
      if (cmd === "pin_console") return { profiles, sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    expect(target.querySelector("[data-testid=pin-tab-softtoken]")).toBeNull();
    const select = target.querySelector<HTMLSelectElement>("[data-testid=pin-profile]")!;
    select.value = "Sandbox · Auth365";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(target.querySelector("[data-testid=pin-tab-softtoken]")).not.toBeNull();
    const methods = [...target.querySelectorAll<HTMLOptionElement>("[data-testid=pin-method] option")].map((o) => o.value);
    expect(methods).toEqual(["sms", "email", "url-onestep", "url-twostep"]);
  });

  it("creates a soft token with the chosen algorithm, digits and period, lists the user's and deletes one", async () => {
    const calls: Array<[string, any]> = [];
    let listed = [{ softTokenId: "T1", userId: "alice", issuer: "Shop", algorithm: "SHA256", digits: 8, period: 60 }];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "pin_console") return { profiles: [profiles[1]], sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_softtoken_enroll") return { softTokenId: "T1", preview: {} };
      if (cmd === "pin_softtoken_list") return listed;
      if (cmd === "pin_softtoken_delete") {
        listed = [];
        return null;
      }
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-tab-softtoken]")!.click();
    await settle();
    const algorithm = target.querySelector<HTMLSelectElement>("[data-testid=pin-softtoken-algorithm]")!;
    algorithm.value = "SHA256";
    algorithm.dispatchEvent(new Event("change"));
    set(target, "pin-softtoken-digits", "8");
    set(target, "pin-softtoken-period", "60");
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-softtoken-create]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_softtoken_enroll")![1]).toEqual({
      profile: "Sandbox · Auth365",
      form: { userId: "alice", issuer: "Watchword Sandbox", algorithm: "SHA256", digits: 8, period: 60 },
    });
    target.querySelector<HTMLButtonElement>("[data-testid=pin-softtoken-list]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_softtoken_list")![1]).toEqual({ profile: "Sandbox · Auth365", userId: "alice" });
    expect(target.querySelector("[data-testid=pin-softtoken-row] span")!.textContent).toBe("T1 · Shop · SHA256 8 digits / 60 s");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-softtoken-delete]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_softtoken_delete")![1]).toEqual({ profile: "Sandbox · Auth365", id: "T1" });
    expect(target.querySelector("[data-testid=pin-softtoken-row]")).toBeNull();
    expect(target.querySelector("[data-testid=pin-softtoken-none]")!.textContent).toBe("No soft tokens for alice.");
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe("Soft token T1 deleted");
  });
});

describe("PinConsole in another language", () => {
  afterEach(() => setLanguage("en"));

  it("words its forms and the provider's answer in German, keeping the provider's codes", async () => {
    setLanguage("de");
    let sends = 0;
    mockIPC((cmd) => {
      if (cmd === "pin_console") return { profiles, sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_send") sends += 1;
      if (cmd === "pin_send") return { ok: true, summary: "Started sms verification abc", said: { kind: "sinchStarted", method: "sms", id: "abc" }, id: "abc", response: {} };
      if (cmd === "pin_status")
        return { ok: false, summary: "DENIED: Fraud — …", said: { kind: "sinchStatus", status: "DENIED", reason: "Fraud" }, id: "abc", response: {} };
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    const send = target.querySelector<HTMLButtonElement>("[data-testid=pin-send]")!;
    expect(send.textContent).toBe("PIN senden");
    expect(target.querySelector("[data-testid=pin-tab-faults]")!.textContent).toContain("Fehler");
    send.click();
    await settle();
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe("sms-Verifizierung abc gestartet");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-tab-status]")!.click();
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-status]")!.click();
    await settle();
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe(
      "DENIED: Fraud — die Betrugsregeln von Sinch haben die Verifizierung dieser Nummer abgelehnt",
    );
    // A form that lacks its recipient is refused here, in the language, without a call.
    target.querySelector<HTMLButtonElement>("[data-testid=pin-tab-send]")!.click();
    await settle();
    set(target, "pin-to", " ");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-send]")!.click();
    await settle();
    expect(target.querySelector("[data-testid=pin-error]")!.textContent).toBe("Geben Sie einen Empfänger an: eine Telefonnummer oder eine E-Mail-Adresse.");
    expect(target.querySelector("[data-testid=pin-result]")).toBeNull();
    expect(sends).toBe(1);
    set(target, "pin-to", "+46700000001");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-tab-status]")!.click();
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-status]")!.click();
    await settle();
    // The answer is said again when the language changes.
    setLanguage("fr");
    flushSync();
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe(
      "DENIED : Fraud — les règles antifraude de Sinch ont refusé de vérifier ce numéro",
    );
  });
});
