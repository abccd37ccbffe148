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
    const haystack = fold([a.issuer ?? "", a.name, a.note, ...a.groups].join("\n"));
    return words.every((w) => haystack.includes(w));
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** The list in the chosen order, favourites first in every order (a copy;
 * the input is left as it was). */
export function sortAccounts(accounts: AccountView[], order: SortOrder): AccountView[] {
  const byName = (a: AccountView, b: AccountView) =>
    collator.compare(a.issuer ?? a.name, b.issuer ?? b.name) || collator.compare(a.name, b.name);
  const pinned = (a: AccountView, b: AccountView) => Number(b.favourite) - Number(a.favourite);
  const copy = [...accounts];
  switch (order) {
    case "alphabetical":
      return copy.sort((a, b) => pinned(a, b) || byName(a, b));
    case "most-used":
      return copy.sort((a, b) => pinned(a, b) || b.useCount - a.useCount || a.sort - b.sort);
    default:
      return copy.sort((a, b) => pinned(a, b) || a.sort - b.sort);
  }
}

/** The accounts in `group` (any of their groups; case-insensitive), or all for null. */
export function inGroup(accounts: AccountView[], group: string | null): AccountView[] {
  if (group === null) return accounts;
  const wanted = group.toLowerCase();
  return accounts.filter((a) => a.groups.some((g) => g.toLowerCase() === wanted));
}

/** The heading of the favourites' section (not a group name a user can type: it is empty). */
export const FAVOURITES = "";

/** A heading and its accounts; `group` is null for ungrouped accounts and
 * {@link FAVOURITES} for the pinned ones. */
export interface Section {
  group: string | null;
  accounts: AccountView[];
}

/**
 * Splits a sorted list: favourites first (under their own heading once
 * groups are in use), then ungrouped accounts, then named groups
 * alphabetically; an account in several groups is drawn under its first.
 * One section without heading when nobody uses groups.
 */
export function sections(accounts: AccountView[]): Section[] {
  const grouped = accounts.some((a) => a.groups.length > 0);
  const favourites = grouped ? accounts.filter((a) => a.favourite) : [];
  const groups = new Map<string | null, AccountView[]>();
  for (const account of accounts) {
    if (grouped && account.favourite) continue;
    const key = account.groups[0]?.trim() ? account.groups[0] : null;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(account);
  }
  const named = [...groups.keys()].filter((g): g is string => g !== null).sort(collator.compare);
  const ordered: Section[] = [];
  if (favourites.length > 0) ordered.push({ group: FAVOURITES, accounts: favourites });
  if (groups.has(null)) ordered.push({ group: null, accounts: groups.get(null)! });
  for (const group of named) ordered.push({ group, accounts: groups.get(group)! });
  return ordered;
}

/** Every group name in use (each once, whatever its case), for the filter bar and the edit dialog. */
export function groupNames(accounts: AccountView[]): string[] {
  const names = new Map<string, string>();
  for (const group of accounts.flatMap((a) => a.groups)) {
    if (group.trim() && !names.has(group.toLowerCase())) names.set(group.toLowerCase(), group);
  }
  return [...names.values()].sort(collator.compare);
}

/** Group names typed as a comma-separated list: trimmed, without blanks or repeats. */
export function parseGroups(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(",")) {
    const group = part.trim();
    if (group && !out.some((g) => g.toLowerCase() === group.toLowerCase())) out.push(group);
  }
  return out;
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

/** One line of the list as drawn: a group heading (folded or not) or an account row. */
export type Line = { kind: "group"; group: string; collapsed: boolean; count: number } | { kind: "row"; account: AccountView };

/** Heights in pixels the CSS gives each kind of line (kept in step with app.css). */
export const LINE_HEIGHT = { group: 30, row: 58 } as const;

/** The sections as lines, headings included; a folded group's rows are left out. */
export function lines(list: Section[], collapsed: readonly string[] = []): Line[] {
  const out: Line[] = [];
  for (const section of list) {
    const folded = section.group !== null && collapsed.includes(section.group);
    if (section.group !== null) out.push({ kind: "group", group: section.group, collapsed: folded, count: section.accounts.length });
    if (folded) continue;
    for (const account of section.accounts) out.push({ kind: "row", account });
  }
  return out;
}

/** Which lines to draw, and the space standing in for those above and below. */
export interface Window {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/**
 * The lines in view at `scrollTop` in a viewport `height` pixels tall, plus
 * `overscan` lines either side: only those exist in the DOM, so 500 accounts
 * cost what a dozen do.
 */
export function windowFor(all: Line[], scrollTop: number, height: number, overscan = 4): Window {
  let top = 0;
  let start = 0;
  while (start < all.length && top + LINE_HEIGHT[all[start].kind] <= scrollTop) {
    top += LINE_HEIGHT[all[start].kind];
    start++;
  }
  let end = start;
  let bottom = top;
  while (end < all.length && bottom < scrollTop + Math.max(height, 1)) {
    bottom += LINE_HEIGHT[all[end].kind];
    end++;
  }
  const first = Math.max(0, start - overscan);
  const last = Math.min(all.length, end + overscan);
  let padTop = 0;
  for (let i = 0; i < first; i++) padTop += LINE_HEIGHT[all[i].kind];
  let padBottom = 0;
  for (let i = last; i < all.length; i++) padBottom += LINE_HEIGHT[all[i].kind];
  return { start: first, end: last, padTop, padBottom };
}

/** The scroll position that brings line `index` into a viewport of `height`. */
export function scrollToShow(all: Line[], index: number, scrollTop: number, height: number): number {
  let top = 0;
  for (let i = 0; i < index && i < all.length; i++) top += LINE_HEIGHT[all[i].kind];
  const size = all[index] ? LINE_HEIGHT[all[index].kind] : 0;
  if (top < scrollTop) return top;
  if (top + size > scrollTop + height) return top + size - height;
  return scrollTop;
}
