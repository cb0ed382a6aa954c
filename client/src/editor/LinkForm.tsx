/**
 * The small form behind the toolbar's "Link" button: only http, https and mailto links.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { useTranslation } from 'react-i18next';
import { isAllowedHref } from '../../../shared/editor/extensions.js';

/** Link editor for the current selection. */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const existing = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [href, setHref] = useState(existing);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    let value = href.trim();
    // A bare address is a web address; a bare e-mail address is a mailto link.
    if (value && !/^[a-z][a-z0-9+.-]*:/i.test(value)) value = /^[^\s@]+@[^\s@]+$/.test(value) ? `mailto:${value}` : `https://${value}`;
    if (!isAllowedHref(value)) {
      setError(t('editor.linkInvalid'));
      inputRef.current?.focus();
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href: value }).run();
    onClose();
  };

  const handleRemove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  return (
    <form
      className="link-form"
      onSubmit={handleSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          editor.commands.focus();
          onClose();
        }
      }}
    >
      <label className="field inline">
        <span>{t('editor.linkAddress')}</span>
        <input
          ref={inputRef}
          type="text"
          inputMode="url"
          value={href}
          placeholder="https://"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'link-error' : undefined}
          onChange={(event) => {
            setHref(event.target.value);
            setError(null);
          }}
        />
      </label>
      <button type="submit" className="button small primary">
        {t('editor.applyLink')}
      </button>
      {existing && (
        <button type="button" className="button small secondary" onClick={handleRemove}>
          {t('editor.removeLink')}
        </button>
      )}
      <button
        type="button"
        className="button small secondary"
        onClick={() => {
          editor.commands.focus();
          onClose();
        }}
      >
        {t('editor.cancelLink')}
      </button>
      {error && (
        <p id="link-error" className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
