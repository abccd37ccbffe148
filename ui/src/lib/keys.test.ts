import { describe, expect, it } from "vitest";
import { actionFor, type KeyPress } from "./keys";

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...over,
});

describe("actionFor", () => {
  it("maps the window's shortcuts", () => {
    expect(actionFor(press("/"))).toBe("search");
    expect(actionFor(press("f", { ctrlKey: true }))).toBe("search");
    expect(actionFor(press("N", { ctrlKey: true }))).toBe("add");
    expect(actionFor(press("v", { ctrlKey: true }))).toBe("paste");
    expect(actionFor(press("l", { metaKey: true }))).toBe("lock");
    expect(actionFor(press("z", { ctrlKey: true }))).toBe("undo");
    // In a text field Ctrl+Z undoes the typing instead.
    expect(actionFor(press("z", { ctrlKey: true, inField: true }))).toBeNull();
    expect(actionFor(press("Enter"))).toBe("copy");
    expect(actionFor(press("ArrowDown"))).toBe("down");
    expect(actionFor(press("ArrowUp", { inField: true }))).toBe("up");
  });

  it("leaves typing in a field alone", () => {
    expect(actionFor(press("/", { inField: true }))).toBeNull();
    expect(actionFor(press("Enter", { inField: true }))).toBeNull();
    expect(actionFor(press("v", { ctrlKey: true, inField: true }))).toBeNull();
    expect(actionFor(press("a"))).toBeNull();
    expect(actionFor(press("f", { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
