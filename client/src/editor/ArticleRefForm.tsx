/**
 * The small form behind the toolbar's "Reference to an article" button (issue 24): pick an
 * article of the workspace by its current number (titles shown for this section's own), and
 * a reference to its block id goes in at the caret. Its label then follows the numbers.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { useTranslation } from 'react-i18next';
import { ARTICLE, ARTICLE_REF, ARTICLE_REF_TARGET } from '../../../shared/editor/article.js';
import { BLOCK_ID_ATTR } from '../../../shared/editor/blockId.js';
import { articleHeadingLabel } from '../../../shared/legal/words.js';
import { ArticleContext, draftNumbers } from './ArticleNumbering.js';

/** The editor's article context, or a blank one. */
function contextOf(editor: Editor): ArticleContext {
  const extension = editor.extensionManager.extensions.find((e) => e.name === 'articleNumbering');
  const context = (extension?.options as { context?: unknown } | undefined)?.context;
  return context instanceof ArticleContext ? context : new ArticleContext();
}

/** Reference picker for the caret position. */
export function ArticleRefForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const selectRef = useRef<HTMLSelectElement>(null);
  const options = useMemo(() => {
    const context = contextOf(editor);
    const titles = new Map<string, string>();
    editor.state.doc.forEach((node) => {
      if (node.type.name === ARTICLE) titles.set(String(node.attrs[BLOCK_ID_ATTR] ?? ''), node.firstChild?.textContent ?? '');
    });
    return draftNumbers(editor.state.doc, context)
      .filter((entry) => !entry.repealed)
      .map((entry) => ({ id: entry.blockId, label: `${articleHeadingLabel(entry.number, context.lang)}${titles.get(entry.blockId) ? ` — ${titles.get(entry.blockId)}` : ''}` }));
  }, [editor]);
  const [target, setTarget] = useState(options[0]?.id ?? '');
  useEffect(() => selectRef.current?.focus(), []);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    editor.chain().focus().insertContent({ type: ARTICLE_REF, attrs: { [ARTICLE_REF_TARGET]: target } }).run();
    onClose();
  };
  const cancel = () => {
    editor.commands.focus();
    onClose();
  };

  return (
    <form
      className="link-form"
      onSubmit={handleSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          cancel();
        }
      }}
    >
      {options.length === 0 ? (
        <p className="muted">{t('legal.noArticles')}</p>
      ) : (
        <label className="field inline">
          <span>{t('legal.refTarget')}</span>
          <select ref={selectRef} value={target} onChange={(event) => setTarget(event.target.value)}>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {options.length > 0 && (
        <button type="submit" className="button small primary">
          {t('legal.insertRef')}
        </button>
      )}
      <button type="button" className="button small secondary" onClick={cancel}>
        {t('editor.cancelLink')}
      </button>
    </form>
  );
}
