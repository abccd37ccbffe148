import { describe, expect, it } from "vitest";
import { accountView } from "./fixtures.test-support";
import { moveSelection, quickAction, quickMatches } from "./quick";

describe("quick pick", () => {
  const github = accountView({ id: "a", issuer: "GitHub", name: "alice", sort: 0, useCount: 1 });
  const gitlab = accountView({ id: "b", issuer: "GitLab", name: "bob", sort: 1, useCount: 5 });
  const bank = accountView({ id: "c", issuer: "Bänk", name: "carol", sort: 2, useCount: 0 });

  it("matches as the main list does, most used first", () => {
    expect(quickMatches([github, gitlab, bank], "").map((a) => a.id)).toEqual(["b", "a", "c"]);
    expect(quickMatches([github, gitlab, bank], "git").map((a) => a.id)).toEqual(["b", "a"]);
    expect(quickMatches([github, gitlab, bank], "lab b").map((a) => a.id)).toEqual(["b"]);
    expect(quickMatches([github, gitlab, bank], "bank").map((a) => a.id)).toEqual(["c"]);
    expect(quickMatches([github, gitlab, bank], "zzz")).toEqual([]);
  });

  it("reads the keys it handles and lets the others through", () => {
    expect(quickAction("ArrowDown")).toBe("down");
    expect(quickAction("ArrowUp")).toBe("up");
    expect(quickAction("Enter")).toBe("copy");
    expect(quickAction("Escape")).toBe("hide");
    expect(quickAction("a")).toBeNull();
    expect(quickAction("Backspace")).toBeNull();
  });

  it("moves the selection around the ends", () => {
    expect(moveSelection(0, 3, 1)).toBe(1);
    expect(moveSelection(2, 3, 1)).toBe(0);
    expect(moveSelection(0, 3, -1)).toBe(2);
    expect(moveSelection(0, 0, 1)).toBe(0);
  });
});
