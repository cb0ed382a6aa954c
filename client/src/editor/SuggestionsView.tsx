/**
 * The view switch (radio group "View"): the live text with suggestions, or a read-only
 * rendering of the original (every suggestion rejected) or of the text as if every
 * suggestion were accepted — resolveSuggestions on the editor's JSON, rendered with the
 * shared schema.
 */
import { useEffect, useState } from 'react';
import { generateHTML, type Editor } from '@tiptap/core';
import { useTranslation } from 'react-i18next';
import { createEditorExtensions } from '../../../shared/editor/extensions.js';
import type { PmJson } from '../../../shared/editor/json.js';
import { resolveSuggestions } from '../../../shared/suggestions/resolve.js';

export type SuggestionView = 'with' | 'original' | 'accepted';

const VIEWS: { value: SuggestionView; key: string }[] = [
  { value: 'with', key: 'suggest.viewWith' },
  { value: 'original', key: 'suggest.viewOriginal' },
  { value: 'accepted', key: 'suggest.viewAccepted' },
];

/** Radio group "View". */
export function ViewSwitch({ value, onChange }: { value: SuggestionView; onChange: (view: SuggestionView) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="view-switch" role="radiogroup" aria-label={t('suggest.view')}>
      <legend className="visually-hidden">{t('suggest.view')}</legend>
      {VIEWS.map((view) => (
        <label key={view.value}>
          <input type="radio" name="suggestion-view" value={view.value} checked={value === view.value} onChange={() => onChange(view.value)} /> {t(view.key)}
        </label>
      ))}
    </fieldset>
  );
}

let previewExtensions: ReturnType<typeof createEditorExtensions> | null = null;

/** HTML of the document with every suggestion accepted or rejected. */
export function resolvedHtml(json: PmJson, view: Exclude<SuggestionView, 'with'>): string {
  const decision = view === 'accepted' ? 'accept' : 'reject';
  const content = resolveSuggestions(json.content ?? [], () => decision);
  previewExtensions ??= createEditorExtensions({ assignBlockIds: false });
  return generateHTML({ type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] }, previewExtensions);
}

/** Read-only rendering of the text in one of the two resolved views; follows live edits. */
export function SuggestionPreview({ editor, view }: { editor: Editor; view: Exclude<SuggestionView, 'with'> }) {
  const { t } = useTranslation();
  const [html, setHtml] = useState(() => resolvedHtml(editor.getJSON() as PmJson, view));
  useEffect(() => {
    const update = () => setHtml(resolvedHtml(editor.getJSON() as PmJson, view));
    update();
    editor.on('update', update);
    return () => {
      editor.off('update', update);
    };
  }, [editor, view]);
  const label = t('suggest.previewLabel', { view: t(view === 'accepted' ? 'suggest.viewAccepted' : 'suggest.viewOriginal') });
  // generateHTML serialises through the shared schema (text escaped, links limited to allowed schemes).
  return <div className="suggestion-preview section-text" role="document" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}
