/**
 * Reading a draft's Yjs content as ProseMirror JSON, exactly as @tiptap/y-tiptap stores it.
 * Shared so the server (validation, decisions, revisions) and the browser (the live "draft
 * differs" badge) read the same JSON from the same document, and so hash it the same way.
 */
import * as Y from 'yjs';
import type { PmJson } from './json.js';

const MAX_DEPTH = 40;

/**
 * Mark key as stored by the Yjs binding: non-exclusive marks (comments) get a `--<hash>`
 * suffix of 8 characters — the binding's own pattern, so the server reads exactly what
 * browsers read; any other key is taken whole (and refused as an unknown mark).
 */
const HASHED_MARK_KEY = /^(.*)--[a-zA-Z0-9+/=]{8}$/;
export function markNameOfKey(key: string): string {
  return HASHED_MARK_KEY.exec(key)?.[1] ?? key;
}

function textToJson(text: Y.XmlText): PmJson[] {
  const out: PmJson[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') throw new Error('embedded objects are not allowed in text');
    const marks = Object.entries(op.attributes ?? {}).map(([key, value]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`mark ${key} has no attributes object`);
      return { type: markNameOfKey(key), attrs: value as Record<string, unknown> };
    });
    out.push(marks.length ? { type: 'text', text: op.insert, marks } : { type: 'text', text: op.insert });
  }
  return out;
}

/** Reads a Yjs element into ProseMirror JSON, refusing shapes the binding never writes. */
export function elementToJson(element: Y.XmlElement, depth = 0): PmJson {
  if (depth > MAX_DEPTH) throw new Error('content nested too deeply');
  const content: PmJson[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) content.push(elementToJson(child, depth + 1));
    else if (child instanceof Y.XmlText) content.push(...textToJson(child));
    else throw new Error('unexpected child type');
  }
  const attrs = element.getAttributes() as Record<string, unknown>;
  return { type: element.nodeName, attrs, content };
}

/** The top-level blocks of a draft's content fragment. */
export function fragmentToBlocks(fragment: Y.XmlFragment): PmJson[] {
  return fragment
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    .map((element) => elementToJson(element));
}
