import { describe, expect, it } from "vitest";
import { inertOutside, initialFocus } from "./modal";

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

describe("initialFocus", () => {
  it("starts on the first field, not on Close", () => {
    page(`<div id="d"><button data-dialog-close>×</button><p>x</p><input id="f"><input id="g"></div>`);
    expect(initialFocus(document.getElementById("d")!).id).toBe("f");
  });

  it("starts on the primary button when there is no field, else the first other button", () => {
    page(`<div id="d"><button data-dialog-close>×</button><button id="c">Cancel</button><button id="a" class="btn-primary">Add</button></div>`);
    expect(initialFocus(document.getElementById("d")!).id).toBe("a");
    page(`<div id="d"><button data-dialog-close>×</button><button id="c">Cancel</button><button class="btn-primary" disabled>Add</button></div>`);
    expect(initialFocus(document.getElementById("d")!).id).toBe("c");
  });
});

describe("inertOutside", () => {
  it("makes everything but the dialog and the live region inert, and undoes only that", () => {
    page(`<main><header id="h"></header><div id="list"></div><div id="b"><div id="d"></div></div><div id="t" data-keep-live></div></main><aside id="other" inert></aside>`);
    const undo = inertOutside(document.getElementById("b")!);
    const inert = (id: string) => document.getElementById(id)!.hasAttribute("inert");
    expect([inert("h"), inert("list"), inert("b"), inert("d"), inert("t"), inert("other")]).toEqual([true, true, false, false, false, true]);
    undo();
    expect([inert("h"), inert("list"), inert("other")]).toEqual([false, false, true]);
  });
});
