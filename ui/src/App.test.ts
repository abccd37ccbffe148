import { afterEach, describe, expect, it } from "vitest";
import { mount, unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { AccountView, Staged } from "./lib/ipc";
import { accountView, mockShell, settle } from "./lib/fixtures.test-support";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

const settings = {
  clipboardClearSeconds: 30,
  hideCodes: false,
  idleLockMinutes: 0,
  lockWhenHidden: false,
  theme: "system",
  sort: "manual",
};

const github = accountView({ id: "a1", issuer: "GitHub", name: "alice" });

const preview: Staged = {
  id: "staged-1",
  candidates: [
    { issuer: "GitHub", name: "alice", type: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: null, duplicate: false },
  ],
  problems: ["line 2: not an authenticator code"],
  missing: [],
};

/** A fake shell: an unlocked vault that starts empty. */
function shell(overrides: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  let accounts: AccountView[] = [];
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    about: () => ({ name: "Watchword", version: "0.1.0", languages: [] }),
    get_settings: () => settings,
    vault_start: () => ({ state: "unlocked", keyringProblem: null }),
    list_accounts: () => accounts,
    take_arrival: () => null,
    enroll_text: () => preview,
    enroll_confirm: () => {
      accounts = [github];
      return 1;
    },
    vault_lock: () => ({ passphrase: true }),
    first_codes_shown: () => null,
    ...overrides,
  };
  return mockShell(handlers);
}

