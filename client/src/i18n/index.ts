/**
 * i18next set-up: Dutch, French and English; the browser's language by default, the
 * person's choice remembered in localStorage.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import { detectLanguage, STORAGE_KEY, UI_LANGUAGES, type UiLanguage } from './detectLanguage.js';

export { detectLanguage, UI_LANGUAGES, type UiLanguage };

/** Switches the interface language and remembers it. */
export function chooseLanguage(i18n: I18n, language: UiLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still switched.
  }
  void i18n.changeLanguage(language);
}

/** Initialises i18next once; returns the instance for the provider. */
export function setUpI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, nl: { translation: nl }, fr: { translation: fr } },
    lng: detectLanguage(),
    fallbackLng: 'en',
    supportedLngs: [...UI_LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    // i18next 25 otherwise prints an advertisement in every visitor's console.
    showSupportNotice: false,
  });
  const syncHtmlLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
  syncHtmlLang(instance.language);
  instance.on('languageChanged', syncHtmlLang);
  return instance;
}
