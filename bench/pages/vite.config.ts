import { defineConfig } from 'vite';

// The benchmarks' own pages, built as the TV app is built (same targets), into .cache/bench-pages/:
// floor.html, the bare Lightning app the TV app's frame timings are compared with, and first-audio.html, which
// plays through the TV app's own media/ players.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'error',
  build: {
    target: ['es2022', 'chrome87', 'safari15'],
    outDir: '../../.cache/bench-pages',
    emptyOutDir: true,
    rollupOptions: { input: ['floor.html', 'first-audio.html'] },
  },
});
