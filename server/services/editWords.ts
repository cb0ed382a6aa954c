/**
 * How many words each person's edits added and removed (issue 21, the activity view:
 * "Thomas Peeters (CLTB) edited Grond en woning — 12 words added, 3 removed").
 *
 * The edit log says who changed a draft and how many bytes; words need the text before and
 * after. This record watches each draft's Y.Doc from the moment it is built from the store
 * (the `draft-built` event, before any write reaches it): a deep observer notes which
 * top-level blocks each transaction touched and whose connection sent it, off nothing but
 * the document's own events. A moment after the commits (debounced per draft, through the
 * room's queue, so it reads committed state) it compares each touched block's text with
 * the text it had at the last reading (a diff of the two lists of words, `diffArrays` of the `diff` package) and stores one
 * `edit_words` row per person. Text is read "as if accepted" (pending deletions left out),
 * so a partner's suggested insertion counts as words added and a suggested deletion as
 * words removed. A block two people touched within one reading is credited to the last of
 * them: an approximation, between readings a second apart.
 */
import { diffArrays } from 'diff';
import { LRUCache } from 'lru-cache';
import * as Y from 'yjs';
import type { PmJson } from '../../shared/editor/json.js';
import { elementToJson } from '../../shared/editor/yjsJson.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import type { DocumentCommands } from '../collab/RoomRegistry.js';
import type { Db } from '../db/database.js';
import type { ServiceEvents } from './events.js';

/** How long after a commit the words are counted (a burst of typing is one reading). */
const READ_DELAY_MS = 1000;

/** How many drafts' texts are kept between readings. */
const MAX_DRAFTS = 2000;

/** Who sent a transaction: a connection's identity and whether it was suggesting. */
interface Editor {
  userId: string;
  organisationId: string | null;
  suggested: boolean;
}

interface DraftState {
  /** Text of each top-level block (by Yjs item id) at the last reading. */
  texts: Map<string, string>;
  /** Blocks touched since the last reading, with the last person who touched each. */
  touched: Map<string, Editor | null>;
}

/** The editor behind a transaction origin: a Connection has an identity and a capability. */
function editorOf(origin: unknown): Editor | null {
  const conn = origin as { identity?: { userId?: string; organisation?: { id?: string } | null }; capability?: string } | null;
  const userId = conn?.identity?.userId;
  if (!userId) return null;
  return { userId, organisationId: conn.identity?.organisation?.id ?? null, suggested: conn.capability === 'suggest' };
}

const partOf = (item: Y.Item) => `${item.id.client}:${item.id.clock}`;

/** The top-level block a changed type belongs to. */
function topLevelItem(fragment: Y.XmlFragment, type: Y.AbstractType<unknown>): Y.Item | null {
  let current = type;
  while (current !== fragment) {
    const parent = current._item?.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent === fragment) return current._item;
    current = parent as Y.AbstractType<unknown>;
  }
  return null;
}

