import { afterEach, describe, expect, it } from "vitest";
import { mount, unmount } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import AtHandSettings from "./AtHandSettings.svelte";
import type { AtHand, Settings } from "../lib/ipc";
import { settle } from "../lib/fixtures.test-support";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

const settings: Settings = {
  clipboardClearSeconds: 30,
  hideCodes: false,
  idleLockMinutes: 0,
  lockWhenHidden: false,
  theme: "system",
  sort: "manual",
  autoBackupDir: null,
  autoBackupKeep: 10,
  closeToTray: null,
  trayNoticeShown: false,
  globalShortcut: "Ctrl+Alt+W",
} as Settings;

function status(over: Partial<AtHand> = {}, shortcut: Partial<AtHand["shortcut"]> = {}): AtHand {
  return {
    trayShown: true,
    closeToTray: true,
    startAtLogin: false,
    ...over,
    shortcut: { route: "x11", active: "Ctrl+Alt+W", problem: null, command: "watchword-desktop --quick", ...shortcut },
  };
}

function shell(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    const handler = handlers[cmd];
    if (!handler) throw { kind: "internal", message: `unexpected ${cmd}` };
    return handler(args as Record<string, unknown>);
  });
  return calls;
}

function mountSection(replaced: Settings[] = []) {
  const target = document.createElement("div");
  document.body.append(target);
  const app = mount(AtHandSettings, { target, props: { settings, onreplace: (s: Settings) => replaced.push(s) } });
  return { target, app };
}

const text = (target: HTMLElement, testid: string) => target.querySelector(`[data-testid=${testid}]`)?.textContent?.trim();

describe("AtHandSettings", () => {
  it("says how to bind the command where the desktop lets no app set shortcuts", async () => {
    shell({ at_hand_status: () => status({}, { route: "desktop-settings", active: null, command: "/opt/ww/watchword-desktop --quick" }) });
    const { target, app } = mountSection();
    await settle();
    expect(text(target, "shortcut-manual")).toBe(
      "Your desktop does not let apps set shortcuts: bind /opt/ww/watchword-desktop --quick in your desktop's keyboard settings to open the quick pick.",
    );
    expect(target.querySelector("[data-testid=settings-shortcut]")).toBeNull();
    unmount(app);
  });

  it("shows a shortcut refused by name beside the field, and one taken by another app", async () => {
    const replaced: Settings[] = [];
    let current = status({}, { active: null, problem: "Ctrl+Alt+W is taken by another application: choose another shortcut." });
    shell({
      at_hand_status: () => current,
      save_settings: (args) => {
        const next = args.settings as Settings;
        if (next.globalShortcut === "Ctrl+Banana")
          throw { kind: "shortcut_invalid", shortcut: "Ctrl+Banana", message: "\u201cCtrl+Banana\u201d is not a shortcut Watchword can set: write the modifiers, then one key." };
        current = status({}, { active: next.globalShortcut });
        return next;
      },
    });
    const { target, app } = mountSection(replaced);
    await settle();
    expect(text(target, "shortcut-problem")).toBe("Ctrl+Alt+W is taken by another application: choose another shortcut.");
    const field = target.querySelector<HTMLInputElement>("[data-testid=settings-shortcut]")!;
    field.value = "Ctrl+Banana";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=at-hand] form")!.requestSubmit();
    await settle();
    expect(text(target, "shortcut-error")).toContain("Ctrl+Banana");
    expect(replaced).toEqual([]);
    field.value = "Super+W";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=at-hand] form")!.requestSubmit();
    await settle();
    expect(replaced.map((s) => s.globalShortcut)).toEqual(["Super+W"]);
    expect(text(target, "shortcut-active")).toBe("Super+W opens the quick pick from anywhere.");
    expect(target.querySelector("[data-testid=shortcut-error]")).toBeNull();
    unmount(app);
  });

  it("turns start at login on through the shell and keeps the tray box honest", async () => {
    const calls = shell({
      at_hand_status: () => status({ trayShown: false, closeToTray: false }),
      set_start_at_login: (args) => status({ trayShown: false, closeToTray: false, startAtLogin: args.on as boolean }),
    });
    const { target, app } = mountSection();
    await settle();
    const tray = target.querySelector<HTMLInputElement>("[data-testid=settings-close-to-tray]")!;
    expect(tray.disabled && !tray.checked).toBe(true);
    expect(text(target, "no-tray")).toContain("closing the window quits it");
    target.querySelector<HTMLInputElement>("[data-testid=settings-start-at-login]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "set_start_at_login")?.[1]).toEqual({ on: true });
    expect(target.querySelector<HTMLInputElement>("[data-testid=settings-start-at-login]")!.checked).toBe(true);
    unmount(app);
  });
});
