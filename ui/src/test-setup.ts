// jsdom has no ResizeObserver (the list binds its height through one); in
// tests the viewport keeps its default height.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResize as unknown as typeof ResizeObserver;
