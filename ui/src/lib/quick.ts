// The quick pick's logic: which accounts it offers for what was typed, and
// what a key asks for. Matching is the main list's search (lib/list.ts);
// the order puts the accounts used most on top, where Enter picks them.
import type { AccountView } from "./ipc";
import { filterAccounts, sortAccounts } from "./list";

/** The accounts matching `query` as the main list's search matches them, most used first. */
export function quickMatches(accounts: AccountView[], query: string): AccountView[] {
  return sortAccounts(filterAccounts(accounts, query), "most-used");
}

/** What a key press asks of the quick pick. */
export type QuickAction = "up" | "down" | "copy" | "hide";

/** The action for a key, or null to let it reach the search field. */
export function quickAction(key: string): QuickAction | null {
  switch (key) {
    case "ArrowDown":
      return "down";
    case "ArrowUp":
      return "up";
    case "Enter":
      return "copy";
    case "Escape":
      return "hide";
    default:
      return null;
  }
}

/** The selection one step down or up among `count` matches, wrapping around the ends. */
export function moveSelection(selected: number, count: number, step: 1 | -1): number {
  if (count === 0) return 0;
  return (selected + step + count) % count;
}
