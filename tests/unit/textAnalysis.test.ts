/**
 * Search's text analysis (server/search/textAnalysis.ts): stems, and the guard for "words"
 * typed without spaces, which every edit used to make new and stem again in full.
 */
import { describe, expect, it } from 'vitest';
import { analyseQuery, analyseText, buildSnippet, MAX_TERM_CHARS, termOf } from '../../server/search/textAnalysis.js';

describe('search text analysis', () => {
  it('[issue 9] words are stemmed per language and folded', () => {
    expect(termOf('woningen', 'nl')).toBe(termOf('woning', 'nl'));
    expect(termOf('Éléments', 'fr')).toBe(termOf('élément', 'fr'));
    expect(analyseText('De gezinnen kopen', 'nl').split(' ')).toHaveLength(3);
  });

  it('[issue 9][P2] a run of 40,000 letters without a space is indexed by its first characters, folded, not stemmed', () => {
    const run = Array.from({ length: 40_000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 2000))).join('');
    const term = termOf(run, 'nl');
    expect(term).toHaveLength(MAX_TERM_CHARS);
    expect(run.startsWith(term)).toBe(true);
    // Every edit makes a new run: each gives the same term, its first characters, folded and
    // not stemmed (the cost of this is measured by the bench's fan-out grid, not here).
    for (let i = 0; i < 200; i++) expect(termOf(run + 'x'.repeat(i + 1), 'nl')).toBe(term);
    expect(termOf('Ä'.repeat(MAX_TERM_CHARS + 1), 'nl')).toBe('a'.repeat(MAX_TERM_CHARS));
  });

  it('[issue 9] a query for such a run still finds the passage and marks it', () => {
    const run = 'a'.repeat(30) + 'b'.repeat(100);
    const text = `Voor ${run} na`;
    const query = analyseQuery(run, 'nl');
    expect(analyseText(text, 'nl').split(' ')).toContain(query.groups[0].alternatives.find((alt) => alt.length === MAX_TERM_CHARS));
    expect(buildSnippet(text, 'nl', query).filter((segment) => segment.hit).map((segment) => segment.text)).toEqual([run]);
  });
});
