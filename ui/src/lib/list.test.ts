import { describe, expect, it } from "vitest";
import { accountView as account } from "./fixtures.test-support";
import { FAVOURITES, filterAccounts, groupNames, inGroup, lines, moveId, parseGroups, scrollToShow, sections, sortAccounts, windowFor } from "./list";


const list = [
  account({ name: "alice", issuer: "GitHub", sort: 2, useCount: 1 }),
  account({ name: "bob@zürich.ch", issuer: "Proton", sort: 0, groups: ["Work"], note: "VPN token" }),
  account({ name: "carol", issuer: "github", sort: 1, useCount: 9, groups: ["Home"] }),
  account({ name: "dora", issuer: null, sort: 3 }),
];

describe("filterAccounts", () => {
  it("matches every word in issuer, name, note or group, ignoring case and accents", () => {
    expect(filterAccounts(list, "GITHUB").map((a) => a.name)).toEqual(["alice", "carol"]);
    expect(filterAccounts(list, "zurich").map((a) => a.name)).toEqual(["bob@zürich.ch"]);
    expect(filterAccounts(list, "vpn work").map((a) => a.name)).toEqual(["bob@zürich.ch"]);
    expect(filterAccounts(list, "home github").map((a) => a.name)).toEqual(["carol"]);
    expect(filterAccounts(list, "nothing")).toEqual([]);
    expect(filterAccounts(list, "  ")).toBe(list);
  });
});

describe("sortAccounts", () => {
  it("orders manually, alphabetically and by use without touching the input", () => {
    const before = list.map((a) => a.name);
    expect(sortAccounts(list, "manual").map((a) => a.name)).toEqual(["bob@zürich.ch", "carol", "alice", "dora"]);
    expect(sortAccounts(list, "alphabetical").map((a) => a.name)).toEqual(["dora", "alice", "carol", "bob@zürich.ch"]);
    expect(sortAccounts(list, "most-used").map((a) => a.name)).toEqual(["carol", "alice", "bob@zürich.ch", "dora"]);
    expect(list.map((a) => a.name)).toEqual(before);
  });
});

describe("sections", () => {
  it("puts ungrouped accounts first, then groups alphabetically, keeping order inside", () => {
    const result = sections(sortAccounts(list, "manual"));
    expect(result.map((s) => s.group)).toEqual([null, "Home", "Work"]);
    expect(result[0].accounts.map((a) => a.name)).toEqual(["alice", "dora"]);
    expect(groupNames(list)).toEqual(["Home", "Work"]);
  });

  it("is one section without heading when nobody uses groups", () => {
    const flat = list.map((a) => ({ ...a, groups: [] }));
    expect(sections(flat)).toEqual([{ group: null, accounts: flat }]);
  });
});

describe("favourites and several groups", () => {
  const pinned = list.map((a) => (a.name === "dora" ? { ...a, favourite: true } : a));

  it("pins favourites on top in every sort order", () => {
    for (const order of ["manual", "alphabetical", "most-used"] as const) {
      expect(sortAccounts(pinned, order)[0].name).toBe("dora");
    }
    expect(sortAccounts(pinned, "most-used").map((a) => a.name)).toEqual(["dora", "carol", "alice", "bob@zürich.ch"]);
  });

  it("draws favourites under their own heading, an account under its first group, and folds groups", () => {
    const both = pinned.map((a) => (a.name === "carol" ? { ...a, groups: ["Home", "Work"] } : a));
    const result = sections(sortAccounts(both, "manual"));
    expect(result.map((s) => s.group)).toEqual([FAVOURITES, null, "Home", "Work"]);
    expect(result[0].accounts.map((a) => a.name)).toEqual(["dora"]);
    expect(result[2].accounts.map((a) => a.name)).toEqual(["carol"]);
    const folded = lines(result, ["Home"]);
    expect(folded.filter((l) => l.kind === "row").map((l) => (l.kind === "row" ? l.account.name : ""))).toEqual(["dora", "alice", "bob@zürich.ch"]);
    expect(folded.find((l) => l.kind === "group" && l.group === "Home")).toEqual({ kind: "group", group: "Home", collapsed: true, count: 1 });
    // The filter bar: any of an account's groups, ignoring case.
    expect(inGroup(both, "work").map((a) => a.name)).toEqual(["bob@zürich.ch", "carol"]);
    expect(inGroup(both, null)).toBe(both);
    expect(groupNames([...both, account({ groups: ["home"] })])).toEqual(["Home", "Work"]);
  });

  it("reads a typed list of groups", () => {
    expect(parseGroups(" Work, home ,, work,Travel ")).toEqual(["Work", "home", "Travel"]);
    expect(parseGroups("  ")).toEqual([]);
  });
});

describe("moveId", () => {
  it("moves an id to its target's place, both directions", () => {
    expect(moveId(["a", "b", "c", "d"], "a", "c")).toEqual(["b", "c", "a", "d"]);
    expect(moveId(["a", "b", "c", "d"], "d", "b")).toEqual(["a", "d", "b", "c"]);
    expect(moveId(["a", "b"], "a", "zz")).toEqual(["a", "b"]);
  });
});

describe("windowFor", () => {
  const many = sections(
    Array.from({ length: 500 }, (_, i) => account({ name: `n${i}`, sort: i, groups: i < 250 ? [] : ["Work"] })),
  );
  const all = lines(many);

  it("draws only the lines in view and stands in for the rest", () => {
    expect(all.length).toBe(501);
    const top = windowFor(all, 0, 580, 2);
    expect(top.start).toBe(0);
    expect(top.end).toBe(12);
    expect(top.padTop).toBe(0);
    expect(top.padBottom).toBe((500 - 12) * 58 + 30);

    // Scrolled past the first 250 rows and the Work heading.
    const down = windowFor(all, 250 * 58 + 30 + 58 * 10, 580, 2);
    expect(all[down.start + 2]).toEqual({ kind: "row", account: expect.objectContaining({ name: "n260" }) });
    const total = down.padTop + down.padBottom + all.slice(down.start, down.end).reduce((h, l) => h + (l.kind === "row" ? 58 : 30), 0);
    expect(total).toBe(500 * 58 + 30);
  });

  it("scrolls just enough to show a line", () => {
    expect(scrollToShow(all, 0, 100, 580)).toBe(0);
    expect(scrollToShow(all, 5, 0, 580)).toBe(0);
    expect(scrollToShow(all, 20, 0, 580)).toBe(21 * 58 - 580);
  });
});
