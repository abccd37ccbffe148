import { describe, expect, it } from "vitest";
import { periodStyle, periodsInUse } from "./countdown";

describe("periodStyle", () => {
  it("starts the ring part-way through the period and reveals the next code 5 s before the end", () => {
    expect(periodStyle(30, 12)).toBe("--period: 30s; --elapsed: -18s; --steps: 30; --reveal: 7s");
    expect(periodStyle(60, 60)).toContain("--elapsed: -0s");
    // Already in the last seconds: a negative delay shows it at once.
    expect(periodStyle(30, 3)).toContain("--reveal: -2s");
  });

  it("is empty for counter-based accounts", () => {
    expect(periodStyle(null, null)).toBe("");
  });
});

describe("periodsInUse", () => {
  it("lists each period once, the most common first", () => {
    const accounts = [
      { period: 60, remaining: 40 },
      { period: 30, remaining: 10 },
      { period: null, remaining: null },
      { period: 30, remaining: 10 },
    ];
    expect(periodsInUse(accounts)).toEqual([
      { period: 30, remaining: 10 },
      { period: 60, remaining: 40 },
    ]);
    expect(periodsInUse([])).toEqual([]);
  });
});
