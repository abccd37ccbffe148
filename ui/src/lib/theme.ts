// Light, dark or the desktop's choice: one attribute on <html> the CSS reads.
import type { Theme } from "./ipc";

/** Applies the theme to the document. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement) {
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}
