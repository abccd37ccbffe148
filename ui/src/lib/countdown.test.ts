import { describe, expect, it } from "vitest";
import { revealStyle } from "./countdown";
import { secondsLeft } from "./clock.svelte";

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

describe("secondsLeft", () => {
  it("counts down to the second, from the period to 1", () => {
    expect(secondsLeft(30, 1_700_000_010)).toBe(30);
    expect(secondsLeft(30, 1_700_000_038)).toBe(2);
    expect(secondsLeft(30, 1_700_000_039)).toBe(1);
    expect(secondsLeft(60, 1_700_000_070)).toBe(30);
  });
});
