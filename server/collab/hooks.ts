/**
 * What the collaboration server tells, and asks of, the rest of the server beyond access:
 * who owns a comment thread (a comment-only or suggest-only connection may add and remove
 * only its own anchors), and that a document's updates were committed (comment anchors
 * are re-checked, off the message pipeline).
 */
import type * as Y from 'yjs';

export interface CollabHooks {
  /**
   * The user who started a comment thread of this document, or null when the document has
   * no such thread (a thread of another section is nobody's here: A2).
   */
  threadOwner(docName: string, threadId: string): string | null;
  /** A document's updates were committed and broadcast. Must return at once. */
  committed(docName: string): void;
  /**
   * A document was built from the store (before any write reaches it): the activity record
   * takes its text as the baseline of who changed how many words. Must return at once.
   */
  built?(docName: string, doc: Y.Doc): void;
}

/** Hooks for a server with no comment threads (tests of the bare sync server). */
export const NO_HOOKS: CollabHooks = { threadOwner: () => null, committed: () => {} };
