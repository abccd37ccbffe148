// Reads tokens.css and checks WCAG 2.1 contrast for every pair the UI draws:
// text >= 4.5:1 (1.4.3), control borders and focus rings >= 3:1 (1.4.11),
// in the light and the dark theme.
import { describe, expect, it } from "vitest";
import { contrast } from "../lib/avatar";
import css from "./tokens.css?raw";

/** The custom properties between "theme: NAME" and "end theme". */
function theme(name: string): Record<string, string> {
  const block = css.split(`/* theme: ${name} */`)[1]?.split("/* end theme */")[0] ?? "";
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]]));
}

const TEXT: Array<[string, string]> = [
  ["fg", "bg"], ["fg", "surface"], ["fg", "hover"], ["fg", "selected"],
  ["muted", "bg"], ["muted", "surface"], ["muted", "hover"], ["muted", "selected"],
  ["accent", "bg"], ["accent", "surface"], ["accent", "hover"],
  ["on-accent", "accent"], ["danger", "bg"], ["danger", "surface"], ["danger", "hover"], ["on-danger", "danger"],
  ["ok", "bg"], ["ok", "surface"], ["toast-fg", "toast-bg"], ["toast-action", "toast-bg"],
];
const BORDERS: Array<[string, string]> = [
  ["control-border", "bg"], ["control-border", "surface"], ["control-border", "hover"],
  ["accent", "bg"], ["accent", "surface"], ["danger", "surface"],
];

describe.each(["light", "dark"])("the %s theme", (name) => {
  const t = theme(name);
  it("defines every colour the pairs use", () => {
    for (const [a, b] of [...TEXT, ...BORDERS]) {
      expect(t[a], a).toMatch(/^#/);
      expect(t[b], b).toMatch(/^#/);
    }
  });
  it.each(TEXT)("text %s on %s is at least 4.5:1", (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(4.5);
  });
  it.each(BORDERS)("border %s on %s is at least 3:1", (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(3);
  });
});
