/** Unit tests of server/imports/legalImport.ts (issue 24, L1): articles and references on import. */
import { describe, expect, it } from 'vitest';
import type { PmJson } from '../../shared/editor/json.js';
import { articleStart, linkReferences, mentionsIn, toArticles } from '../../server/imports/legalImport.js';

const p = (text: string): PmJson => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('articles on import', () => {
  it('[L1] "Artikel N." / "Article 1er." / "Art. 3bis" start an article; other text does not', () => {
    expect(articleStart(p('Artikel 12. Voorrang'))?.number).toBe('12');
    expect(articleStart(p('Article 1er. Objet'))?.number).toBe('1');
    expect(articleStart(p('Art. 3bis - Uitzondering'))?.number).toBe('3bis');
    expect(articleStart(p('Artikel 4'))?.number).toBe('4');
    expect(articleStart(p('Zie artikel 12.'))).toBeNull();
    expect(articleStart(p('Artikelen 3 tot 5'))).toBeNull();
    expect(articleStart({ type: 'heading', content: [{ type: 'text', text: 'Artikel 1.' }] })).toBeNull();
  });

  it('[L1] an article holds its heading title and the paragraphs after it, up to a heading', () => {
    const { blocks, articles } = toArticles([p('Intro'), p('Artikel 1. Doel'), p('Tekst.'), { type: 'bulletList', content: [] }, p('Artikel 2.'), { type: 'heading', attrs: { level: 2 }, content: [] }]);
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'article', 'article', 'heading']);
    expect(blocks[1].content?.map((b) => b.type)).toEqual(['articleHeading', 'paragraph', 'bulletList']);
    expect(blocks[1].content?.[0].content).toEqual([{ type: 'text', text: 'Doel' }]);
    // An article without body text gets an empty paragraph (the schema needs one).
    expect(blocks[2].content).toEqual([{ type: 'articleHeading' }, { type: 'paragraph' }]);
    expect(articles.map((a) => [a.number, a.blockId])).toEqual([['1', blocks[1].attrs?.id], ['2', blocks[2].attrs?.id]]);
  });

  it('[L1] references to imported articles become links; others stay text and are listed', () => {
    const { blocks, articles } = toArticles([p('Artikel 12. Voorrang'), p('Zie artikel 12 en artikel 99.')]);
    expect(mentionsIn(blocks)).toEqual(['12', '99']);
    const linked = linkReferences(blocks, articles);
    expect(linked.linked).toBe(1);
    expect(linked.blocks[0].content?.[1].content).toEqual([
      { type: 'text', text: 'Zie ' },
      { type: 'articleRef', attrs: { target: articles[0].blockId } },
      { type: 'text', text: ' en artikel 99.' },
    ]);
  });
});
