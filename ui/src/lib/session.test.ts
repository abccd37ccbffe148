import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { AccountView } from "./ipc";
import { nextRefreshDelay, startSession } from "./session";

afterEach(() => clearMocks());

function shell(handlers: Record<string, (args: unknown) => unknown>): string[] {
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const handler = handlers[cmd];
    if (!handler) throw { kind: "internal", message: `unexpected ${cmd}` };
    return handler(args);
  });
  return calls;
}

describe("startSession", () => {
  it("shows the list when the keyring opens the vault", async () => {
    const calls = shell({ vault_start: () => ({ state: "unlocked", keyringProblem: null }) });
    expect(await startSession()).toEqual({ kind: "list", keyringProblem: null, accounts: null });
    expect(calls).toEqual(["vault_start"]);
  });

  it("asks for the passphrase when locked, with the keyring's reason", async () => {
    shell({ vault_start: () => ({ state: "locked", keyringProblem: "the OS keyring is locked" }) });
    expect(await startSession()).toEqual({ kind: "locked", keyringProblem: "the OS keyring is locked", passphrase: true });
  });

  it("creates a keyring vault on first run", async () => {
    let created: unknown;
    const calls = shell({
      vault_start: () => ({ state: "missing", keyringProblem: null }),
      vault_create: (args) => {
        created = args;
        return { state: "unlocked", keyringProblem: null };
      },
    });
    expect(await startSession()).toEqual({ kind: "list", keyringProblem: null, accounts: null });
    expect(calls).toEqual(["vault_start", "vault_create"]);
    expect(created).toEqual({ passphrase: null });
  });

  it("falls back to passphrase setup when the keyring is unavailable on first run", async () => {
    shell({
      vault_start: () => ({ state: "missing", keyringProblem: null }),
      vault_create: () => {
        throw { kind: "keyring_unavailable", message: "the OS keyring is unavailable: no bus" };
      },
    });
    expect(await startSession()).toEqual({ kind: "setup", reason: "the OS keyring is unavailable: no bus" });
  });

  it("shows a damaged vault's message instead of a blank window", async () => {
    shell({
      vault_start: () => {
        throw { kind: "vault_damaged", message: "/x/vault.wwv failed its integrity check" };
      },
    });
    expect(await startSession()).toEqual({
      kind: "error",
      error: { kind: "vault_damaged", message: "/x/vault.wwv failed its integrity check" },
    });
  });
});

describe("nextRefreshDelay", () => {
  const row = (remaining: number | null): AccountView => ({
    id: "i", type: remaining === null ? "hotp" : "totp", issuer: null, name: "n", groups: [], favourite: false, iconChosen: false, created: 0, lastUsed: null,
    digits: 6, period: remaining === null ? null : 30, counter: remaining === null ? 0 : null,
    code: "123456", remaining, nextCode: null, note: "", icon: null, sort: 0, useCount: 0, history: [],
  });

  it("waits for the soonest rollover", () => {
    expect(nextRefreshDelay([row(17), row(4), row(null)])).toBe(4000);
  });

  it("does not schedule anything for counter-based or empty lists", () => {
    expect(nextRefreshDelay([row(null)])).toBeNull();
    expect(nextRefreshDelay([])).toBeNull();
  });
});
