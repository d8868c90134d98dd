import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/** Vite's dev server injects CSS as <style> tags and talks HMR over a socket; the built app does neither. */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'sampledeck:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'node-main': resolve('src/main/host/node-main.ts'),
          'audio-process': resolve('src/main/audio/audio-process.ts'),
          'file-worker': resolve('src/main/workers/file-worker.ts'),
          'clock-worker': resolve('src/main/midi/clock-worker.ts'),
          'marks-worker': resolve('src/main/marks/marks-worker.ts'),
          'analysis-worker': resolve('src/main/analysis/analysis-db-worker.ts'),

          cli: resolve('src/cli/index.ts'),
          'scan-thread': resolve('src/cli/scan-thread.ts'),
        },
        // Shared chunks beside the entries, so __dirname means out/main everywhere.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require node_modules: bundle what it uses.
    build: { externalizeDeps: false },
  },
  renderer: {
    plugins: [react(), relaxCspForDevServer()],
  },
});
