/**
 * A workspace's languages, for its admins (issue 20): add a language (every section gets an
 * empty draft in it; a language cannot be removed), choose the lead language the others are
 * translated from, and name the workspace in each language.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Workspace } from '../../../shared/api.js';
import { LIMITS } from '../../../shared/limits.js';
import { describeError } from '../api/describeError.js';
import { updateWorkspaceLanguages } from '../api/workspaces.js';

/**
 * The languages a workspace may have (shared/api.ts LANGUAGES, whose zod schemas the app's
 * common chunk must not pull in: the list is repeated here, checked against the type).
 */
const LANGUAGES: readonly Language[] = ['nl', 'fr', 'en'] satisfies readonly Language[];

/** The languages form (admins). */
export function WorkspaceLanguages({ workspace, reload }: { workspace: Workspace; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const [languages, setLanguages] = useState<string[]>(workspace.languages);
  const [lead, setLead] = useState<string>(workspace.leadLanguage ?? workspace.languages[0]);
  const [names, setNames] = useState<Record<string, string>>({ ...workspace.names });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const language = (code: string) => t(`languageNames.${code}`, { defaultValue: code.toUpperCase() });

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const chosen = LANGUAGES.filter((code) => languages.includes(code));
      await updateWorkspaceLanguages(workspace.slug, { languages: chosen, leadLanguage: lead, names: Object.fromEntries(chosen.map((code) => [code, (names[code] ?? '').trim()])) });
      setDone(t('workspaceLanguages.saved'));
      await reload();
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card workspace-languages">
      <summary>{t('workspaceLanguages.title')}</summary>
      <form onSubmit={(event) => void handleSubmit(event)}>
        <fieldset>
          <legend>{t('workspaceLanguages.languages')}</legend>
          {LANGUAGES.map((code) => (
            <label key={code} className="checkbox">
              <input
                type="checkbox"
                checked={languages.includes(code)}
                // A language the workspace has cannot be taken away: its drafts hold text.
                disabled={workspace.languages.includes(code)}
                onChange={(event) => setLanguages(event.target.checked ? [...languages, code] : languages.filter((l) => l !== code))}
              />
              <span>{language(code)}</span>
            </label>
          ))}
          <p className="hint">{t('workspaceLanguages.addHint')}</p>
        </fieldset>
        <label className="field">
          <span>{t('workspaceLanguages.lead')}</span>
          <select value={lead} onChange={(event) => setLead(event.target.value)}>
            {languages.map((code) => (
              <option key={code} value={code}>
                {language(code)}
              </option>
            ))}
          </select>
        </label>
        {LANGUAGES.filter((code) => languages.includes(code)).map((code) => (
          <label key={code} className="field">
            <span>{t('workspaceLanguages.nameIn', { language: language(code) })}</span>
            <input lang={code} maxLength={LIMITS.maxNameChars} required={code === lead} value={names[code] ?? ''} onChange={(event) => setNames({ ...names, [code]: event.target.value })} />
          </label>
        ))}
        <button type="submit" className="button primary" disabled={busy}>
          {t('workspaceLanguages.save')}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="visually-hidden" aria-live="polite">
          {done}
        </p>
      </form>
    </details>
  );
}
