import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, tick, unmount } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import AccountList from "./AccountList.svelte";
import { accountView as row } from "../lib/fixtures.test-support";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});


const accounts = [
  row({ name: "alice", issuer: "GitHub", sort: 0, code: "111222" }),
  row({ name: "bob", issuer: "Proton", sort: 1, groups: ["Work"], code: "333444" }),
  row({ name: "carol", issuer: "Bank", type: "hotp", period: null, remaining: null, nextCode: null, counter: 3, sort: 2 }),
];

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

function render(props: Partial<{ query: string; hideCodes: boolean; onnotice: (m: string) => void; onadd: (how: string) => void }> = {}) {
  const target = document.createElement("div");
  document.body.append(target);
  const component = mount(AccountList, {
    target,
    props: {
      query: props.query ?? "",
      sort: "manual",
      hideCodes: props.hideCodes ?? false,
      onnotice: props.onnotice ?? (() => {}),
      onmore: () => {},
      onadd: props.onadd ?? (() => {}),
    },
  });
  return { target, component };
}

describe("AccountList", () => {
  it("shows grouped rows with readable codes and copies through the shell", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "list_accounts") return accounts;
      if (cmd === "copy_code") return { clearAfter: 30 };
      if (cmd === "first_codes_shown") return null;
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const onnotice = vi.fn();
    const { target, component } = render({ onnotice });
    await settle();
    const codes = [...target.querySelectorAll("[data-testid=code]")].map((c) => c.textContent?.trim());
    expect(codes).toEqual(["111 222", "123 456", "333 444"]);
    expect([...target.querySelectorAll("[data-testid=group]")].map((g) => g.textContent)).toEqual(["Work"]);
    expect(target.querySelectorAll("[data-testid=next-hotp]").length).toBe(1);
    // A screen reader hears each row's place in the whole list, and group names as headings.
    const items = [...target.querySelectorAll("li.account")];
    expect(items.map((li) => [li.getAttribute("aria-posinset"), li.getAttribute("aria-setsize")])).toEqual([
      ["1", "3"],
      ["2", "3"],
      ["3", "3"],
    ]);
    expect(target.querySelector("[data-testid=group] h2")?.textContent).toBe("Work");
    // Buttons name their account.
    expect(target.querySelector("[data-testid=next-hotp]")?.getAttribute("aria-label")).toBe("Next code for Bank (carol)");
    // Time-based rows show their seconds left; the counter row its button instead.
    expect(target.querySelectorAll("[data-testid=seconds-left]").length).toBe(2);
    // The webview never sees a secret: rows carry codes and metadata only.
    expect(JSON.stringify(calls)).not.toContain("secret");

    (target.querySelector("[data-testid=account]") as HTMLButtonElement).click();
    await settle();
    expect(calls.find(([c]) => c === "copy_code")?.[1]).toEqual({ id: "id-alice" });
    expect(onnotice).toHaveBeenCalledWith("Copied the code for GitHub. The clipboard clears in 30 s.");
    unmount(component);
  });

  it("shows a code's successor only in its period's last 5 seconds, by the window's clock", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_accounts") return accounts;
      if (cmd === "first_codes_shown") return null;
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const shown = async (unixSeconds: number) => {
        vi.setSystemTime(unixSeconds * 1000);
        const { target, component } = render();
        await settle();
        const next = [...target.querySelectorAll("[data-testid=next-code]")];
        const result = next.map((n) => n.classList.contains("shown"));
        unmount(component);
        return result;
      };
      // 17 s left: kept back; 4 s left: shown (both time-based rows).
      expect(await shown(1_700_000_023)).toEqual([false, false]);
      expect(await shown(1_700_000_006)).toEqual([true, true]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("filters by group, folds a group (saying so to the settings) and draws brand icons by name", async () => {
    const many = [
      row({ id: "a", name: "alice", issuer: "GitHub", sort: 0, groups: ["Work", "Code"], icon: { kind: "brand", slug: "github" } }),
      row({ id: "b", name: "bob", issuer: "Proton", sort: 1, groups: ["Home"] }),
      row({ id: "c", name: "carol", issuer: "Bank", sort: 2, favourite: true }),
    ];
    mockIPC((cmd) => (cmd === "list_accounts" ? many : null));
    const oncollapse = vi.fn();
    const target = document.createElement("div");
    document.body.append(target);
    const component = mount(AccountList, {
      target,
      props: { query: "", sort: "alphabetical", hideCodes: false, onnotice: () => {}, onmore: () => {}, onadd: () => {}, collapsed: ["Home"], oncollapse },
    });
    await settle();
    const names = () => [...target.querySelectorAll("[data-testid=issuer]")].map((n) => n.textContent);
    // The favourite first (alphabetical order notwithstanding); Home folded.
    expect(names()).toEqual(["Bank", "GitHub"]);
    expect([...target.querySelectorAll("[data-testid=group]")].map((g) => g.textContent)).toEqual(["Favourites", "Home", "Work"]);
    const home = target.querySelector<HTMLButtonElement>("[data-group=Home] [data-testid=group-toggle]")!;
    expect(home.getAttribute("aria-expanded")).toBe("false");
    home.click();
    expect(oncollapse).toHaveBeenCalledWith([]);
    target.querySelector<HTMLButtonElement>("[data-group=Work] [data-testid=group-toggle]")!.click();
    expect(oncollapse).toHaveBeenLastCalledWith(["Home", "Work"]);
    // The filter bar: every group in use; one shows only its accounts, folded or not.
    const chips = [...target.querySelectorAll<HTMLButtonElement>("[data-testid=group-filter-option]")];
    expect(chips.map((c) => c.textContent)).toEqual(["Code", "Home", "Work"]);
    chips[1].click();
    await settle();
    expect(names()).toEqual(["Proton"]);
    expect(chips[1].getAttribute("aria-pressed")).toBe("true");
    target.querySelector<HTMLButtonElement>("[data-testid=group-filter-all]")!.click();
    await settle();
    expect(target.querySelector("[data-testid=icon]")?.getAttribute("src")).toBe("wwicon://localhost/brand/github");
    unmount(component);
  });

  it("hides codes until clicked, and shows the shell's error as a sentence", async () => {
    let fail = false;
    mockIPC((cmd) => {
      if (cmd === "list_accounts") {
        if (fail) throw { kind: "locked", message: "the vault is locked" };
        return accounts.slice(0, 1);
      }
      if (cmd === "copy_code") return { clearAfter: null };
      return null;
    });
    const { target, component } = render({ hideCodes: true });
    await settle();
    const code = () => target.querySelector("[data-testid=code]")!.textContent!.trim();
    expect(code()).toBe("••• •••");
    (target.querySelector("[data-testid=account]") as HTMLButtonElement).click();
    await settle();
    expect(code()).toBe("111 222");

    fail = true;
    await component.reload();
    await settle();
    expect(target.querySelector("[data-testid=list-error]")!.textContent).toBe("The vault is locked.");
    unmount(component);
  });

  it("saves the manual order after a row is dragged onto another", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "list_accounts" ? accounts.map((a) => ({ ...a, groups: [] })) : null;
    });
    const { target, component } = render();
    await settle();
    const rows = target.querySelectorAll("li.account");
    expect(rows[2].getAttribute("draggable")).toBe("true");
    rows[2].dispatchEvent(new Event("dragstart", { bubbles: true }));
    rows[0].dispatchEvent(new Event("drop", { bubbles: true, cancelable: true }));
    await settle();
    expect(calls.find(([c]) => c === "reorder_accounts")?.[1]).toEqual({ ids: ["id-carol", "id-alice", "id-bob"] });
    unmount(component);
  });

  it("welcomes a new user with every way to add, import and back up", async () => {
    mockIPC((cmd) => (cmd === "list_accounts" ? [] : null));
    const onadd = vi.fn();
    const { target, component } = render({ onadd });
    await settle();
    const welcome = target.querySelector("[data-testid=welcome]")!;
    expect(welcome.textContent).toContain("drop a picture");
    const buttons = [...welcome.querySelectorAll("button")];
    buttons.forEach((b) => b.click());
    expect(onadd.mock.calls.map(([how]) => how)).toEqual(["screen", "image", "paste", "form", "import", "backups"]);
    unmount(component);
  });
});

