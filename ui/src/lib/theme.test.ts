import { describe, expect, it, vi } from "vitest";
import { applyTheme } from "./theme";

describe("applyTheme", () => {
  it("sets the chosen theme", () => {
    const root = document.createElement("html");
    applyTheme("dark", root);
    expect(root.dataset.theme).toBe("dark");
    applyTheme("light", root);
    expect(root.dataset.theme).toBe("light");
  });

  it("resolves system from the desktop and follows its changes", () => {
    let dark = true;
    let onChange: () => void = () => {};
    vi.stubGlobal("matchMedia", () => ({
      get matches() {
        return dark;
      },
      addEventListener: (_: string, l: () => void) => (onChange = l),
      removeEventListener: () => {},
    }));
    const root = document.createElement("html");
    applyTheme("system", root);
    expect(root.dataset.theme).toBe("dark");
    dark = false;
    onChange();
    expect(root.dataset.theme).toBe("light");
    vi.unstubAllGlobals();
  });
});
