/**
 * The comment mark (shared/comments/model.ts): carries a thread id, non-exclusive so
 * threads can overlap, and not inclusive, so typing at the edge of a commented passage
 * does not extend it.
 */
import { Mark, mergeAttributes } from '@tiptap/core';
import { COMMENT_MARK, COMMENT_THREAD_ATTR } from '../comments/model.js';

export const CommentMark = Mark.create({
  name: COMMENT_MARK,
  inclusive: false,
  excludes: '',
  addAttributes: () => ({
    [COMMENT_THREAD_ATTR]: {
      default: null,
      parseHTML: (el: HTMLElement) => el.getAttribute('data-thread'),
      renderHTML: (attrs: Record<string, unknown>) => ({ 'data-thread': attrs[COMMENT_THREAD_ATTR] }),
    },
  }),
  parseHTML: () => [{ tag: 'span[data-thread]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes(HTMLAttributes, { class: 'comment-anchor' }), 0],
});
