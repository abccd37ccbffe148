// Search, sort and grouping of the account list: instant, on what the UI
// already holds (metadata only), so typing never waits on the shell.
import type { AccountView, SortOrder } from "./ipc";

/** Lower-case, accent-free text for matching "Zurich" with "zürich". */
function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Accounts whose issuer, name, note or group contain every word of `query`
 * (in any field, any order, ignoring case and accents).
 */
export function filterAccounts(accounts: AccountView[], query: string): AccountView[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return accounts;
  return accounts.filter((a) => {
    const haystack = fold([a.issuer ?? "", a.name, a.note, a.group ?? ""].join("\n"));
    return words.every((w) => haystack.includes(w));
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** The list in the chosen order (a copy; the input is left as it was). */
export function sortAccounts(accounts: AccountView[], order: SortOrder): AccountView[] {
  const byName = (a: AccountView, b: AccountView) =>
    collator.compare(a.issuer ?? a.name, b.issuer ?? b.name) || collator.compare(a.name, b.name);
  const copy = [...accounts];
  switch (order) {
    case "alphabetical":
      return copy.sort(byName);
    case "most-used":
      return copy.sort((a, b) => b.use_count - a.use_count || a.sort - b.sort);
    default:
      return copy.sort((a, b) => a.sort - b.sort);
  }
}

/** A heading and its accounts; `group` is null for ungrouped accounts. */
export interface Section {
  group: string | null;
  accounts: AccountView[];
}

/**
 * Splits a sorted list by group: named groups alphabetically, ungrouped
 * accounts first. One section without heading when nobody uses groups.
 */
export function sections(accounts: AccountView[]): Section[] {
  const groups = new Map<string | null, AccountView[]>();
  for (const account of accounts) {
    const key = account.group && account.group.trim() ? account.group : null;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(account);
  }
  const named = [...groups.keys()].filter((g): g is string => g !== null).sort(collator.compare);
  const ordered: Section[] = [];
  if (groups.has(null)) ordered.push({ group: null, accounts: groups.get(null)! });
  for (const group of named) ordered.push({ group, accounts: groups.get(group)! });
  return ordered;
}

/** Every group name in use, for the edit dialog's suggestions. */
export function groupNames(accounts: AccountView[]): string[] {
  const names = new Set(accounts.map((a) => a.group).filter((g): g is string => !!g && !!g.trim()));
  return [...names].sort(collator.compare);
}

/** The ids in their new order after dragging `moved` onto `target`'s place. */
export function moveId(ids: string[], moved: string, target: string): string[] {
  const from = ids.indexOf(moved);
  const to = ids.indexOf(target);
  if (from < 0 || to < 0 || from === to) return ids;
  const result = [...ids];
  result.splice(from, 1);
  result.splice(to, 0, moved);
  return result;
}
