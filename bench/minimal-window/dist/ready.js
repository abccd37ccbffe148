// Tells the shell the page is parsed (bench-desktop's launch measure).
document.addEventListener('DOMContentLoaded', () => {
  window.__TAURI_INTERNALS__.invoke('dom_ready');
});
