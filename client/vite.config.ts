/**
 * Vite configuration of the browser app: root is client/, the build goes to client/dist,
 * which the server serves. In development, API, websocket and media requests are proxied
 * to the Atelier server on port 3000.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

/**
 * The entry, boot.ts, imports the app (main.tsx) dynamically, so that what the opening page
 * needs starts before React has downloaded and run (P3). Vite preloads only the entry's
 * static imports: this adds the app's chunks to index.html as module preloads too, so they
 * download beside the entry instead of after it. (Written here: it is one list of chunks.)
 */
function preloadApp(appModule: string): Plugin {
  return {
    name: 'atelier:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const app = Object.values(bundle).find((file) => file.type === 'chunk' && file.facadeModuleId?.endsWith(appModule));
        if (!app || app.type !== 'chunk') throw new Error(`preloadApp: no chunk for ${appModule}`);
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.has(fileName) || chunk?.type !== 'chunk') return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(app.fileName);
        const tags: HtmlTagDescriptor[] = [...files]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' }));
        return { html, tags };
      },
    },
  };
}

// The config runs in Node (20.11+ has import.meta.dirname): root is this folder, whatever the cwd.
const root = import.meta.dirname;
const server = process.env.ATELIER_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [
    react(),
    preloadApp('client/src/main.tsx'),
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
            // The editing libraries change together and only the section page needs them: one
            // chunk, fetched in parallel with the page's own code. With it the modules of the
            // editor boot.ts makes before React has loaded (editor/earlyEditor.ts): so the chunk
            // must not import React's (@tiptap/react stays out) nor be imported by other pages;
            // tests/integration/httpSeedCli.test.ts checks both.
            { name: 'editor', test: /node_modules[\\/](@tiptap[\\/](?!react[\\/])|prosemirror-|@handlewithcare|linkifyjs|orderedmap|rope-sequence|w3c-keyname|fast-equals|uuid)[\\/]|[\\/]client[\\/]src[\\/](editor[\\/](earlyEditor|sectionEditorSetup|SuggestionMode)|comments[\\/](CommentHighlights|commentAnchors))\.ts$/, priority: 1 },
            // What boot.ts runs before the app has loaded (it starts the opening page's requests and
            // the section's connection), with what it imports (Yjs and its providers), and the
            // small modules the early editor shares with the app (translations, permissions,
            // colours): its own chunk, which must not import React's (httpSeedCli.test.ts checks).
            { name: 'boot', test: /[\\/]client[\\/]src[\\/](boot|i18n[\\/](detectLanguage|en|fr|nl)|routes[\\/](paths|pageLoaders|startPage|sectionDocument)|api[\\/](auth|workspaces|client|prefetch|types)|collab[\\/](earlySession|CollabSession|userColor))\.ts$|[\\/]shared[\\/](protocol|limits|permissions|colours|comments[\\/]model)\.ts$/, priority: 3 },
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
