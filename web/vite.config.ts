import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

// The explorer is built from web/ and imports the library straight from ../src (TypeScript),
// so the page always runs the code in this checkout.
export default defineConfig({
  root: here,
  base: './',
  resolve: {
    alias: { infogeo: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  // Scan only the page for dependencies to pre-bundle (not web/dist after a build).
  optimizeDeps: { entries: ['index.html'] },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  preview: { host: '127.0.0.1', port: 5173 },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
});
