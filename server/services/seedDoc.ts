/**
 * Server-side document seeding: ProseMirror JSON → a Yjs update of the `default` fragment,
 * built with the shared editor schema. Every top-level block must carry a block id.
 */
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { getEditorSchema, BLOCK_ID_ATTR } from '../../shared/editor/extensions.js';
import { CONTENT_FIELD } from '../../shared/protocol.js';
import { SUGGESTION_META_FIELD, type SuggestionMeta } from '../../shared/suggestions/model.js';
import { createId } from './ids.js';

/** A ProseMirror JSON node. */
export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** A new block id. */
export function createBlockId(): string {
  return createId();
}

/** Gives every top-level block without one a fresh block id. */
export function withBlockIds(doc: PmNode): PmNode {
  return {
    ...doc,
    content: (doc.content ?? []).map((block) =>
      block.attrs?.[BLOCK_ID_ATTR] ? block : { ...block, attrs: { ...block.attrs, [BLOCK_ID_ATTR]: createBlockId() } },
    ),
  };
}

/** An empty but valid draft: one paragraph with a block id. */
export function buildEmptyDraft(): PmNode {
  return { type: 'doc', content: [{ type: 'paragraph', attrs: { [BLOCK_ID_ATTR]: createBlockId() } }] };
}

/**
 * Encodes a document (and, for imports, its suggestions' authors) as one Yjs update. Throws when the JSON does not fit the schema or a
 * top-level block has no id (seed content is ours: that is a bug).
 */
export function buildDocUpdate(doc: PmNode, suggestionMeta?: Readonly<Record<string, SuggestionMeta>>): Uint8Array {
  const schema = getEditorSchema();
  // nodeFromJSON + check() throws on anything the schema does not allow.
  schema.nodeFromJSON(doc).check();
  for (const block of doc.content ?? []) {
    if (typeof block.attrs?.[BLOCK_ID_ATTR] !== 'string') throw new Error(`seed block ${block.type} has no block id`);
  }
  const ydoc = prosemirrorJSONToYDoc(schema, doc, CONTENT_FIELD);
  try {
    // Imported suggestions (Word tracked changes) come with who made them, as the server would stamp them.
    if (suggestionMeta) {
      const meta = ydoc.getMap<SuggestionMeta>(SUGGESTION_META_FIELD);
      ydoc.transact(() => Object.entries(suggestionMeta).forEach(([id, value]) => meta.set(id, value)));
    }
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}