/** The text of a block as if its pending suggestions were accepted (suggested deletions left out). */
export function acceptedText(block: PmJson): string {
  if (block.type === 'text') return block.marks?.some((mark) => mark.type === 'deletion') ? '' : (block.text ?? '');
  const inner = (block.content ?? []).map(acceptedText);
  return inner.join(block.type === 'paragraph' || block.type === 'heading' || block.type === 'text' ? '' : ' ');
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const words = (text: string): string[] => text.match(WORD) ?? [];

/** Words added and removed between two texts. */
export function wordChanges(before: string, after: string): { added: number; removed: number } {
  if (before === after) return { added: 0, removed: 0 };
  // Words compared as words (punctuation and spacing do not count): a diff of the two word lists.
  let added = 0;
  let removed = 0;
  for (const part of diffArrays(words(before), words(after))) {
    if (part.added) added += part.count ?? part.value.length;
    else if (part.removed) removed += part.count ?? part.value.length;
  }
  return { added, removed };
}

export interface EditWordsRecord {
  /** Counts what is waiting now (tests and shutdown). */
  flush(docName?: string): Promise<void>;
  close(): void;
}

/** Creates the record and subscribes it to the collaboration server's events. */
export function createEditWordsRecord(
  db: Db,
  deps: { events: ServiceEvents; commands: DocumentCommands; logger: { warn: (obj: object, msg: string) => void } },
): EditWordsRecord {
  const insert = db.prepare<[string, string, string | null, number, number, number, number]>(
    'INSERT INTO edit_words (doc, user_id, organisation_id, at, added, removed, suggested) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // Bounded: a draft not edited for long drops out (its next build starts a fresh baseline).
  const drafts = new LRUCache<string, DraftState>({ max: MAX_DRAFTS });
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const readTexts = (fragment: Y.XmlFragment, parts?: Set<string>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const child of fragment.toArray()) {
      if (!(child instanceof Y.XmlElement) || !child._item) continue;
      const part = partOf(child._item);
      if (!parts || parts.has(part)) out.set(part, acceptedText(elementToJson(child)));
    }
    return out;
  };

  const observe = (docName: string, doc: Y.Doc) => {
    const fragment = doc.getXmlFragment(CONTENT_FIELD);
    const previous = drafts.get(docName);
    // A rebuilt document (a reload after a refusal) keeps what the last reading knew and what
    // was touched since; a fresh one starts from the stored text.
    const state: DraftState = previous?.touched.size ? previous : { texts: readTexts(fragment), touched: new Map() };
    drafts.set(docName, state);
    fragment.observeDeep((events, transaction) => {
      const editor = editorOf(transaction.origin);
      for (const event of events) {
        if (event.target === fragment) {
          for (const item of [...event.changes.added, ...event.changes.deleted]) state.touched.set(partOf(item), editor);
          continue;
        }
        const item = topLevelItem(fragment, event.target as Y.AbstractType<unknown>);
        if (item) state.touched.set(partOf(item), editor);
      }
    });
  };

  const read = async (docName: string) => {
    const state = drafts.get(docName);
    if (!state || !state.touched.size) return;
    const touched = state.touched;
    state.touched = new Map();
    const texts = await deps.commands.command(docName, null, (doc: Y.Doc) => readTexts(doc.getXmlFragment(CONTENT_FIELD), new Set(touched.keys())));
    const totals = new Map<string, Editor & { added: number; removed: number }>();
    for (const [part, editor] of touched) {
      const after = texts.get(part) ?? '';
      const before = state.texts.get(part) ?? '';
      if (texts.has(part)) state.texts.set(part, after);
      else state.texts.delete(part);
      if (!editor) continue;
      const key = `${editor.userId}:${editor.suggested ? 1 : 0}`;
      const total = totals.get(key) ?? { ...editor, added: 0, removed: 0 };
      const change = wordChanges(before, after);
      total.added += change.added;
      total.removed += change.removed;
      totals.set(key, total);
    }
    const at = Date.now();
    for (const total of totals.values()) insert.run(docName, total.userId, total.organisationId, at, total.added, total.removed, total.suggested ? 1 : 0);
  };

  const schedule = (docName: string) => {
    if (closed || timers.has(docName) || !drafts.has(docName)) return;
    timers.set(
      docName,
      setTimeout(() => {
        timers.delete(docName);
        read(docName).catch((error: unknown) => deps.logger.warn({ err: error, docName }, 'counting words failed'));
      }, READ_DELAY_MS),
    );
  };

  deps.events.on('draft-built', ({ docName, doc }) => observe(docName, doc));
  deps.events.on('draft-committed', ({ docName }) => schedule(docName));

  return {
    async flush(docName) {
      const names = docName ? [docName] : [...timers.keys()];
      for (const name of names) {
        clearTimeout(timers.get(name));
        timers.delete(name);
        await read(name);
      }
    },
    close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
