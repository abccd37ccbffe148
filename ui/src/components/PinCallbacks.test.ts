import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PinCallbacks from "./PinCallbacks.svelte";
import PinFaults from "./PinFaults.svelte";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

const waiting = {
  seq: 1, receivedAt: "2026-12-02T04:00:00Z", event: "VerificationRequestEvent", id: "abc", method: "sms",
  endpoint: "+46700000001", status: null, reason: null, signature: "verified", signatureOk: true,
  answer: "waiting", answeredBy: null,
};

describe("PinCallbacks", () => {
  it("starts the receiver with the rule, shows a waiting event and sends the administrator's deny", async () => {
    const calls: Array<[string, any]> = [];
    let view: any = { profile: null, url: null, sandboxWired: false, rule: { kind: "ask" }, events: [] };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "pin_callbacks_start") view = { profile: "Sandbox · Sinch", url: "http://127.0.0.1:9/sinch/callback", sandboxWired: true, rule: { kind: "ask" }, events: [waiting] };
      if (cmd === "pin_callbacks_decide") view = { ...view, events: [{ ...waiting, answer: "deny", answeredBy: "administrator" }] };
      return view;
    });
    const target = document.createElement("div");
    document.body.append(target);
    mount(PinCallbacks, { target, props: { profile: "Sandbox · Sinch" } });
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-callback-start]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_callbacks_start")![1]).toEqual({ profile: "Sandbox · Sinch", rule: { kind: "ask" } });
    expect(target.querySelector("[data-testid=pin-callback-url]")!.textContent).toContain("the built-in sandbox calls it");
    expect(target.querySelector("[data-testid=pin-callback-signature]")!.textContent).toBe("signature verified");
    target.querySelector<HTMLButtonElement>("[data-testid=pin-callback-deny]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_callbacks_decide")![1]).toEqual({ seq: 1, action: "deny" });
    expect(target.querySelector("[data-testid=pin-callback-answer]")!.textContent).toBe("Answered deny (administrator)");
  });
});

describe("PinFaults", () => {
  it("injects the chosen fault for the recipient", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const target = document.createElement("div");
    document.body.append(target);
    mount(PinFaults, { target, props: { to: "+46700000002" } });
    await settle();
    const kind = target.querySelector<HTMLSelectElement>("[data-testid=pin-fault-kind]")!;
    kind.value = "drop";
    kind.dispatchEvent(new Event("change"));
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=pin-fault-inject]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "pin_fault")![1]).toEqual({ to: "+46700000002", fault: { kind: "drop" }, count: 1 });
    expect(target.querySelector("[data-testid=pin-fault-note]")!.textContent).toContain("+46700000002");
  });
});
