/**
 * [R1] Release rendering pieces: block permalinks and heading order, Markdown that escapes
 * content, version labels, and the feedback anchor (block id + quote) with the comment mark
 * written the way y-tiptap stores it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderReleaseBlocks } from '../../server/render/releaseBlocks.js';
import { blocksToMarkdown } from '../../server/render/markdown.js';
import { locateQuote, markCommentRange } from '../../server/services/feedbackSink.js';
import { isValidVersion } from '../../shared/releases.js';
import type { PmJson } from '../../shared/editor/json.js';

const text = (value: string, marks?: PmJson['marks']): PmJson => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });

describe('release rendering', () => {
  it('[R1] gives each block its b-<id> permalink and moves content headings below the section heading', () => {
    const html = renderReleaseBlocks(
      [
        { type: 'heading', attrs: { id: 'h1', level: 1 }, content: [text('Titel')] },
        { type: 'paragraph', attrs: { id: 'p1' }, content: [text('Tekst')] },
        { type: 'paragraph', attrs: { id: 'bad id"' }, content: [text('Zonder id')] },
      ],
      { headingLevel: 2, permalinkLabel: 'Link' },
    );
    expect(html).toContain('<h3 id="b-h1">Titel</h3><a class="pilcrow" href="#b-h1" aria-label="Link">¶</a>');
    expect(html).toContain('<p id="b-p1">Tekst</p>');
    expect(html).toContain('<div class="blk"><p>Zonder id</p></div>');
    expect(html).not.toContain('data-id');
  });

  it('[R1] writes Markdown that escapes content and keeps only allowed link schemes', () => {
    const md = blocksToMarkdown(
      [
        { type: 'heading', attrs: { level: 1 }, content: [text('Kop')] },
        { type: 'paragraph', content: [text('a *b* <script>'), text('vet', [{ type: 'bold' }]), text(' link', [{ type: 'link', attrs: { href: 'https://cltb.be' } }]), text(' js', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('één')] }] }] },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('drie')] }] }] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [text('A|B')] }] }] }, { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [text('1')] }] }] }] },
        { type: 'image', attrs: { src: '/media/abcdefgh.png', alt: 'Schema' } },
      ],
      { headingOffset: 1, image: (src) => `..${src}` },
    );
    expect(md).toContain('## Kop');
    expect(md).toContain('a \\*b\\* \\<script\\>**vet**[ link](<https://cltb.be>) js');
    expect(md).toContain('- één');
    expect(md).toContain('3. drie');
    expect(md).toContain('| A\\\\|B |');
    expect(md).toContain('![Schema](../media/abcdefgh.png)');
  });

  it('[CONTRACT] accepts version labels of [0-9A-Za-z._-] only, never "latest"', () => {
    for (const ok of ['1', '2026.1', 'v2_rc-1']) expect(isValidVersion(ok), ok).toBe(true);
    for (const bad of ['', 'latest', 'Latest', 'a b', 'a/b', '..', 'é', 'x'.repeat(41)]) expect(isValidVersion(bad), bad).toBe(false);
  });
});

describe('feedback anchors', () => {
  function draft(): Y.Doc {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('default');
    const p1 = new Y.XmlElement('paragraph');
    p1.setAttribute('id', 'blk1');
    p1.insert(0, [new Y.XmlText('De grond blijft van de trust, en de grond blijft betaalbaar.')]);
    const p2 = new Y.XmlElement('paragraph');
    p2.setAttribute('id', 'blk2');
    p2.insert(0, [new Y.XmlText('Andere tekst.')]);
    fragment.insert(0, [p1, p2]);
    return doc;
  }

  it('[R1] finds the quote through the block id, the context picking the right occurrence; reports what is missing', () => {
    const doc = draft();
    const fragment = doc.getXmlFragment('default');
    expect(locateQuote(fragment, 'blk1', 'de grond blijft')).toMatchObject({ ok: true, index: 33, length: 15 });
    expect(locateQuote(fragment, 'blk1', 'grond blijft')).toMatchObject({ ok: true, index: 3 });
    // The reader selected the second occurrence: the text before it says so.
    expect(locateQuote(fragment, 'blk1', 'grond blijft', 'De grond blijft van de trust, en de ')).toMatchObject({ ok: true, index: 36 });
    expect(locateQuote(fragment, 'nope', 'x')).toEqual({ ok: false, reason: 'block-missing' });
    expect(locateQuote(fragment, 'blk2', 'grond')).toEqual({ ok: false, reason: 'quote-missing' });
  });

  it('[R1] writes the comment mark over the quote as y-tiptap stores it (comment--<8 chars> with the thread id)', () => {
    const doc = draft();
    const located = locateQuote(doc.getXmlFragment('default'), 'blk2', 'tekst');
    if (!located.ok) throw new Error('not found');
    const key = markCommentRange(located, 'thread-1');
    expect(key).toMatch(/^comment--[a-zA-Z0-9]{8}$/);
    expect(located.text.toDelta()).toEqual([{ insert: 'Andere ' }, { insert: 'tekst', attributes: { [key]: { thread: 'thread-1' } } }, { insert: '.' }]);
  });
});
