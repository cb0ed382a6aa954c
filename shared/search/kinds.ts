/**
 * What a search result is a passage of: kept apart from the zod schemas of api.ts, so the
 * browser's search box does not load them.
 */
export const SEARCH_KINDS = ['draft', 'revision', 'comment', 'release'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
