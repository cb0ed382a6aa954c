/** [L1] The article nodes in the shared schema: what the editor writes passes the server's block check, what it never writes does not. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { checkBlock } from '../../server/collab/validateContent.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';
import { renderBlocksHtml } from '../../server/render/renderHtml.js';
import type { PmJson } from '../../shared/editor/json.js';

const schema = getEditorSchema();
const text = (t: string) => ({ type: 'text', text: t });

function viaBinding(block: object): Y.XmlElement {
  const doc = prosemirrorJSONToYDoc(schema, { type: 'doc', content: [block] }, 'default');
  return doc.getXmlFragment('default').get(0) as Y.XmlElement;
}

const article = (id: string, body: PmJson[], title = 'Toewijzing'): PmJson => ({
  type: 'article',
  attrs: { id },
  content: [{ type: 'articleHeading', content: title ? [text(title)] : [] }, ...body],
});
const ref = (target: string) => ({ type: 'articleRef', attrs: { target } });

describe('[L1] article schema', () => {
  it('[L1] an article with a title, a paragraph and nested points (1°, a)) is valid', () => {
    const block = article('art-1', [
      { type: 'paragraph', content: [text('De woningen worden toegewezen volgens ')] },
      {
        type: 'orderedList',
        content: [
          {
            type: 'listItem',
            content: [
              { type: 'paragraph', content: [text('het inkomen;')] },
              { type: 'orderedList', attrs: { type: 'a' }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('netto')] }] }] },
            ],
          },
        ],
      },
    ]);
    const result = checkBlock(viaBinding(block), schema);
    expect(result).toMatchObject({ ok: true });
  });

  it('[L1] an article without a title and a paragraph holding a reference is valid', () => {
    const block = article('art-2', [{ type: 'paragraph', content: [text('Zie '), ref('art-1'), text('.')] }], '');
    expect(checkBlock(viaBinding(block), schema).ok).toBe(true);
    const para = { type: 'paragraph', attrs: { id: 'p1' }, content: [text('Zie '), ref('art-1')] };
    expect(checkBlock(viaBinding(para), schema).ok).toBe(true);
  });

  it('[L1] refuses an article without its heading line, an article inside an article, and a stored label', () => {
    const noHeading = { type: 'article', attrs: { id: 'a' }, content: [{ type: 'paragraph', content: [text('x')] }] };
    expect(checkBlock(viaBinding(noHeading), schema).ok).toBe(false);
    const nested = article('a', [article('b', [{ type: 'paragraph' }])]);
    expect(() => checkBlock(viaBinding(nested), schema)).not.toThrow();
    expect(checkBlock(viaBinding(nested), schema).ok).toBe(false);
    const lying = { type: 'paragraph', attrs: { id: 'p' }, content: [{ type: 'articleRef', attrs: { target: 'art-1', label: 'artikel 99' } }] };
    expect(checkBlock(viaBinding(lying), schema)).toMatchObject({ ok: false, reason: 'a reference does not store its label' });
    const badTarget = { type: 'paragraph', attrs: { id: 'p' }, content: [{ type: 'articleRef', attrs: { target: '"><script>' } }] };
    expect(checkBlock(viaBinding(badTarget), schema).ok).toBe(false);
  });

  it('[L1] an article carries the block id and the structural-suggestion attribute', () => {
    expect(Object.keys(schema.nodes.article.spec.attrs ?? {})).toEqual(expect.arrayContaining(['id', 'suggestion']));
  });

  it('[L1] renders as <article> with a link for a labelled reference and plain text for a broken one (sanitised)', () => {
    const html = renderBlocksHtml([
      article('art-9', [{ type: 'paragraph', content: [text('Zie '), { type: 'articleRef', attrs: { target: 'art-1', label: 'artikel 3bis' } }, text(' en '), { type: 'articleRef', attrs: { target: 'gone', label: 'artikel (verwijderd)', broken: true } }] }]),
    ]);
    expect(html).toContain('<article');
    expect(html).toContain('<a href="#b-art-1">artikel 3bis</a>');
    expect(html).toContain('<span class="article-ref-broken">artikel (verwijderd)</span>');
    expect(renderBlocksHtml([{ type: 'paragraph', content: [text('<span class="evil" onclick="x">')] }])).not.toContain('<span');
  });
});
