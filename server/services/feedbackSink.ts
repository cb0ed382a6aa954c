/**
 * Where accepted feedback on a release goes in the draft (flow 7): a comment thread anchored
 * at the same passage, marked with the release it came from, whose first message is the
 * remark as written by its author — a visitor keeps their name, tagged public, with the
 * member who accepted it recorded beside it — plus a record in `feedback_threads` of the
 * remark as left, with whether its passage was found. All of it is one unit of work with
 * the caller's rows (U1).
 *
 * The anchor is found in the live draft through the block id and the quote (the context
 * picks the right occurrence when the quote appears more than once). `markCommentRange`
 * writes the comment mark the way y-tiptap stores a non-exclusive mark (`comment--<key>`
 * with `{ thread }`), inside the command.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';
import { BLOCK_ID_ATTR } from '../../shared/editor/blockId.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { CommentService } from './comments.js';
import type { WorkspaceService } from './workspaces.js';
import type { AccountService } from './accounts.js';
import { MAX_MESSAGE_CHARS, MAX_QUOTE_CHARS } from '../../shared/comments/api.js';
import { fail, succeed, type Result } from './result.js';

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
  /**
   * Brings the remark into the draft; `record` runs inside the same unit of work (the
   * feedback's status, its audit entry), and may throw to roll all of it back.
   */
  createThreadFromFeedback(input: FeedbackForDraft, record: (made: { threadId: string; anchor: AnchorOutcome }) => void): Promise<Result<{ threadId: string; anchor: AnchorOutcome }>>;
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

/** What the sink needs of the other services. */
export interface FeedbackSinkDeps {
  commands: DocumentCommands;
  comments: CommentService;
  workspaces: WorkspaceService;
  accounts: AccountService;
}

/**
 * The sink the server uses. In ONE command on the draft (U1) it finds the passage, opens a
 * comment thread there whose first message is the remark as written — by its visitor for
 * public feedback (their name and release, with the member who accepted it recorded as
 * `acceptedBy`), by the member for a member's own — writes the comment mark on the passage,
 * records the remark in `feedback_threads`, and runs the caller's `record` (the feedback's
 * status and audit). If any of it throws, nothing is stored and the draft is unchanged. A
 * passage that is gone gives a thread with no mark, which the anchor scan shows as detached.
 */
export function createFeedbackSink(db: Db, deps: FeedbackSinkDeps): FeedbackSink {
  const insert = db.prepare(
    `INSERT INTO feedback_threads (id, feedback_id, doc, block_id, quote, body, author_name, release_version, anchor, created_at)
     VALUES (@id, @feedbackId, @doc, @blockId, @quote, @body, @authorName, @version, @anchor, @at)`,
  );
  return {
    async createThreadFromFeedback(input, record) {
      const acceptor = input.acceptedBy ? deps.accounts.findById(input.acceptedBy) : null;
      const workspace = deps.workspaces.findById(input.workspaceId);
      if (!acceptor || !workspace) return fail('conflict', 'Whoever accepted this remark is no longer a member.');
      return deps.commands.command(input.docName, null, (doc): Result<{ threadId: string; anchor: AnchorOutcome }> => {
        const located = locateQuote(doc.getXmlFragment(CONTENT_FIELD), input.blockId, input.quote, input.context);
        const anchor: AnchorOutcome = located.ok ? 'found' : located.reason;
        const created = deps.comments.create(
          acceptor,
          workspace,
          input.docName,
          {
            quote: input.quote.slice(0, MAX_QUOTE_CHARS),
            context: { before: input.context.slice(-MAX_QUOTE_CHARS), after: '' },
            blockId: input.blockId,
            // The remark exactly as its author wrote it; who and where from are fields of their own.
            body: input.body.slice(0, MAX_MESSAGE_CHARS),
            mentions: [],
          },
          { fromRelease: input.release.version, visitor: input.userId ? undefined : { name: input.authorName } },
        );
        if (!created.ok) return created;
        const threadId = created.value.id;
        if (located.ok) markCommentRange(located, threadId);
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
        record({ threadId, anchor });
        return succeed({ threadId, anchor });
      });
    },
  };
}
