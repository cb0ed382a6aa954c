/**
 * Vite configuration of the browser app: root is client/, the build goes to client/dist,
 * which the server serves. In development, API, websocket and media requests are proxied
 * to the Atelier server on port 3000.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.ATELIER_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/media': { target: server, changeOrigin: false },
      '/collab': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
