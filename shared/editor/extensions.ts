/**
 * The editor schema: one TipTap extension list, used by the browser editor, the server's
 * validator and the server renderer. Changing a node, mark or attribute here changes it
 * everywhere (README, "Document model").
 */
import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import Image from '@tiptap/extension-image';
import { UniqueID } from '@tiptap/extension-unique-id';
import { ALLOWED_LINK_PROTOCOLS } from '../limits.js';
import { BLOCK_ID_ATTR, BLOCK_TYPES } from './blockId.js';
import { CommentMark } from './commentSchema.js';
import { ARTICLE_EXTENSIONS } from './article.js';
import { BlockSuggestionAttribute, DeletionMark, FormatChangeMark, InsertionMark } from './suggestionSchema.js';

export { BLOCK_TYPES, BLOCK_ID_ATTR };

/** Images must point at our own uploads: `/media/<id>.<ext>`. */
export const IMAGE_SRC_PATTERN = /^\/media\/[A-Za-z0-9_-]{8,64}\.(png|jpg|gif|webp)$/;

/** Whether a link target uses an allowed scheme (http, https, mailto). */
export function isAllowedHref(href: unknown): boolean {
  if (typeof href !== 'string' || href.length > 2048) return false;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href.trim());
  if (!match) return false;
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(match[1].toLowerCase());
}

export interface EditorExtensionOptions {
  /**
   * Skip remote (Yjs-originated) transactions when assigning block ids, so a client never
   * writes ids into other people's blocks. The server assigns missing ids itself.
   */
  filterBlockIdTransaction?: (tr: Transaction) => boolean;
  /** Whether this client may write block ids at all (false for read/suggest-only clients). */
  assignBlockIds?: boolean;
}

/** Builds the shared extension list. */
export function createEditorExtensions(options: EditorExtensionOptions = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      trailingNode: false,
      link: {
        openOnClick: false,
        autolink: false,
        linkOnPaste: true,
        protocols: [...ALLOWED_LINK_PROTOCOLS],
        isAllowedUri: (url) => isAllowedHref(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    // No node view (TipTap's TableView only adds a wrapper div here): the browser editor then has
    // no node views, and mounting it does not draw the whole document a second time (P3).
    Table.configure({ resizable: false, View: null }),
    TableRow,
    TableHeader,
    TableCell,
    Image.configure({ inline: false, allowBase64: false }),
    ...ARTICLE_EXTENSIONS,
    InsertionMark,
    DeletionMark,
    FormatChangeMark,
    CommentMark,
    BlockSuggestionAttribute,
    UniqueID.configure({
      attributeName: BLOCK_ID_ATTR,
      types: [...BLOCK_TYPES],
      filterTransaction: options.filterBlockIdTransaction ?? null,
      updateDocument: options.assignBlockIds ?? true,
    }),
  ];
}

let cachedSchema: Schema | null = null;

/** The ProseMirror schema of the shared extension list. */
export function getEditorSchema(): Schema {
  cachedSchema ??= getSchema(createEditorExtensions());
  return cachedSchema;
}
