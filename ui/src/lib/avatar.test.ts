import { describe, expect, it } from "vitest";
import { avatarFor } from "./avatar";

describe("avatarFor", () => {
  it("is the issuer's first letter on a colour fixed by the issuer", () => {
    const a = avatarFor("GitHub", "alice");
    expect(a.letter).toBe("G");
    expect(avatarFor("github", "bob")).toEqual(a);
    expect(avatarFor("GitLab", "alice").hue).not.toBe(a.hue);
    expect(a.hue).toBeGreaterThanOrEqual(0);
    expect(a.hue).toBeLessThan(360);
  });

  it("falls back to the name, handles letters outside ASCII and empty labels", () => {
    expect(avatarFor(null, "émile").letter).toBe("É");
    expect(avatarFor("  ", "zoe").letter).toBe("Z");
    expect(avatarFor("😀 Club", "x").letter).toBe("😀");
    expect(avatarFor(null, "").letter).toBe("?");
  });
});
