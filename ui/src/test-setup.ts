// jsdom has no ResizeObserver (the list binds its height through one); in
// tests the viewport keeps its default height.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResize as unknown as typeof ResizeObserver;

// Catalogs other than English are fetched on demand in the app; tests switch
// languages synchronously, so every catalog is at hand from the start.
import { LANGUAGES, loadCatalog } from "./lib/i18n.svelte";
await Promise.all(LANGUAGES.map((lang) => loadCatalog(lang)));
