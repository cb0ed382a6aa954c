/**
 * Comment anchors in the document (rule C1). A thread is anchored by a `comment` mark on
 * the text it is about: the mark carries only the thread id; the thread itself (messages,
 * status, the quoted text and its context for re-anchoring) lives in SQLite. The mark is
 * non-exclusive, so threads can overlap; the TipTap Yjs binding stores each one under a
 * hashed key (`comment--<hash>`), and the server reads it back as a `comment` mark.
 *
 * Marks follow their characters through concurrent edits, which is what makes anchors
 * survive; a thread whose marked text is all deleted is *detached* (still listed, with
 * its quote) until staff re-attach it.
 */
import type { PmJson } from '../editor/json.js';

export const COMMENT_MARK = 'comment';
/** The mark attribute holding the thread id. */
export const COMMENT_THREAD_ATTR = 'thread';
/** Thread ids: the server's random ids (`server/services/ids.ts`). */
export const THREAD_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Longest message body, in characters. */
export const MAX_MESSAGE_CHARS = 5000;
/** Longest stored quote of the anchored text (and of each side of its context). */
export const MAX_QUOTE_CHARS = 1000;

/** The thread id of a comment mark, or null for other marks. */
export function threadOfMark(mark: { type: string; attrs?: Record<string, unknown> }): string | null {
  if (mark.type !== COMMENT_MARK) return null;
  const id = mark.attrs?.[COMMENT_THREAD_ATTR];
  return typeof id === 'string' ? id : null;
}

/** Every thread id anchored in some blocks, with the text each one covers (in order). */
export function threadAnchors(blocks: readonly PmJson[]): Map<string, string> {
  const anchors = new Map<string, string>();
  const visit = (node: PmJson) => {
    if (node.type === 'text') {
      for (const mark of node.marks ?? []) {
        const id = threadOfMark(mark);
        if (id) anchors.set(id, (anchors.get(id) ?? '') + (node.text ?? ''));
      }
      return;
    }
    for (const child of node.content ?? []) visit(child);
  };
  blocks.forEach(visit);
  return anchors;
}

/** Removes the comment marks `strip` selects (all of them by default), keeping everything else. */
export function stripComments(blocks: readonly PmJson[], strip: (threadId: string) => boolean = () => true): PmJson[] {
  const visit = (node: PmJson): PmJson => {
    if (node.type === 'text') {
      if (!node.marks?.some((mark) => threadOfMark(mark) !== null)) return node;
      const marks = node.marks.filter((mark) => {
        const id = threadOfMark(mark);
        return id === null || !strip(id);
      });
      const next: PmJson = { ...node };
      if (marks.length) next.marks = marks;
      else delete next.marks;
      return next;
    }
    return node.content ? { ...node, content: node.content.map(visit) } : node;
  };
  return blocks.map(visit);
}
