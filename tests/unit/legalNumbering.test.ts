/** [L1] Article numbers: computed in a draft, frozen after adoption (bis/ter or /1), repealed articles keep theirs. */
import { describe, expect, it } from 'vitest';
import { formatArticleNumber, numberArticles, numbersById, type ArticleNumber } from '../../shared/legal/numbering.js';
import { articleHeadingLabel, articleRefLabel } from '../../shared/legal/words.js';
import { describeRef, labelArticleRefs } from '../../shared/legal/articles.js';
import { createPrng } from '../helpers/prng.js';

const numbers = (list: readonly ArticleNumber[]) => list.map((entry) => (entry.repealed ? `${entry.number}†` : entry.number));

describe('[L1] draft numbering', () => {
  it('[L1] articles number 1, 2, 3 … in document order, and an insertion between 3 and 4 renumbers the later ones', () => {
    expect(numbers(numberArticles(['a', 'b', 'c', 'd', 'e'], null))).toEqual(['1', '2', '3', '4', '5']);
    const after = numberArticles(['a', 'b', 'c', 'x', 'd', 'e'], null);
    expect(numbers(after)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(numbersById(after).get('d')?.number).toBe('5');
  });

  it('[L1] every reference label follows the renumbering, in NL and FR', () => {
    const before = numbersById(numberArticles(['a', 'b', 'c', 'd'], null));
    const after = numbersById(numberArticles(['a', 'b', 'c', 'x', 'd'], null));
    expect(describeRef('d', before, 'nl').label).toBe('artikel 4');
    expect(describeRef('d', after, 'nl').label).toBe('artikel 5');
    expect(describeRef('d', after, 'fr').label).toBe('article 5');
    expect(describeRef('x', after, 'fr').label).toBe('article 4');
  });

  it('[L1] duplicate ids count once (a concurrent copy the server has not repaired yet)', () => {
    expect(numbers(numberArticles(['a', 'b', 'a', 'c'], null))).toEqual(['1', '2', '3']);
  });
});

describe('[L1] frozen numbering after adoption', () => {
  const adopted = numberArticles(['a', 'b', 'c', 'd', 'e', 'f', 'g'], null);

  it('[L1] an article inserted between 3 and 4 is 3bis (then 3ter), later numbers unchanged', () => {
    const one = numberArticles(['a', 'b', 'c', 'x', 'd', 'e', 'f', 'g'], adopted);
    expect(numbers(one)).toEqual(['1', '2', '3', '3bis', '4', '5', '6', '7']);
    const two = numberArticles(['a', 'b', 'c', 'x', 'y', 'd', 'e', 'f', 'g'], adopted);
    expect(numbers(two)).toEqual(['1', '2', '3', '3bis', '3ter', '4', '5', '6', '7']);
  });

  it('[L1] with the "/1" setting the same insertion is 3/1', () => {
    expect(numbers(numberArticles(['a', 'b', 'c', 'x', 'y', 'd'], adopted, 'slash')).slice(0, 6)).toEqual(['1', '2', '3', '3/1', '3/2', '4']);
  });

  it('[L1] a deleted article stays as repealed with its number, in its place', () => {
    const out = numberArticles(['a', 'b', 'c', 'd', 'e', 'f'], adopted);
    expect(numbers(out)).toEqual(['1', '2', '3', '4', '5', '6', '7†']);
    const middle = numberArticles(['a', 'b', 'd', 'e', 'f', 'g'], adopted);
    expect(numbers(middle)).toEqual(['1', '2', '3†', '4', '5', '6', '7']);
    expect(articleHeadingLabel('7', 'fr', true)).toBe('Article 7 (abrogé)');
    expect(articleHeadingLabel('7', 'nl', true)).toBe('Artikel 7 (opgeheven)');
    expect(articleHeadingLabel('7', 'en', true)).toBe('Article 7 (repealed)');
  });

  it('[L1] a second adoption freezes 3bis; an insertion after it is 3ter; between 3 and 3bis the next free suffix keeps numbers unique', () => {
    const second = numberArticles(['a', 'b', 'c', 'x', 'd', 'e', 'f', 'g'], adopted);
    expect(numbers(numberArticles(['a', 'b', 'c', 'x', 'y', 'd'], second))).toEqual(['1', '2', '3', '3bis', '3ter', '4', '5†', '6†', '7†']);
    expect(numbers(numberArticles(['a', 'b', 'c', 'y', 'x', 'd', 'e', 'f', 'g'], second))).toEqual(['1', '2', '3', '3ter', '3bis', '4', '5', '6', '7']);
  });

  it('[L1] a moved article keeps its number; a new first article takes the first base with a suffix', () => {
    expect(numbers(numberArticles(['b', 'a', 'c', 'd', 'e', 'f', 'g'], adopted))).toEqual(['2', '1', '3', '4', '5', '6', '7']);
    expect(numbers(numberArticles(['n', 'a', 'b', 'c', 'd', 'e', 'f', 'g'], adopted))[0]).toBe('1bis');
  });

  it('[L1] numbers are the same in every language; only the words change', () => {
    const map = numbersById(numberArticles(['a', 'b', 'c', 'x', 'd'], adopted));
    expect(['nl', 'fr', 'en'].map((lang) => describeRef('x', map, lang).label)).toEqual(['artikel 3bis', 'article 3bis', 'article 3bis']);
    expect(articleHeadingLabel('3bis', 'nl')).toBe('Artikel 3bis');
    expect(articleRefLabel(null, 'nl')).toBe('artikel (verwijderd)');
  });

  it('[L1] a reference to a repealed or deleted article is flagged', () => {
    const frozenMap = numbersById(numberArticles(['a', 'b'], adopted));
    expect(describeRef('c', frozenMap, 'nl')).toEqual({ label: 'artikel 3', broken: true });
    expect(describeRef('zzz', frozenMap, 'fr')).toEqual({ label: 'article (supprimé)', broken: true });
    const labelled = labelArticleRefs([{ type: 'paragraph', content: [{ type: 'articleRef', attrs: { target: 'b' } }] }], frozenMap, 'nl');
    expect(labelled[0].content?.[0].attrs).toEqual({ target: 'b', label: 'artikel 2', broken: null });
  });

  it('[L1] Latin suffixes run bis … vicies, then fall back to /n', () => {
    expect([1, 2, 3, 4, 10, 19, 20].map((sub) => formatArticleNumber(8, sub, 'latin'))).toEqual(['8bis', '8ter', '8quater', '8quinquies', '8undecies', '8vicies', '8/20']);
  });
});

describe('[L1] properties (seeded; the seed is printed on failure)', () => {
  /** A random editing history: insertions, deletions and moves, with adoptions in between. */
  function run(seed: number) {
    const prng = createPrng(seed);
    let nextId = 0;
    const ids = Array.from({ length: 1 + prng.int(8) }, () => `n${nextId++}`);
    let frozen: ArticleNumber[] | null = null;
    const everAdopted = new Map<string, string>();
    for (let step = 0; step < 40; step++) {
      const roll = prng.next();
      if (roll < 0.4) ids.splice(prng.int(ids.length + 1), 0, `n${nextId++}`);
      else if (roll < 0.6 && ids.length) ids.splice(prng.int(ids.length), 1);
      else if (roll < 0.75 && ids.length > 1) {
        const [moved] = ids.splice(prng.int(ids.length), 1);
        ids.splice(prng.int(ids.length + 1), 0, moved);
      } else if (roll < 0.85) {
        frozen = numberArticles(ids, frozen, prng.chance(0.5) ? 'latin' : 'slash');
        for (const entry of frozen) everAdopted.set(entry.blockId, entry.number);
      }
      const out = numberArticles(ids, frozen);
      const fail = (what: string) => expect.fail(`seed ${seed}, step ${step}: ${what}`);
      // Every draft article appears once, in draft order; nothing else but repealed ones.
      if (out.filter((entry) => !entry.repealed).map((entry) => entry.blockId).join() !== [...new Set(ids)].join()) fail('draft order');
      if (new Set(out.map((entry) => entry.number)).size !== out.length) fail('numbers are not unique');
      if (!frozen) {
        if (out.map((entry) => entry.number).join() !== ids.map((_id, index) => String(index + 1)).join()) fail('draft numbers are not 1..n');
        continue;
      }
      // Once adopted, a number never changes and never disappears (L1).
      const byId = numbersById(out);
      for (const [blockId, number] of everAdopted) {
        if (byId.get(blockId)?.number !== number) fail(`${blockId} was ${number}, is ${byId.get(blockId)?.number}`);
        if (byId.get(blockId)?.repealed !== !ids.includes(blockId)) fail(`${blockId} repealed flag`);
      }
    }
    return ids;
  }
  it('[L1] 150 random histories keep adopted numbers, uniqueness and draft order', () => {
    for (let seed = 1; seed <= 150; seed++) run(seed);
  });
});
