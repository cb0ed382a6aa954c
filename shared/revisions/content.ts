/**
 * What an approval is about (V2): the draft without its pending suggestions. The server
 * stores a revision's content in this form (V1) and the browser hashes its live copy the
 * same way, so both agree on whether a draft differs from its approved revision or from the
 * content an approval was requested for.
 */
import { digest } from 'lib0/hash/sha256';
import type { PmJson } from '../editor/json.js';
import { canonicalBlocks, resolveSuggestions } from '../suggestions/resolve.js';

/**
 * Marks that are part of the text. Anything else on text (suggestion marks, comment anchors)
 * is bookkeeping about the text and never part of approved content.
 */
export const CONTENT_MARKS: readonly string[] = ['bold', 'italic', 'strike', 'underline', 'code', 'link'];

function keepContentMarks(node: PmJson): PmJson {
  const out: PmJson = { ...node };
  if (node.marks) {
    const marks = node.marks.filter((mark) => CONTENT_MARKS.includes(mark.type));
    if (marks.length) out.marks = marks;
    else delete out.marks;
  }
  if (node.content) out.content = node.content.map(keepContentMarks);
  return out;
}

/**
 * The draft's content as it would be approved: every pending suggestion rejected, only
 * content marks kept. Block ids stay (diffs align on them).
 */
export function approvableBlocks(blocks: readonly PmJson[]): PmJson[] {
  return resolveSuggestions(blocks, () => 'reject').map(keepContentMarks);
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * SHA-256 (hex) of content's canonical form: block ids and null attributes do not count,
 * so only a change to the text, its marks or its structure changes the hash.
 */
export function contentHash(approvable: readonly PmJson[]): string {
  return toHex(digest(new TextEncoder().encode(canonicalBlocks(approvable))));
}

/** The hash of a draft's approvable content (pending suggestions rejected). */
export function draftHash(blocks: readonly PmJson[]): string {
  return contentHash(approvableBlocks(blocks));
}

/** A section draft's review state, as the section page and the outline show it. */
export const REVIEW_STATES = ['never-approved', 'approved', 'draft-differs', 'approval-requested', 'changes-requested'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What the review state is derived from. */
export interface ReviewFacts {
  /** Hash of the latest revision's content, or null when never approved. */
  approvedHash: string | null;
  /** Whether an approval request is open. */
  requestOpen: boolean;
  /** The last request was answered with "changes asked" and nothing was approved or requested since. */
  changesAsked: boolean;
  /** Hash of the draft's approvable content now. */
  draftHash: string;
}

/** Derives the review state; an open request wins, then changes asked, then the comparison. */
export function reviewStateOf(facts: ReviewFacts): ReviewState {
  if (facts.requestOpen) return 'approval-requested';
  if (facts.changesAsked) return 'changes-requested';
  if (facts.approvedHash === null) return 'never-approved';
  return facts.approvedHash === facts.draftHash ? 'approved' : 'draft-differs';
}
