import { describe, expect, it } from "vitest";
import { periodStyle } from "./countdown";

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
