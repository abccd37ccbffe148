import { describe, expect, it } from "vitest";
import { avatarFor, contrast, iconSrc, lettersFor } from "./avatar";

describe("avatarFor", () => {
  it("tells apart issuers that share a first letter, by letters and colour", () => {
    const hub = avatarFor("GitHub", "alice");
    const lab = avatarFor("GitLab", "alice");
    expect(hub.letters).toBe("GH");
    expect(lab.letters).toBe("GL");
    expect(lab.hue).not.toBe(hub.hue);
    expect(avatarFor("github", "bob").hue).toBe(hub.hue);
    expect(hub.hue).toBeGreaterThanOrEqual(0);
    expect(hub.hue).toBeLessThan(360);
  });

  it("takes two words' initials, a word's first two letters, or the name", () => {
    expect(lettersFor("Bank of Nowhere")).toBe("BO");
    expect(lettersFor("Google")).toBe("Go");
    expect(lettersFor("gitlab.com")).toBe("GC");
    expect(avatarFor(null, "émile").letters).toBe("Ém");
    expect(avatarFor("  ", "zoe").letters).toBe("Zo");
    expect(avatarFor("X", "a").letters).toBe("X");
    expect(avatarFor(null, "").letters).toBe("?");
  });

  it("puts white letters at 4.5:1 or more on every hue", () => {
    for (let i = 0; i < 2000; i++) {
      const a = avatarFor(`issuer ${i}`, "x");
      expect(contrast(a.background, "#ffffff"), a.background).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("contrast", () => {
  it("is 21 for black on white and 1 for a colour on itself", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrast("#2f6fde", "#2f6fde")).toBe(1);
  });
});

describe("iconSrc", () => {
  it("names one icon through the wwicon scheme, pictures with their version", () => {
    expect(iconSrc({ id: "a b", icon: { kind: "brand", slug: "github" } })).toBe("wwicon://localhost/brand/github");
    expect(iconSrc({ id: "a b", icon: { kind: "picture", version: "00ff" } })).toBe("wwicon://localhost/account/a%20b?v=00ff");
    expect(iconSrc({ id: "x", icon: null })).toBe("");
  });
});
