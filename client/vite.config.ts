/**
 * Vite configuration of the browser app: root is client/, the build goes to client/dist,
 * which the server serves. In development, API, websocket and media requests are proxied
 * to the Atelier server on port 3000.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The config runs in Node (20.11+ has import.meta.dirname): root is this folder, whatever the cwd.
const root = import.meta.dirname;
const server = process.env.ATELIER_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [
    react(),
    // Brotli and gzip copies of every text asset, made once at build time; the server sends the
    // smallest one the browser accepts (server/http/clientStatic.ts). The section page's code is
    // about 1 MB as written and 300 KB as brotli: what a partner on a slow line waits for.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|svg|json)$/, threshold: 1024 }),
  ],
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Pages are split by route (src/routes/pages.ts). The service worker precaches every
    // file this manifest lists, so lazily loaded pages also open after an offline reload.
    // (Not the default .vite/manifest.json: the server does not serve dot-directories.)
    manifest: 'asset-manifest.json',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and translations are the app shell's: without their own group the editor
            // group would pull them in (as dependencies of @tiptap/react) and every page would
            // load the editor.
            { name: 'shell', test: /node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next|use-sync-external-store)[\\/]/, priority: 2 },
            // Yjs and its providers: the section's connection (collab/earlySession.ts) opens as
            // soon as this chunk has run, before the larger editor chunk has.
            { name: 'collab', test: /node_modules[\\/](yjs|y-websocket|y-indexeddb|y-protocols|lib0)[\\/]/, priority: 2 },
            // The editing libraries change together and only the section page needs them: one
            // chunk, fetched in parallel with the page's own code.
            { name: 'editor', test: /node_modules[\\/](@tiptap|prosemirror-|@handlewithcare|linkifyjs|orderedmap|rope-sequence|w3c-keyname|fast-equals|uuid)[\\/]/, priority: 1 },
            // The app's modules shared by several pages: one chunk rather than a dozen tiny ones.
            { name: 'common', test: /[\\/](client[\\/]src|shared)[\\/]/, minShareCount: 2 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/media': { target: server, changeOrigin: false },
      '/collab': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
