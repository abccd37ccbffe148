// Light, dark or the desktop's choice: one attribute on <html> the CSS reads
// (styles/tokens.css writes each theme once, under [data-theme]). "system"
// follows the desktop's prefers-color-scheme, live.
import type { Theme } from "./ipc";

let following: { query: MediaQueryList; listener: () => void } | null = null;

/** Applies the theme to the document (and, for "system", keeps following the desktop). */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement) {
  following?.query.removeEventListener("change", following.listener);
  following = null;
  if (theme !== "system") {
    root.setAttribute("data-theme", theme);
    return;
  }
  const query = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const listener = () => root.setAttribute("data-theme", query?.matches ? "dark" : "light");
  listener();
  if (query) {
    query.addEventListener("change", listener);
    following = { query, listener };
  }
}
