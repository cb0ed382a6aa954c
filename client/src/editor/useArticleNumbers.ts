/**
 * Feeds the editor's article numbering (ArticleNumbering.ts) with what only the server knows:
 * the articles of the other sections, the frozen numbering, the workspace's setting. Asked for
 * when the editor opens, when the window gets the focus back and every half minute; this
 * draft's own articles are numbered live in the editor.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { fetchArticleNumbers } from '../api/legal.js';
import { ARTICLE_REFRESH_META, ArticleContext } from './ArticleNumbering.js';

const REFRESH_MS = 30_000;

/** The editor's article context (the extension's own options), or null. */
function contextOf(editor: Editor): ArticleContext | null {
  const extension = editor.extensionManager.extensions.find((e) => e.name === 'articleNumbering');
  const context = (extension?.options as { context?: unknown } | undefined)?.context;
  return context instanceof ArticleContext ? context : null;
}

/** Keeps the numbering context up to date; answers whether articles are on for the workspace. `lang` is the fallback until the draft's own language is known. */
export function useArticleNumbers(editor: Editor | null, workspaceSlug: string, docName: string, lang: string, brokenTitle: string): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    if (!editor) return;
    const context = contextOf(editor);
    if (!context) return;
    let alive = true;
    const redraw = () => {
      if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(ARTICLE_REFRESH_META, true).setMeta('addToHistory', false));
    };
    context.lang = lang;
    context.brokenTitle = brokenTitle;
    redraw();
    const load = () =>
      fetchArticleNumbers(workspaceSlug).then(
        (answer) => {
          if (!alive) return;
          const index = answer.sections.findIndex((section) => Object.values(section.docs).includes(docName));
          // References read in the draft's own language ("artikel" in the Dutch text), whatever the interface's.
          const own = index < 0 ? undefined : Object.entries(answer.sections[index].docs).find(([, name]) => name === docName)?.[0];
          context.lang = own ?? lang;
          context.enabled = answer.enabled;
          context.style = answer.numberStyle;
          context.frozen = answer.frozen ? answer.frozen.map((entry) => ({ ...entry })) : null;
          context.before = index < 0 ? [] : answer.sections.slice(0, index).flatMap((section) => section.articles);
          context.after = index < 0 ? [] : answer.sections.slice(index + 1).flatMap((section) => section.articles);
          setEnabled(answer.enabled);
          redraw();
          // Nothing to follow in a workspace without articles.
          if (!answer.enabled && !answer.frozen) stop();
        },
        // Numbers then count from this draft alone; nothing else depends on them.
        () => undefined,
      );
    const timer = setInterval(() => void load(), REFRESH_MS);
    const stop = () => {
      clearInterval(timer);
      window.removeEventListener('focus', load);
    };
    window.addEventListener('focus', load);
    void load();
    return () => {
      alive = false;
      stop();
    };
  }, [editor, workspaceSlug, docName, lang, brokenTitle]);
  return enabled;
}
