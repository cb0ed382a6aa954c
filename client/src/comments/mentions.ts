/**
 * Mentions in message bodies, as plain text: finding the `@query` being typed, matching it
 * against people and organisations, and splitting a body into text and `@Name` pieces for
 * display. No HTML anywhere: bodies are shown as text nodes.
 */
import type { Mention } from '../../../shared/comments/api.js';

/** Someone or some organisation that can be mentioned. */
export interface MentionCandidate {
  kind: Mention['kind'];
  id: string;
  name: string;
  /** Shown after the name: the person's organisation, or "organisation". */
  detail: string;
}

const MAX_QUERY = 40;

/** The `@query` being typed just before the caret, or null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s|[(["']/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query)) return null;
  return { start: at, query };
}

/**
 * Candidates whose name, or a word of it, starts with `query` (case-insensitive); at most
 * `limit`. None once the query is a whole name followed by a space: that mention is done.
 */
export function matchCandidates<T extends { name: string }>(candidates: readonly T[], query: string, limit = 8): T[] {
  const needle = query.trim().toLowerCase();
  const lower = query.toLowerCase();
  if (candidates.some((candidate) => /^\s/.test(lower.slice(candidate.name.length)) && lower.startsWith(candidate.name.toLowerCase()))) return [];
  return candidates
    .filter((candidate) => {
      const name = candidate.name.toLowerCase();
      return !needle || name.startsWith(needle) || name.split(/\s+/).some((word) => word.startsWith(needle));
    })
    .slice(0, limit);
}

/** Splits `body` into text and `@Name` pieces for the given mention names. */
export function splitMentions(body: string, names: readonly string[]): { text: string; mention: boolean }[] {
  const tokens = [...new Set(names.filter(Boolean).map((name) => `@${name}`))].sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  let plain = '';
  let i = 0;
  while (i < body.length) {
    const token = body[i] === '@' ? tokens.find((candidate) => body.startsWith(candidate, i)) : undefined;
    if (token) {
      if (plain) parts.push({ text: plain, mention: false });
      plain = '';
      parts.push({ text: token, mention: true });
      i += token.length;
    } else {
      plain += body[i];
      i += 1;
    }
  }
  if (plain) parts.push({ text: plain, mention: false });
  return parts;
}

