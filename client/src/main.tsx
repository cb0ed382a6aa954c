/**
 * The app: sets up translations, renders the app and registers the service worker that
 * lets the app reload while offline. Loaded by boot.ts, which has already started what the
 * opening page needs.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { primeOfflineCache } from './api/primeOfflineCache.js';
import { setUpI18n } from './i18n/index.js';
import { SessionProvider } from './ui/SessionProvider.js';

const i18n = setUpI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nextProvider>
  </StrictMode>,
);

// Only the built app registers the worker: in development Vite serves modules that change
// on every save, and a cache in front of them would only confuse. Its install downloads
// every chunk of the app: it waits for the page to load and then for an idle moment, so it
// does not compete with opening the page for the network and the processor.
/** The longest the service worker's registration waits for an idle moment after the load. */
const SERVICE_WORKER_DELAY_MS = 5_000;
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('controllerchange', primeOfflineCache);
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Service worker not registered; the app will not reload offline.', error);
    });
  };
  const registerWhenIdle = () => requestIdleCallback(register, { timeout: SERVICE_WORKER_DELAY_MS });
  // This module is loaded by boot.ts: the page may have finished loading before it runs.
  if (document.readyState === 'complete') registerWhenIdle();
  else window.addEventListener('load', registerWhenIdle, { once: true });
}
