import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount } from "svelte";
import AddPanel from "./AddPanel.svelte";

afterEach(() => {
  document.body.innerHTML = "";
});

function panel(props: { error: string | null }) {
  const target = document.body;
  const state = $state({ error: props.error });
  const tried: string[] = [];
  mount(AddPanel, {
    target,
    props: {
      start: "choose",
      busy: false,
      get error() {
        return state.error;
      },
      fieldErrors: [],
      onscreen: () => {},
      onimage: () => {},
      onclipboard: () => {},
      onlink: (text: string) => tried.push(text),
      onmanual: () => {},
      onimport: () => {},
    },
  });
  flushSync();
  return { state, tried };
}

function typeLink(text: string) {
  const field = document.querySelector<HTMLInputElement>("[data-testid=add-link]")!;
  field.value = text;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

describe("AddPanel", () => {
  it("ties a link's error to the link field, and drops it once the link changes", () => {
    const { state, tried } = panel({ error: null });
    typeLink("https://example.com/x");
    document.querySelector<HTMLFormElement>("form.link")!.requestSubmit();
    expect(tried).toEqual(["https://example.com/x"]);
    state.error = "Not an authenticator code.";
    flushSync();
    const field = document.querySelector("[data-testid=add-link]")!;
    const error = document.querySelector("[data-testid=add-error]")!;
    expect(error.textContent).toBe("Not an authenticator code.");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(field.getAttribute("aria-describedby")).toContain(error.id);
    typeLink("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP");
    expect(document.querySelector("[data-testid=add-error]")).toBeNull();
    expect(field.hasAttribute("aria-invalid")).toBe(false);
  });
});
