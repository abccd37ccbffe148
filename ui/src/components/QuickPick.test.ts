import { afterEach, describe, expect, it, vi } from "vitest";
import { mount, unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import QuickPick from "./QuickPick.svelte";
import type { AccountView } from "../lib/ipc";
import { accountView, type Handler, mockShell, settle } from "../lib/fixtures.test-support";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

const github = accountView({ id: "gh", issuer: "GitHub", name: "alice", code: "111111", useCount: 3 });
const gitlab = accountView({ id: "gl", issuer: "GitLab", name: "bob", code: "222222", useCount: 1 });
const bank = accountView({ id: "bk", issuer: "Bank", name: "carol", code: "333333", useCount: 0 });

/** A fake shell; `locked` starts the vault locked with a passphrase. */
function shell(overrides: Record<string, Handler> = {}, locked = false) {
  let open = !locked;
  const accounts: AccountView[] = [github, gitlab, bank];
  const handlers: Record<string, Handler> = {
    get_settings: () => ({ hideCodes: false, theme: "system" }),
    list_accounts: () => {
      if (!open) throw { kind: "locked", message: "The vault is locked." };
      return accounts;
    },
    vault_lock_screen: () => ({ passphrase: true }),
    vault_unlock: (args) => {
      if (args.passphrase !== "pw") throw { kind: "wrong_passphrase", message: "wrong passphrase" };
      open = true;
      return { state: "unlocked", keyringProblem: null, accounts, notice: null };
    },
    copy_code: () => ({ clearAfter: 30 }),
    quick_hide: () => null,
    ...overrides,
  };
  return mockShell(handlers);
}

function mountQuick() {
  const target = document.createElement("div");
  document.body.append(target);
  return { target, app: mount(QuickPick, { target }) };
}

function type(target: HTMLElement, testid: string, value: string) {
  const field = target.querySelector<HTMLInputElement>(`[data-testid=${testid}]`)!;
  field.value = value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

function press(key: string) {
  window.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
}

const items = (target: HTMLElement) =>
  [...target.querySelectorAll<HTMLElement>("[data-testid=quick-item]")].map((b) => b.dataset.id);
const chosen = (target: HTMLElement) => target.querySelector<HTMLElement>("[data-testid=quick-item].selected")?.dataset.id;

describe("QuickPick", () => {
  it("filters as you type, moves with the arrows and copies the chosen code with Enter", async () => {
    const calls = shell();
    const { target, app } = mountQuick();
    await settle();
    expect(items(target)).toEqual(["gh", "gl", "bk"]);
    expect(document.activeElement).toBe(target.querySelector("[data-testid=quick-search]"));

    type(target, "quick-search", "git");
    await settle();
    expect(items(target)).toEqual(["gh", "gl"]);
    expect(chosen(target)).toBe("gh");
    press("ArrowDown");
    await settle();
    expect(chosen(target)).toBe("gl");
    press("ArrowDown");
    await settle();
    expect(chosen(target)).toBe("gh"); // around the end
    press("ArrowUp");
    await settle();
    press("Enter");
    await settle();
    const names = calls.map(([c]) => c);
    expect(calls.find(([c]) => c === "copy_code")?.[1]).toEqual({ id: "gl" });
    expect(names.indexOf("quick_hide")).toBeGreaterThan(names.indexOf("copy_code"));
    unmount(app);
  });

  it("Enter with nothing matching copies nothing; Esc hides", async () => {
    const calls = shell();
    const { target, app } = mountQuick();
    await settle();
    type(target, "quick-search", "nothing like it");
    await settle();
    expect(target.querySelector("[data-testid=quick-empty]")!.textContent).toBe("Nothing matches.");
    press("Enter");
    press("Escape");
    await settle();
    expect(calls.map(([c]) => c)).not.toContain("copy_code");
    expect(calls.map(([c]) => c)).toContain("quick_hide");
    unmount(app);
  });

  it("keeps the window open and says why when the copy fails", async () => {
    const calls = shell({
      copy_code: () => {
        throw { kind: "clipboard", message: "the clipboard is not available" };
      },
    });
    const { target, app } = mountQuick();
    await settle();
    press("Enter");
    await settle();
    expect(target.querySelector("[data-testid=quick-error]")!.textContent).toBe("The clipboard is not available.");
    expect(calls.map(([c]) => c)).not.toContain("quick_hide");
    unmount(app);
  });

  it("asks to unlock a locked vault first, then shows the list", async () => {
    const calls = shell({}, true);
    const { target, app } = mountQuick();
    await settle();
    expect(target.querySelector("[data-testid=quick-locked]")).not.toBeNull();
    expect(target.querySelector("[data-testid=quick-item]")).toBeNull();
    // Enter in the passphrase field submits the form; it copies nothing.
    type(target, "quick-passphrase", "nope");
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=quick-locked] form")!.requestSubmit();
    await settle();
    expect(target.querySelector("[data-testid=quick-error]")!.textContent).toBe("Wrong passphrase.");
    type(target, "quick-passphrase", "pw");
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=quick-locked] form")!.requestSubmit();
    await settle();
    expect(items(target)).toEqual(["gh", "gl", "bk"]);
    expect(calls.map(([c]) => c)).not.toContain("copy_code");
    unmount(app);
  });

  it("offers the keyring's Unlock button for a vault without a passphrase", async () => {
    const calls = shell(
      {
        vault_lock_screen: () => ({ passphrase: false }),
        vault_unlock_keyring: () => ({ state: "unlocked", keyringProblem: null, accounts: [bank], notice: null }),
      },
      true,
    );
    const { target, app } = mountQuick();
    await settle();
    target.querySelector<HTMLElement>("[data-testid=quick-unlock-keyring]")!.click();
    await settle();
    expect(calls.map(([c]) => c)).toContain("vault_unlock_keyring");
    expect(items(target)).toEqual(["bk"]);
    unmount(app);
  });

  it("starts afresh each time it opens", async () => {
    shell();
    const { target, app } = mountQuick();
    await settle();
    type(target, "quick-search", "bank");
    await settle();
    expect(items(target)).toEqual(["bk"]);
    await emit("quick-opened", null);
    await settle();
    expect(target.querySelector<HTMLInputElement>("[data-testid=quick-search]")!.value).toBe("");
    expect(items(target)).toEqual(["gh", "gl", "bk"]);
    unmount(app);
  });
  it("shows each time-based code's seconds left, by the wall clock", async () => {
    // 13 s into a 30 s period: 17 s left.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_023_000);
    try {
      shell();
      const app = mount(QuickPick, { target: document.body });
      await settle();
      const seconds = [...document.querySelectorAll("[data-testid=quick-seconds]")];
      expect(seconds).toHaveLength(3);
      expect(seconds.map((s) => s.querySelector("[aria-hidden]")?.textContent)).toEqual(["17", "17", "17"]);
      expect(seconds[0].textContent).toContain("17 seconds left");
      unmount(app);
    } finally {
      vi.useRealTimers();
    }
  });
});
