/**
 * Where accepted feedback on a release goes in the draft (flow 7): a comment thread anchored
 * at the same passage, marked with the release it came from (`createCommentFeedbackSink`),
 * on top of a record in `feedback_threads` (the stored sink) that keeps the remark as left,
 * with whether its passage was found.
 *
 * The anchor is found in the live draft through the block id and the quote (the context
 * picks the right occurrence when the quote appears more than once). `markCommentRange`
 * writes the comment mark the way y-tiptap stores a non-exclusive mark (`comment--<key>`
 * with `{ thread }`), for the thread-based sink to call inside `commands.command`.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/blockId.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { createId } from './ids.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { CommentService } from './comments.js';
import type { WorkspaceService } from './workspaces.js';
import type { AccountService } from './accounts.js';
import { MAX_MESSAGE_CHARS, MAX_QUOTE_CHARS } from '../../shared/comments/api.js';

/** Accepted feedback, on its way into a draft. */
export interface FeedbackForDraft {
  feedbackId: string;
  workspaceId: string;
  docName: string;
  blockId: string;
  quote: string;
  context: string;
  body: string;
  authorName: string;
  /** The signed-in author, or null for public feedback. */
  userId: string | null;
  /** Who let it into the draft: the signed-in author, or the staff member who accepted it. */
  acceptedBy: string | null;
  release: { id: string; version: string };
}

export type AnchorOutcome = 'found' | 'block-missing' | 'quote-missing';

/** Turns accepted feedback into something staff see in the draft. */
export interface FeedbackSink {
  createThreadFromFeedback(input: FeedbackForDraft): Promise<{ threadId: string; anchor: AnchorOutcome }>;
}

/** Where a quote sits in a draft: a text node and a range in it. */
export type LocatedQuote = { ok: true; text: Y.XmlText; index: number; length: number } | { ok: false; reason: 'block-missing' | 'quote-missing' };

function textNodes(element: Y.XmlElement | Y.XmlFragment, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, out);
  }
  return out;
}

function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** Finds the quoted passage in the top-level block with this id; `context` (the text before it) picks the occurrence. */
export function locateQuote(fragment: Y.XmlFragment, blockId: string, quote: string, context = ''): LocatedQuote {
  const block = fragment.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute(BLOCK_ID_ATTR) === blockId);
  if (!block) return { ok: false, reason: 'block-missing' };
  const wanted = quote.trim();
  // The context is the block's text before the reader's selection: its length says which occurrence they meant.
  const hint = context ? context.length : -1;
  let best: { text: Y.XmlText; index: number; distance: number } | null = null;
  let offset = 0;
  for (const text of textNodes(block)) {
    const value = plainText(text);
    for (let at = value.indexOf(wanted); at >= 0; at = value.indexOf(wanted, at + 1)) {
      const distance = hint < 0 ? offset + at : Math.abs(offset + at - hint);
      if (!best || distance < best.distance) best = { text, index: at, distance };
    }
    offset += value.length + 1;
  }
  return best ? { ok: true, text: best.text, index: best.index, length: wanted.length } : { ok: false, reason: 'quote-missing' };
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Writes the comment mark over a located quote (call inside `commands.command`); answers the attribute key. */
export function markCommentRange(located: Extract<LocatedQuote, { ok: true }>, threadId: string): string {
  let key = 'comment--';
  for (let i = 0; i < 8; i++) key += KEY_ALPHABET[Math.floor(Math.random() * KEY_ALPHABET.length)];
  located.text.format(located.index, located.length, { [key]: { thread: threadId } });
  return key;
}

/** The default sink: records accepted feedback in `feedback_threads`, with whether its passage was found. */
export function createStoredFeedbackSink(db: Db, commands: DocumentCommands): FeedbackSink {
  const insert = db.prepare(
    `INSERT INTO feedback_threads (id, feedback_id, doc, block_id, quote, body, author_name, release_version, anchor, created_at)
     VALUES (@id, @feedbackId, @doc, @blockId, @quote, @body, @authorName, @version, @anchor, @at)`,
  );
  return {
    async createThreadFromFeedback(input) {
      const anchor = await commands.command(input.docName, null, (doc): AnchorOutcome => {
        const located = locateQuote(doc.getXmlFragment(CONTENT_FIELD), input.blockId, input.quote, input.context);
        return located.ok ? 'found' : located.reason;
      });
      const threadId = createId();
      insert.run({
        id: threadId,
        feedbackId: input.feedbackId,
        doc: input.docName,
        blockId: input.blockId,
        quote: input.quote,
        body: input.body,
        authorName: input.authorName,
        version: input.release.version,
        anchor,
        at: Date.now(),
      });
      return { threadId, anchor };
    },
  };
}

/** What the comment sink needs of the other services. */
export interface CommentSinkDeps {
  commands: DocumentCommands;
  comments: CommentService;
  workspaces: WorkspaceService;
  accounts: AccountService;
}

/**
 * The sink the server uses: records the remark (the stored sink), then opens a comment thread
 * in the draft, authored by whoever let it in, quoting the passage and naming the release and
 * the reader; the server writes the comment mark itself on the passage it found. A passage
 * that is gone gives a thread with no mark, which the anchor scan shows as detached.
 */
export function createCommentFeedbackSink(stored: FeedbackSink, deps: CommentSinkDeps): FeedbackSink {
  return {
    async createThreadFromFeedback(input) {
      const recorded = await stored.createThreadFromFeedback(input);
      const author = input.acceptedBy ? deps.accounts.findById(input.acceptedBy) : null;
      const workspace = deps.workspaces.findById(input.workspaceId);
      if (!author || !workspace) return recorded;
      const body = `${input.authorName} (${input.release.version}): ${input.body}`.slice(0, MAX_MESSAGE_CHARS);
      const created = deps.comments.create(
        author,
        workspace,
        input.docName,
        { quote: input.quote.slice(0, MAX_QUOTE_CHARS), context: { before: input.context.slice(-MAX_QUOTE_CHARS), after: '' }, blockId: input.blockId, body, mentions: [] },
        { fromRelease: input.release.version },
      );
      if (!created.ok) return recorded;
      const threadId = created.value.id;
      if (recorded.anchor === 'found') {
        await deps.commands.command(input.docName, null, (doc) => {
          const located = locateQuote(doc.getXmlFragment(CONTENT_FIELD), input.blockId, input.quote, input.context);
          if (located.ok) markCommentRange(located, threadId);
        });
      }
      return { threadId, anchor: recorded.anchor };
    },
  };
}
