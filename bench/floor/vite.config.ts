import { defineConfig } from 'vite';

// The floor page alone, built as the TV app is built (same targets), into .cache/bench-floor/.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'error',
  build: {
    target: ['es2022', 'chrome87', 'safari15'],
    outDir: '../../.cache/bench-floor',
    emptyOutDir: true,
    rollupOptions: { input: 'floor.html' },
  },
});
