/**
 * The interface language a visit starts in, without i18next: boot.ts reads it before the
 * app's code has loaded, to open the section's draft in that language.
 */

/** Interface languages, in the order of the switcher. */
export const UI_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Where the person's choice is remembered (localStorage). */
export const STORAGE_KEY = 'atelier.uiLanguage';

function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the first browser language we have, else English. */
export function detectLanguage(): UiLanguage {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(stored)) return stored;
  } catch {
    // localStorage can be unavailable (private modes); the browser language still works.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}
