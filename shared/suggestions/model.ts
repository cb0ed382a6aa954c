/**
 * The suggestion model (README, "Document model"). A suggestion is carried in the content
 * itself, so it travels through Yjs like any edit:
 *
 * - inline: the marks `insertion`, `deletion` and `formatChange`, each with
 *   `{ id, author }` (`formatChange` also lists the marks it `added` and `removed`);
 * - structural: the attribute `suggestion` on ANY block node — top-level blocks, list items,
 *   table rows and cells, and the blocks nested in them — a JSON string
 *   `{ id, author, kind, from? }` where kind is `insert` (a new node), `delete` (remove
 *   the node), `split` (this node was split off its previous sibling), `join` (join this
 *   node into its previous sibling) or `retype` (`from` holds the former type and
 *   attributes). Joining (accepting a join, rejecting a split) concatenates the two nodes'
 *   content: text for textblocks, children for containers; a split list item carries
 *   `split` on the item and on its first paragraph, so undoing it joins both levels.
 *
 * One suggestion id is one decision (G2): all carriers one person's transaction produced —
 * a replacement's deletion and insertion, both halves of a split, a moved item's delete at
 * the old place and insert at the new one — share the id, and accepting, rejecting or
 * withdrawing an id decides all of them. resolve.ts `describeSuggestions` lists the
 * carriers of each id and `groupKind` names what the group is ("new list item", …).
 *
 * Who and when are stamped by the server in the document's `suggestions` map
 * (id → { author, name, organisation, at }); clients cannot write that map.
 */

export const SUGGESTION_MARKS = ['insertion', 'deletion', 'formatChange'] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARKS)[number];

/** Name of the block attribute carrying a structural suggestion. */
export const BLOCK_SUGGESTION_ATTR = 'suggestion';

/** Name of the server-written Y.Map with each suggestion's author, organisation and time. */
export const SUGGESTION_META_FIELD = 'suggestions';

export const BLOCK_SUGGESTION_KINDS = ['insert', 'delete', 'split', 'join', 'retype'] as const;
export type BlockSuggestionKind = (typeof BLOCK_SUGGESTION_KINDS)[number];

export interface BlockSuggestion {
  id: string;
  author: string;
  kind: BlockSuggestionKind;
  /** For `retype`: the block's former type and attributes (without id and suggestion). */
  from?: { type: string; attrs?: Record<string, unknown> };
}

/** Server-stamped facts about one suggestion. */
export interface SuggestionMeta {
  author: string;
  name: string;
  organisation: { id: string; name: string };
  /** Milliseconds since the epoch, server clock. */
  at: number;
}

/** Suggestion ids: 1–64 URL-safe characters. */
export const SUGGESTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads a block's structural suggestion, or null when absent or malformed. */
export function parseBlockSuggestion(value: unknown): BlockSuggestion | null {
  if (typeof value !== 'string' || value.length > 4096) return null;
  try {
    const parsed = JSON.parse(value) as Partial<BlockSuggestion>;
    if (typeof parsed !== 'object' || parsed === null) return null;
    if (typeof parsed.id !== 'string' || !SUGGESTION_ID_PATTERN.test(parsed.id)) return null;
    if (typeof parsed.author !== 'string' || !parsed.author) return null;
    if (!(BLOCK_SUGGESTION_KINDS as readonly string[]).includes(parsed.kind as string)) return null;
    if (parsed.kind === 'retype' && (typeof parsed.from !== 'object' || parsed.from === null || typeof parsed.from.type !== 'string')) return null;
    return { id: parsed.id, author: parsed.author, kind: parsed.kind as BlockSuggestionKind, ...(parsed.from ? { from: parsed.from } : {}) };
  } catch {
    return null;
  }
}

/** Writes a block suggestion as the attribute value. */
export function formatBlockSuggestion(suggestion: BlockSuggestion): string {
  return JSON.stringify(suggestion);
}
