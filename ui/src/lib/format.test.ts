import { describe, expect, it } from "vitest";
import { groupCode, sentence } from "./format";

describe("groupCode", () => {
  it.each([
    ["2TC8B", "2TC8B"],
    ["123456", "123 456"],
    ["1234567", "123 4567"],
    ["12345678", "1234 5678"],
    ["123456789", "123 456 789"],
    ["1234567890", "12345 67890"],
  ])("%s → %s", (code, grouped) => {
    expect(groupCode(code)).toBe(grouped);
  });

  it("never drops or reorders characters", () => {
    for (let n = 1; n <= 10; n++) {
      const code = "0123456789".slice(0, n);
      expect(groupCode(code).replaceAll(" ", "")).toBe(code);
    }
  });
});

describe("sentence", () => {
  it("capitalizes and ends with a full stop once", () => {
    expect(sentence("wrong passphrase")).toBe("Wrong passphrase.");
    expect(sentence("try again in 2 s.")).toBe("Try again in 2 s.");
    expect(sentence("  ")).toBe("");
  });
});
