import { defineConfig } from 'vite';

// JSX is compiled by Vite's own transform (no React plugin needed); every asset gets a content hash in its
// name (assets/index-<hash>.js), which `edgecdn deploy` recognises and caches as immutable.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