describe("AccountList reordering from the keyboard", () => {
  it("moves a row with Alt+↓ within its group, saves the order and says where it went", async () => {
    const two = [
      row({ id: "a", name: "alice", issuer: "GitHub", sort: 0 }),
      row({ id: "b", name: "bob", issuer: "Proton", sort: 1, groups: ["Work"] }),
      row({ id: "c", name: "carol", issuer: "Bank", sort: 2 }),
    ];
    let saved: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === "list_accounts") return two;
      if (cmd === "reorder_accounts") return (saved = (args as { ids: string[] }).ids), null;
      if (cmd === "first_codes_shown") return null;
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const onnotice = vi.fn();
    const { target } = render({ onnotice });
    await settle();
    const first = target.querySelector<HTMLElement>('[data-testid=account][data-id="a"]')!;
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", altKey: true, bubbles: true }));
    await settle();
    // Drawn: GitHub, Bank (no group), then Work: Proton. GitHub goes below Bank.
    expect(saved).toEqual(["b", "c", "a"]);
    expect(onnotice).toHaveBeenCalledWith("Moved GitHub (alice) down: 2 of 3.");
    // At the end of its group it goes no further (Work is another group).
    onnotice.mockClear();
    saved = null;
    const bank = target.querySelector<HTMLElement>('[data-testid=account][data-id="c"]')!;
    bank.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", altKey: true, bubbles: true }));
    await settle();
    expect(saved).toBeNull();
  });
});