function input(target: HTMLElement, testid: string, value: string) {
  const field = target.querySelector<HTMLInputElement>(`[data-testid=${testid}]`)!;
  field.value = value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

function click(target: HTMLElement, testid: string) {
  target.querySelector<HTMLElement>(`[data-testid=${testid}]`)!.click();
}

function mountApp() {
  const target = document.createElement("div");
  document.body.append(target);
  return { target, app: mount(App, { target }) };
}

describe("App", () => {
  it("adds a pasted link after showing what it holds and what was skipped", async () => {
    const calls = shell();
    const { target, app } = mountApp();
    await settle();
    expect(target.querySelector("[data-testid=welcome]")).not.toBeNull();

    click(target, "add");
    await settle();
    input(target, "add-link", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\nnonsense");
    await settle();
    target.querySelector<HTMLFormElement>("form.link")!.requestSubmit();
    await settle();
    expect(target.querySelector("[data-testid=candidate]")!.textContent).toContain("GitHub");
    expect(target.querySelector("[data-testid=problem]")!.textContent).toBe("Line 2: not an authenticator code.");

    click(target, "preview-confirm");
    await settle();
    expect(target.querySelector("[data-testid=toast-message]")!.textContent).toBe("Added 1 account.");
    expect(target.querySelector("[data-testid=code]")!.textContent!.trim()).toBe("123 456");
    expect(calls.map(([c]) => c)).toContain("enroll_confirm");
    // The confirmation names the preview on screen.
    expect(calls.find(([c]) => c === "enroll_confirm")?.[1]).toEqual({ id: "staged-1" });
    unmount(app);
  });

  it("reminds that backups are off until set aside, and asks again when accounts change", async () => {
    let due = true;
    const calls = shell({
      list_accounts: () => [github],
      backup_reminder_due: () => due,
      backup_reminder_dismiss: () => {
        due = false;
        return { ...settings, backupReminderDismissed: 1 };
      },
    });
    const { target, app } = mountApp();
    await settle();
    expect(target.querySelector("[data-testid=backup-reminder]")).not.toBeNull();
    click(target, "backup-reminder-dismiss");
    await settle();
    expect(calls.map(([c]) => c)).toContain("backup_reminder_dismiss");
    expect(target.querySelector("[data-testid=backup-reminder]")).toBeNull();
    // "Set up backups" opens the backup dialog, not the whole settings.
    due = true;
    unmount(app);
    const again = mountApp();
    await settle();
    click(again.target, "backup-reminder-setup");
    await settle();
    expect(again.target.querySelector("[data-testid=backups-dialog]")).not.toBeNull();
    unmount(again.app);
  });

  it("explains the passphrase where a new one is chosen", async () => {
    shell({
      vault_start: () => ({ state: "missing" }),
      vault_create: () => {
        throw { kind: "keyring_unavailable", message: "no Secret Service is running" };
      },
    });
    const { target, app } = mountApp();
    await settle();
    const help = target.querySelector("[data-testid=passphrase-help]")!;
    expect(help.textContent).toContain("If you forget it, your codes are lost unless you have a backup.");
    unmount(app);
  });

  it("shows the manual form's errors beside their fields", async () => {
    shell({
      enroll_manual: () => ({
        preview: null,
        errors: [{ field: "secret", message: "Not base32: character 3 is outside A-Z and 2-7." }],
      }),
    });
    const { target, app } = mountApp();
    await settle();
    click(target, "add");
    await settle();
    click(target, "add-manual");
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=manual-form]")!.requestSubmit();
    await settle();
    expect(target.querySelector("[data-testid=error-secret]")!.textContent).toBe(
      "Not base32: character 3 is outside A-Z and 2-7.",
    );
    expect(target.querySelector("[data-testid=preview]")).toBeNull();
    unmount(app);
  });

  it("locks with Ctrl+L and shows the passphrase screen", async () => {
    const calls = shell();
    const { target, app } = mountApp();
    await settle();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "l", ctrlKey: true }));
    await settle();
    expect(calls.map(([c]) => c)).toContain("vault_lock");
    expect(target.querySelector("[data-testid=passphrase-form]")).not.toBeNull();
    unmount(app);
  });

  it("a vault without a passphrase locks to an Unlock button that uses the keyring", async () => {
    const calls = shell({
      vault_lock: () => ({ passphrase: false }),
      vault_unlock_keyring: () => ({ state: "unlocked", keyringProblem: null }),
    });
    const { target, app } = mountApp();
    await settle();
    click(target, "lock");
    await settle();
    expect(target.querySelector("[data-testid=passphrase-form]")).toBeNull();
    click(target, "unlock-keyring");
    await settle();
    expect(calls.map(([c]) => c)).toContain("vault_unlock_keyring");
    expect(target.querySelector("[data-testid=welcome]")).not.toBeNull();
    unmount(app);
  });

  it("draws the codes the unlock returned without asking for the list again", async () => {
    const calls = shell({
      vault_start: () => ({ state: "unlocked", keyringProblem: null, accounts: [github] }),
    });
    const { target, app } = mountApp();
    await settle();
    expect(target.querySelector("[data-testid=code]")!.textContent!.trim()).toBe("123 456");
    expect(calls.map(([c]) => c)).not.toContain("list_accounts");
    unmount(app);
  });

  it("keeps both of two quick settings changes", async () => {
    const saved: unknown[] = [];
    let release: () => void = () => {};
    shell({
      save_settings: (args) => {
        saved.push(args.settings);
        // The first save answers late, after the second change was made.
        return saved.length === 1 ? new Promise((r) => (release = () => r(args.settings))) : args.settings;
      },
      vault_security: () => ({ passphrase: false, keyring: true }),
    });
    const { target, app } = mountApp();
    await settle();
    click(target, "open-settings");
    await settle();
    click(target, "settings-hide");
    click(target, "theme-dark");
    await settle();
    release();
    await settle();
    expect(saved[1]).toMatchObject({ hideCodes: true, theme: "dark" });
    expect(document.documentElement.dataset.theme).toBe("dark");
    unmount(app);
  });

  it("never shows a blank window when the vault cannot be opened", async () => {
    shell({
      vault_start: () => {
        throw { kind: "vault_damaged", message: "/v/vault.wwv failed its integrity check" };
      },
    });
    const { target, app } = mountApp();
    await settle();
    expect(target.querySelector("[data-testid=fatal-error]")!.textContent).toContain(
      "/v/vault.wwv failed its integrity check.",
    );
    unmount(app);
  });
});
