/**
 * Entry point. Before the app's code (React, the translations, the pages) has downloaded
 * and run, it works out which page opens and starts what that page needs: its chunk, the
 * session check and, on a section page, the draft's connection. A large section's text
 * then travels and is read into its document while the rest of the app loads, instead of
 * after (P3). Then it loads the app (main.tsx).
 */
import { detectLanguage } from './i18n/detectLanguage.js';
import { matchRoute } from './routes/paths.js';
import { startPage } from './routes/startPage.js';
import './ui/app.css';

/** Resolves after the next paint (or soon, in a tab that does not paint). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });
}

void startPage(matchRoute(window.location.pathname), new URLSearchParams(window.location.search), detectLanguage())
  .then(afterPaint)
  .then(() => import('./main.js'));
