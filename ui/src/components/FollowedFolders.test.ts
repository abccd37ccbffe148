import { afterEach, describe, expect, it } from "vitest";
import { mount, unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import FollowedFolders from "./FollowedFolders.svelte";
import type { FollowedFolder } from "../lib/ipc";
import { mockShell, settle } from "../lib/fixtures.test-support";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

function folder(over: Partial<FollowedFolder> = {}): FollowedFolder {
  return {
    id: "f1",
    folder: "/home/me/Aegis",
    review: false,
    lastFile: "export-2.txt",
    flagged: [
      { id: "a-beta", label: "Beta (b)" },
      { id: "a-gamma", label: "Gamma (c)" },
    ],
    pending: null,
    ...over,
  };
}

describe("FollowedFolders", () => {
  it("deletes a flagged account with the window's Undo, or keeps it", async () => {
    let flagged = folder().flagged;
    const calls = mockShell({
      follow_list: () => [folder({ flagged })],
      follow_resolve: (args) => {
        flagged = flagged.filter((f) => f.id !== args.account);
        return [folder({ flagged })];
      },
    });
    const deleted: string[] = [];
    const notices: string[] = [];
    let changed = 0;
    const target = document.createElement("div");
    document.body.append(target);
    const app = mount(FollowedFolders, {
      target,
      props: { onnotice: (m: string) => notices.push(m), ondeleted: (l: string) => deleted.push(l), onchanged: () => changed++ },
    });
    await settle();
    const rows = target.querySelectorAll("[data-testid=flagged-account]");
    expect(rows).toHaveLength(2);
    const remove = target.querySelector<HTMLButtonElement>("[aria-label='Delete Beta (b)']");
    expect(remove).not.toBeNull();
    remove!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["follow_resolve", { id: "f1", account: "a-beta", remove: true }]);
    expect(deleted).toEqual(["Beta (b)"]);
    expect(changed).toBe(1);
    expect(target.querySelectorAll("[data-testid=flagged-account]")).toHaveLength(1);
    target.querySelector<HTMLButtonElement>("[aria-label='Keep Gamma (c) as your own']")!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["follow_resolve", { id: "f1", account: "a-gamma", remove: false }]);
    expect(deleted).toEqual(["Beta (b)"]);
    expect(notices.at(-1)).toContain("Gamma (c)");
    expect(target.querySelectorAll("[data-testid=flagged-account]")).toHaveLength(0);
    unmount(app);
  });

  it("reloads when the shell's watcher changed the vault", async () => {
    let flagged: FollowedFolder["flagged"] = [];
    mockShell({ follow_list: () => [folder({ flagged })] });
    const target = document.createElement("div");
    document.body.append(target);
    const app = mount(FollowedFolders, { target, props: { onnotice: () => {} } });
    await settle();
    expect(target.querySelectorAll("[data-testid=flagged-account]")).toHaveLength(0);
    flagged = [{ id: "a-beta", label: "Beta (b)" }];
    await emit("vault-changed", null);
    await settle();
    expect(target.querySelectorAll("[data-testid=flagged-account]")).toHaveLength(1);
    unmount(app);
  });

  it("opened from the notice, checks at once and shows the waiting review", async () => {
    const pending = { file: "export-9.txt", applied: false, new: ["Omega (o)"], changed: [], gone: [], rejected: [] };
    const calls = mockShell({ follow_check: () => [folder({ review: true, flagged: [], pending })] });
    const target = document.createElement("div");
    document.body.append(target);
    const app = mount(FollowedFolders, { target, props: { onnotice: () => {}, reviewNow: true } });
    await settle();
    expect(calls.map(([cmd]) => cmd)).toEqual(["follow_check"]);
    const dialog = document.querySelector("[data-testid=follow-review-dialog]");
    expect(dialog?.textContent).toContain("Omega (o)");
    unmount(app);
  });
});
