import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer bundle: relative asset paths (base './') so Electron's loadFile and the local HTTP
 * host both serve it as it is; nothing is fetched from outside (renderer/bundle.test.ts checks).
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    modulePreload: { polyfill: false },
  },
  server: { strictPort: false },
  clearScreen: false,
  logLevel: 'warn',
});
