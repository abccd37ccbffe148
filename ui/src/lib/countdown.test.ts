import { describe, expect, it } from "vitest";
import { revealStyle, periodsInUse, ringOffset, stepped } from "./countdown";

describe("revealStyle", () => {
  it("reveals the next code 5 s before the rollover", () => {
    expect(revealStyle(30, 12)).toBe("--reveal: 7s");
    // Already in the last seconds: a negative delay shows it at once.
    expect(revealStyle(30, 3)).toBe("--reveal: -2s");
  });

  it("is empty for counter-based accounts", () => {
    expect(revealStyle(null, null)).toBe("");
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

describe("ringOffset", () => {
  it("drains from full at a rollover to nearly empty before the next", () => {
    expect(ringOffset(30, 1_700_000_010)).toBe(0);
    expect(ringOffset(30, 1_700_000_025)).toBe(50);
    expect(ringOffset(30, 1_700_000_039)).toBe(96.7);
    expect(ringOffset(60, 1_700_000_070)).toBe(50);
  });
});

describe("stepped", () => {
  it("moves the ring in 5-second steps aligned to the clock", () => {
    expect(stepped(1_700_000_014_999)).toBe(1_700_000_010);
    expect(stepped(1_700_000_015_000)).toBe(1_700_000_015);
    expect(ringOffset(30, stepped(1_700_000_029_500))).toBe(50);
  });
});
