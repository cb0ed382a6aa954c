/** [L1] Written references ("zie artikel 12") become links to the article's block id. */
import { describe, expect, it } from 'vitest';
import { findArticleMentions, linkArticleMentions } from '../../shared/legal/refParser.js';
import { numberArticles } from '../../shared/legal/numbering.js';
import { checkBlock } from '../../server/collab/validateContent.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

const ids = Array.from({ length: 12 }, (_v, index) => `art-${index + 1}`);
const adopted = numberArticles(ids, null);
const numbers = numberArticles([...ids.slice(0, 3), 'art-3b', ...ids.slice(3)], adopted);

describe('[L1] reference parser', () => {
  it('[L1] finds "artikel 12", "l\u2019article 3bis", "Art. 7/1" and "art.5"', () => {
    expect(findArticleMentions('zie artikel 12 en l\u2019article 3bis, Art. 7/1 of art.5.').map((m) => m.number)).toEqual(['12', '3bis', '7/1', '5']);
    expect(findArticleMentions('de artikels en het artikelnummer 12')).toEqual([]);
  });

  it('[L1] importing "zie artikel 12" offers a link to article 12; unknown numbers and links stay text', () => {
    const { blocks, linked } = linkArticleMentions(
      [
        { type: 'paragraph', attrs: { id: 'p1' }, content: [{ type: 'text', text: 'Zie artikel 12 en artikel 3bis, niet artikel 99.', marks: [{ type: 'italic' }] }] },
        { type: 'paragraph', attrs: { id: 'p2' }, content: [{ type: 'text', text: 'artikel 2', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }] },
      ],
      numbers,
    );
    expect(linked).toBe(2);
    expect(blocks[0].content).toEqual([
      { type: 'text', text: 'Zie ', marks: [{ type: 'italic' }] },
      { type: 'articleRef', attrs: { target: 'art-12' } },
      { type: 'text', text: ' en ', marks: [{ type: 'italic' }] },
      { type: 'articleRef', attrs: { target: 'art-3b' } },
      { type: 'text', text: ', niet artikel 99.', marks: [{ type: 'italic' }] },
    ]);
    expect(blocks[1]).toEqual({ type: 'paragraph', attrs: { id: 'p2' }, content: [{ type: 'text', text: 'artikel 2', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }] });
    // What it makes passes the server's block check.
    const schema = getEditorSchema();
    const element = prosemirrorJSONToYDoc(schema, { type: 'doc', content: [blocks[0]] }, 'default').getXmlFragment('default').get(0) as Y.XmlElement;
    expect(checkBlock(element, schema).ok).toBe(true);
  });
});
