/**
 * Vite configuration of the browser app: root is client/, the build goes to client/dist,
 * which the server serves. In development, API, websocket and media requests are proxied
 * to the Atelier server on port 3000.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The config runs in Node (20.11+ has import.meta.dirname): root is this folder, whatever the cwd.
const root = import.meta.dirname;
const server = process.env.ATELIER_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle on purpose: the service worker caches what index.html references, so the
    // editor is there after an offline reload without a second, lazily loaded chunk.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/media': { target: server, changeOrigin: false },
      '/collab': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
