// What a modal dialog does to the rest of the window: everything outside it
// becomes inert (no focus, no clicks, hidden from screen readers) while it is
// open, focus starts on its first field, Tab stays inside it, and focus goes
// back to what opened it when it closes.

/** Elements that stay alive under a dialog (the toast's live region). */
const KEEP = "[data-keep-live]";

/** The elements focus can reach inside `box`, in order. */
export function focusables(box: HTMLElement): HTMLElement[] {
  return [
    ...box.querySelectorAll<HTMLElement>(
      'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
    ),
  ].filter((e) => !e.closest("[inert]") && (typeof e.checkVisibility !== "function" || e.checkVisibility()));
}

/** Where focus starts: an [autofocus] element, else the first field, else the
 * enabled primary button (the preview's "Add"), else the first button that
 * is not the dialog's Close, else the dialog itself. */
export function initialFocus(box: HTMLElement): HTMLElement {
  return (
    box.querySelector<HTMLElement>("[autofocus]") ??
    box.querySelector<HTMLElement>("input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])") ??
    box.querySelector<HTMLElement>(".btn-primary:not([disabled])") ??
    focusables(box).find((e) => !e.hasAttribute("data-dialog-close")) ??
    box
  );
}

/** Makes everything outside `root` inert; returns the undo. Elements that
 * were inert already (another dialog's doing) are left to their owner. */
export function inertOutside(root: HTMLElement): () => void {
  const changed: HTMLElement[] = [];
  let node: HTMLElement | null = root;
  while (node && node !== document.body) {
    const parent: HTMLElement | null = node.parentElement;
    for (const sibling of parent ? [...parent.children] : []) {
      if (sibling === node || !(sibling instanceof HTMLElement)) continue;
      if (sibling.hasAttribute("inert") || sibling.matches(KEEP) || sibling.tagName === "SCRIPT") continue;
      sibling.setAttribute("inert", "");
      changed.push(sibling);
    }
    node = parent;
  }
  return () => changed.forEach((e) => e.removeAttribute("inert"));
}

/** Keeps Tab and Shift+Tab cycling inside `box`. */
export function trapTab(event: KeyboardEvent, box: HTMLElement) {
  if (event.key !== "Tab") return;
  const items = focusables(box);
  if (items.length === 0) {
    event.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !box.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !box.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
