import { describe, expect, it } from "vitest";
import { nextCodeShown } from "./countdown";
import { secondsLeft } from "./clock.svelte";

describe("nextCodeShown", () => {
  it("shows the next code in the last 5 seconds of a period", () => {
    expect(nextCodeShown(secondsLeft(30, 1_700_000_010))).toBe(false); // 30 left
    expect(nextCodeShown(secondsLeft(30, 1_700_000_034))).toBe(false); // 6 left
    expect(nextCodeShown(secondsLeft(30, 1_700_000_035))).toBe(true); // 5 left
    expect(nextCodeShown(secondsLeft(30, 1_700_000_039))).toBe(true); // 1 left
  });

  it("never for counter-based accounts", () => {
    expect(nextCodeShown(null)).toBe(false);
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
