/**
 * Entry point: sets up translations, renders the app and registers the service worker
 * that lets the app reload while offline.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { primeOfflineCache } from './api/primeOfflineCache.js';
import { setUpI18n } from './i18n/index.js';
import { SessionProvider } from './ui/SessionProvider.js';
import './ui/app.css';

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
// on every save, and a cache in front of them would only confuse.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('controllerchange', primeOfflineCache);
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Service worker not registered; the app will not reload offline.', error);
    });
  });
}
