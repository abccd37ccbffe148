import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, unmount } from "svelte";
import AccountHistory from "./AccountHistory.svelte";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("AccountHistory", () => {
  it("shows nothing without history, and offers back only the form's fields", () => {
    const restored: Array<[string, string]> = [];
    const empty = mount(AccountHistory, { target: document.body, props: { history: [], onrestore: () => {} } });
    flushSync();
    expect(document.querySelector("[data-testid=account-history]")).toBeNull();
    unmount(empty);
    const shown = mount(AccountHistory, {
      target: document.body,
      props: {
        history: [
          { field: "issuer", value: "Old Bank", when: 1_800_000_000_000 },
          { field: "groups", value: '["Work","Banks"]', when: 1_700_000_000_000 },
          { field: "icon", value: '{"brand":"github"}', when: 1_600_000_000_000 },
        ],
        onrestore: (field: string, value: string) => restored.push([field, value]),
      },
    });
    flushSync();
    const entries = document.querySelectorAll("[data-testid=history-entry]");
    expect(entries).toHaveLength(3);
    expect(entries[0].textContent).toContain("Old Bank");
    expect(entries[1].textContent).toContain("Work, Banks");
    const buttons = document.querySelectorAll<HTMLButtonElement>("[data-testid=history-restore]");
    expect(buttons).toHaveLength(2);
    buttons[0].click();
    buttons[1].click();
    expect(restored).toEqual([
      ["issuer", "Old Bank"],
      ["groups", "Work, Banks"],
    ]);
    unmount(shown);
  });
});
