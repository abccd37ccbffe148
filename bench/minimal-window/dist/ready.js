// Tells the shell the page is parsed, then that its first frame is painted
// (bench-desktop's launch measure: the frame after the one that drew the
// text, the same mark Watchword's list gives once its first codes are drawn).
document.addEventListener('DOMContentLoaded', () => {
  window.__TAURI_INTERNALS__.invoke('dom_ready');
  requestAnimationFrame(() => setTimeout(() => window.__TAURI_INTERNALS__.invoke('first_paint'), 0));
});
