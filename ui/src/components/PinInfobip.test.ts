import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PinConsole from "./PinConsole.svelte";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

function set(target: HTMLElement, testid: string, value: string) {
  const input = target.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[data-testid=${testid}]`)!;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input"));
}

function click(target: HTMLElement, testid: string) {
  target.querySelector<HTMLElement>(`[data-testid=${testid}]`)!.click();
}

const infobip = { name: "Sandbox · Infobip", provider: "infobip", baseUrl: "http://127.0.0.1:1", builtin: true };
const first = { application: { applicationId: "A1", name: "Watchword test", enabled: true, configuration: {} }, templates: [{ messageId: "M1", messageText: "Your Watchword test code is {{pin}}", pinType: "NUMERIC", pinLength: 6 }] };

describe("PinConsole with Infobip", () => {
  it("creates an application and a template with Infobip's fields, sends with them and resends the same pinId", async () => {
    const calls: Array<[string, any]> = [];
    let catalog: any[] = [first];
    mockIPC((cmd, args: any) => {
      calls.push([cmd, args]);
      if (cmd === "pin_console") return { profiles: [infobip], sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_infobip_catalog") return catalog;
      if (cmd === "pin_infobip_app_save") {
        const saved = { ...args.app, applicationId: "A2" };
        catalog = [first, { application: saved, templates: [] }];
        return saved;
      }
      if (cmd === "pin_infobip_template_save") {
        const saved = { ...args.template, messageId: "M2", applicationId: args.app };
        catalog = [first, { application: catalog[1].application, templates: [saved] }];
        return saved;
      }
      const sent = (ncStatus: string | null) => ({ kind: "infobipSent", pinId: "P9", state: "MESSAGE_SENT", smsStatus: "MESSAGE_SENT", ncStatus });
      if (cmd === "pin_send") return { ok: true, summary: "(English)", said: sent(null), id: "P9", response: {} };
      if (cmd === "pin_resend") return { ok: true, summary: "(English)", said: sent("NC_NOT_CONFIGURED"), id: "P9", response: {} };
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = document.createElement("div");
    document.body.append(target);
    mount(PinConsole, { target, props: { onpreview: () => {} } });
    await settle();

    click(target, "pin-tab-apps");
    await settle();
    expect(target.querySelectorAll("[data-testid=pin-app-row]").length).toBe(1);
    set(target, "pin-app-name", "Checkout");
    set(target, "pin-app-attempts", "3");
    set(target, "pin-app-ttl", "5m");
    set(target, "pin-app-verify-limit", "2/1s");
    set(target, "pin-app-app-limit", "500/1d");
    set(target, "pin-app-number-limit", "5/1h");
    click(target, "pin-app-multiple");
    await settle();
    click(target, "pin-app-save");
    await settle();
    expect(calls.find(([c]) => c === "pin_infobip_app_save")![1]).toEqual({
      profile: "Sandbox · Infobip",
      id: null,
      app: {
        name: "Checkout",
        enabled: true,
        configuration: {
          pinAttempts: 3,
          allowMultiplePinVerifications: false,
          pinTimeToLive: "5m",
          verifyPinLimit: "2/1s",
          sendPinPerApplicationLimit: "500/1d",
          sendPinPerPhoneNumberLimit: "5/1h",
        },
      },
    });
    expect(target.querySelector("[data-testid=pin-infobip-result]")!.textContent).toBe("Created application Checkout (A2)");
    expect(target.querySelectorAll("[data-testid=pin-app-row]").length).toBe(2);

    set(target, "pin-template-text", "Checkout code {{pin}}");
    set(target, "pin-template-type", "HEX");
    set(target, "pin-template-length", "8");
    set(target, "pin-template-sender", "Shop");
    set(target, "pin-template-language", "de");
    set(target, "pin-template-voice", "Hans");
    set(target, "pin-template-dtmf", "1#");
    set(target, "pin-template-rate", "1.5");
    click(target, "pin-template-save");
    await settle();
    expect(calls.find(([c]) => c === "pin_infobip_template_save")![1]).toEqual({
      profile: "Sandbox · Infobip",
      app: "A2",
      id: null,
      template: {
        messageText: "Checkout code {{pin}}",
        pinType: "HEX",
        pinLength: 8,
        senderId: "Shop",
        language: "de",
        voiceName: "Hans",
        repeatDTMF: "1#",
        speechRate: 1.5,
      },
    });
    expect(target.querySelector("[data-testid=pin-template-row] span")!.textContent).toBe("Checkout code {{pin}} · HEX 8 · from Shop · de · voice Hans · repeat 1# · rate 1.5");

    // The send form now uses the new application and template.
    click(target, "pin-tab-send");
    await settle();
    expect(target.querySelector<HTMLSelectElement>("[data-testid=pin-app]")!.value).toBe("A2");
    expect(target.querySelector<HTMLSelectElement>("[data-testid=pin-template]")!.value).toBe("M2");
    set(target, "pin-placeholders", "name=Alice\nshop = Corner");
    click(target, "pin-no-lookup");
    click(target, "pin-send");
    await settle();
    expect(calls.find(([c]) => c === "pin_send")![1].form).toMatchObject({
      app: "A2",
      template: "M2",
      placeholders: { name: "Alice", shop: "Corner" },
      noLookup: true,
    });

    click(target, "pin-tab-verify");
    await settle();
    click(target, "pin-resend");
    await settle();
    expect(calls.find(([c]) => c === "pin_resend")![1]).toEqual({ profile: "Sandbox · Infobip", form: { id: "P9", method: "sms" } });
    expect(target.querySelector("[data-testid=pin-result]")!.textContent).toBe(
      "pinId P9 MESSAGE_SENT (NC_NOT_CONFIGURED) — the SMS was sent; number lookup is not configured for this account",
    );
  });

  it("edits an application: its fields are filled in and the update names its id", async () => {
    const calls: Array<[string, any]> = [];
    const app = { applicationId: "A1", name: "Old", enabled: false, configuration: { pinAttempts: 7, allowMultiplePinVerifications: true, pinTimeToLive: "2m" } };
    mockIPC((cmd, args: any) => {
      calls.push([cmd, args]);
      if (cmd === "pin_console") return { profiles: [infobip], sandboxProblem: null };
      if (cmd === "pin_outbox" || cmd === "pin_exchanges") return [];
      if (cmd === "pin_infobip_catalog") return [{ application: app, templates: [] }];
      if (cmd === "pin_infobip_app_save") return { ...args.app, applicationId: args.id };
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = document.createElement("div");
    document.body.append(target);
    mount(PinConsole, { target, props: { onpreview: () => {} } });
    await settle();
    click(target, "pin-tab-apps");
    await settle();
    click(target, "pin-app-edit");
    await settle();
    expect(target.querySelector<HTMLInputElement>("[data-testid=pin-app-name]")!.value).toBe("Old");
    expect(target.querySelector<HTMLInputElement>("[data-testid=pin-app-enabled]")!.checked).toBe(false);
    expect(target.querySelector<HTMLInputElement>("[data-testid=pin-app-ttl]")!.value).toBe("2m");
    click(target, "pin-app-enabled");
    click(target, "pin-app-save");
    await settle();
    const saved = calls.find(([c]) => c === "pin_infobip_app_save")![1];
    expect(saved.id).toBe("A1");
    expect(saved.app).toMatchObject({ name: "Old", enabled: true, configuration: { pinAttempts: 7, pinTimeToLive: "2m" } });
    expect(target.querySelector("[data-testid=pin-infobip-result]")!.textContent).toBe("Updated application Old (A1)");
  });
});
