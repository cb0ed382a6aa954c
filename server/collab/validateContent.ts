/**
 * Schema checks for section drafts, run on the blocks an update touched (never on the whole
 * document, so the cost follows the update, not the section). A block is read from Yjs
 * into ProseMirror JSON, built with the shared schema (unknown nodes, marks and bad
 * nesting throw) and checked for what the schema cannot express: attribute names, link
 * schemes, image sources, heading levels, sizes.
 */
import * as Y from 'yjs';
import type { Schema } from '@tiptap/pm/model';
import { BLOCK_ID_ATTR, BLOCK_TYPES, IMAGE_SRC_PATTERN, isAllowedHref } from '../../shared/editor/extensions.js';
import { LIMITS } from '../../shared/limits.js';
import type { PmJson } from '../../shared/editor/json.js';
import { elementToJson } from '../../shared/editor/yjsJson.js';
import { ARTICLE_REF, ARTICLE_REF_RENDER_ATTRS, ARTICLE_REF_TARGET } from '../../shared/editor/article.js';
import { COMMENT_MARK, COMMENT_THREAD_ATTR, THREAD_ID_PATTERN } from '../../shared/comments/model.js';
import { BLOCK_SUGGESTION_ATTR, parseBlockSuggestion, SUGGESTION_ID_PATTERN, SUGGESTION_MARKS } from '../../shared/suggestions/model.js';

export type { PmJson };

export type CheckResult = { ok: true; json: PmJson } | { ok: false; reason: string };

const BLOCK_TYPE_SET = new Set<string>(BLOCK_TYPES);
/** Block ids the server accepts as they are; anything else is replaced by a fix-up. */
export const BLOCK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Reads a Yjs element into ProseMirror JSON (shared with the browser, see shared/editor/yjsJson.ts). */
export { elementToJson };

function checkAttrs(allowed: Record<string, unknown>, attrs: Record<string, unknown> | undefined, where: string): void {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (!(key in allowed)) throw new Error(`attribute ${key} is not allowed on ${where}`);
    if (value !== null && typeof value === 'object') throw new Error(`attribute ${key} must be a plain value`);
  }
}

/** Checks what the schema cannot: attribute names, link schemes, image sources, heading levels. */
function checkJson(json: PmJson, schema: Schema): void {
  if (json.type !== 'text') checkAttrs(schema.nodes[json.type].spec.attrs ?? {}, json.attrs, json.type);
  if (json.type === 'heading' && ![1, 2, 3, 4, 5, 6].includes(json.attrs?.level as number)) throw new Error('heading level must be 1 to 6');
  if (json.type === ARTICLE_REF) {
    if (!BLOCK_ID_PATTERN.test(String(json.attrs?.[ARTICLE_REF_TARGET] ?? ''))) throw new Error('a reference needs the block id of an article');
    // The label is computed when drawing (L1); a stored one could lie about the number.
    if (ARTICLE_REF_RENDER_ATTRS.some((name) => json.attrs?.[name] != null)) throw new Error('a reference does not store its label');
  }
  if (json.type === 'image' && !IMAGE_SRC_PATTERN.test(String(json.attrs?.src ?? ''))) throw new Error('images must be uploaded to Atelier');
  const suggestion = json.attrs?.[BLOCK_SUGGESTION_ATTR];
  if (suggestion !== undefined && suggestion !== null && !parseBlockSuggestion(suggestion)) throw new Error('malformed block suggestion');
  for (const mark of json.marks ?? []) {
    checkAttrs(schema.marks[mark.type].spec.attrs ?? {}, mark.attrs, mark.type);
    if ((SUGGESTION_MARKS as readonly string[]).includes(mark.type)) {
      if (typeof mark.attrs?.id !== 'string' || !SUGGESTION_ID_PATTERN.test(mark.attrs.id)) throw new Error('a suggestion needs an id');
      if (typeof mark.attrs?.author !== 'string' || !mark.attrs.author) throw new Error('a suggestion needs an author');
    }
    if (mark.type === COMMENT_MARK && !THREAD_ID_PATTERN.test(String(mark.attrs?.[COMMENT_THREAD_ATTR] ?? ''))) throw new Error('a comment needs a thread id');
    if (mark.type === 'link' && !isAllowedHref(mark.attrs?.href)) throw new Error('links may only use http, https or mailto');
  }
  for (const child of json.content ?? []) checkJson(child, schema);
}

/**
 * Checks one top-level block against the schema and limits. Missing or malformed block ids
 * are not errors here: the server repairs those with a fix-up update.
 */
export function checkBlock(element: Y.XmlElement, schema: Schema): CheckResult {
  try {
    if (!BLOCK_TYPE_SET.has(element.nodeName)) return { ok: false, reason: `"${element.nodeName}" is not a block the editor knows` };
    const json = elementToJson(element);
    // nodeFromJSON throws on unknown nodes and marks; check() on bad nesting and attributes.
    const node = schema.nodeFromJSON(json);
    node.check();
    checkJson(json, schema);
    if (node.textContent.length > LIMITS.maxBlockChars) return { ok: false, reason: 'block too long' };
    return { ok: true, json };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'invalid content' };
  }
}

/** The block id of a top-level element, when present and well formed. */
export function readBlockId(element: Y.XmlElement): string | null {
  const id = element.getAttribute(BLOCK_ID_ATTR) as unknown;
  return typeof id === 'string' && BLOCK_ID_PATTERN.test(id) ? id : null;
}
