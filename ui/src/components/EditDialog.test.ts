import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, tick, unmount } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import EditDialog from "./EditDialog.svelte";
import { accountView } from "../lib/fixtures.test-support";

afterEach(() => clearMocks());

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

describe("EditDialog", () => {
  it("saves groups and the favourite mark, shows usage, and changes the icon at once", async () => {
    const calls: Array<[string, unknown]> = [];
    const chosen = accountView({ id: "g", name: "bob", issuer: "GitLab", icon: { kind: "brand", slug: "bitbucket" }, iconChosen: true });
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "search_icons") return [{ kind: "brand", slug: "bitbucket", title: "Bitbucket" }];
      if (cmd === "set_icon") return chosen;
      return null;
    });
    const onsave = vi.fn();
    const onicon = vi.fn();
    const target = document.createElement("div");
    document.body.append(target);
    const account = accountView({ id: "g", name: "bob", issuer: "GitLab", groups: ["Work"], created: 1_700_000_000, useCount: 3, icon: { kind: "brand", slug: "gitlab" } });
    const component = mount(EditDialog, { target, props: { account, groups: ["Work", "Home"], busy: false, error: null, onsave, ondelete: () => {}, onicon } });
    await settle();
    const usage = target.querySelector("[data-testid=edit-usage]")!.textContent!;
    expect(usage).toContain("Added");
    expect(usage).toContain("Never used");
    expect(usage).toContain("Used 3 times");
    expect(target.querySelector("[data-testid=icon-current]")!.getAttribute("src")).toBe("wwicon://localhost/brand/gitlab");

    const search = target.querySelector<HTMLInputElement>("[data-testid=icon-search]")!;
    search.value = "bitbu";
    search.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    target.querySelector<HTMLButtonElement>("[data-testid=icon-option]")!.click();
    await settle();
    expect(calls.find(([c]) => c === "set_icon")?.[1]).toEqual({ id: "g", setting: { kind: "brand", slug: "bitbucket" } });
    expect(onicon).toHaveBeenCalledWith(chosen);

    const groups = target.querySelector<HTMLInputElement>("[data-testid=edit-group]")!;
    groups.value = "Work, Code, work";
    groups.dispatchEvent(new Event("input", { bubbles: true }));
    target.querySelector<HTMLInputElement>("[data-testid=edit-favourite]")!.click();
    await settle();
    target.querySelector<HTMLFormElement>("[data-testid=edit-form]")!.requestSubmit();
    await settle();
    expect(onsave).toHaveBeenCalledWith({ issuer: "GitLab", name: "bob", groups: ["Work", "Code"], favourite: true, note: "" });
    unmount(component);
  });
});
