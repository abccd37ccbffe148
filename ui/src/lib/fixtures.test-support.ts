// Shared by the Vitest suites: an account row as the shell sends it, a mocked
// shell answering by command, and a wait for the component and that shell to settle.
import { flushSync, tick } from "svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { AccountView } from "./ipc";

/** Lets Svelte's updates and the mocked IPC's promises and timers run out. */
export async function settle() {
  for (let i = 0; i < 8; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
  flushSync();
}

/** A TOTP row with readable defaults; `over` sets what a test cares about. */
export function accountView(over: Partial<AccountView> = {}): AccountView {
  return {
    id: "id-" + (over.name ?? "x"),
    type: "totp",
    issuer: null,
    name: "x",
    groups: [],
    favourite: false,
    digits: 6,
    period: 30,
    counter: null,
    code: "123456",
    remaining: 20,
    nextCode: "654321",
    note: "",
    icon: null,
    iconChosen: false,
    sort: 0,
    useCount: 0,
    created: 0,
    lastUsed: null,
    history: [],
    ...over,
  };
}

/** A command's answer in a mocked shell, from the arguments it was called with. */
export type Handler = (args: Record<string, unknown>) => unknown;

/** Mocks the shell's IPC (events too): each command answers through its
 * handler, any other fails as `internal`; returns every call, in order. */
export function mockShell(handlers: Record<string, Handler>): Array<[string, Record<string, unknown>]> {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC(
    (cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      const handler = handlers[cmd];
      if (!handler) throw { kind: "internal", message: `unexpected ${cmd}` };
      return handler(args as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  return calls;
}
