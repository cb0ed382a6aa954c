/**
 * The "New workspace" form, shown to site administrators on the workspace list.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';
import { createWorkspace } from '../api/workspaces.js';
import { LIMITS } from '../../../shared/limits.js';
import { FormError } from './FormError.js';
import { SubmitButton } from './SubmitButton.js';

const CONTENT_LANGUAGES = ['nl', 'fr', 'en', 'de'] as const;
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Suggests a slug from a name: "Toolbox CLTB" → "toolbox-cltb". */
function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Form creating a workspace; calls `onCreated` with its slug. */
export function NewWorkspaceForm({ onCreated }: { onCreated: (slug: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [languages, setLanguages] = useState<string[]>(['nl', 'fr']);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const effectiveSlug = slugEdited ? slug : slugify(name);

  const toggleLanguage = (lang: string, checked: boolean) =>
    setLanguages((current) => (checked ? CONTENT_LANGUAGES.filter((l) => l === lang || current.includes(l)) : current.filter((l) => l !== lang)));

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage(null);
    if (!SLUG_PATTERN.test(effectiveSlug)) return setError(t('newWorkspace.badSlug'));
    if (languages.length === 0) return setError(t('newWorkspace.needLanguage'));
    setBusy(true);
    try {
      const created = await createWorkspace({ name: name.trim(), slug: effectiveSlug, languages });
      setMessage(t('newWorkspace.created', { name: created.name ?? name }));
      setName('');
      setSlug('');
      setSlugEdited(false);
      onCreated(created.slug ?? effectiveSlug);
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="new-workspace-title">
      <h2 id="new-workspace-title">{t('newWorkspace.title')}</h2>
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <label className="field">
          <span>{t('newWorkspace.name')}</span>
          <input required maxLength={LIMITS.maxNameChars} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span>{t('newWorkspace.slug')}</span>
          <input
            required
            pattern="[a-z0-9][a-z0-9-]*"
            maxLength={64}
            aria-describedby="new-workspace-slug-hint"
            value={effectiveSlug}
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.target.value);
            }}
          />
        </label>
        <p id="new-workspace-slug-hint" className="hint">
          {t('newWorkspace.slugHint')}
        </p>
        <fieldset className="checkbox-group">
          <legend>{t('newWorkspace.languages')}</legend>
          {CONTENT_LANGUAGES.map((lang) => (
            <label key={lang} className="checkbox">
              <input type="checkbox" checked={languages.includes(lang)} onChange={(event) => toggleLanguage(lang, event.target.checked)} />
              <span>{t(`languageNames.${lang}`)}</span>
            </label>
          ))}
        </fieldset>
        <FormError error={error} />
        <div aria-live="polite" className="success">
          {message}
        </div>
        <SubmitButton busy={busy} label={t('newWorkspace.submit')} busyLabel={t('newWorkspace.creating')} />
      </form>
    </section>
  );
}
