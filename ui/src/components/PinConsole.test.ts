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
      if (cmd === "pin_send") return { ok: true, summary: "Started sms verification abc", id: "abc", response: {} };
      if (cmd === "pin_verify") return { ok: false, summary: "FAIL: Invalid code", id: "abc", response: {} };
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
    expect(result.textContent).toBe("FAIL: Invalid code");
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
});
