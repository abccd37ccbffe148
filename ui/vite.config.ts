import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The UI is embedded in the desktop binary: no dev server is needed to run it,
// and builds must not depend on anything outside this folder.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  // Component tests mount Svelte's client build, not its server build.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    // styles/contrast.test.ts reads the tokens as text (?raw).
    css: { include: [/tokens\.css/] },
  },
}));
