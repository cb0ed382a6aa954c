/**
 * [R1] The renderer's pieces, exactly (issue 22, from the mutation run on server/render/): one
 * document with every node and mark of the schema through renderBlocksHtml, renderBlocksText
 * and renderReleaseBlocks (heading shift, permalinks, image rewriting, escaping), plus the
 * helpers — so a change to what a published page contains fails a test. The hostile cases
 * live in sanitiser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { renderBlocksHtml, renderBlocksText, sanitizeContentHtml } from '../../server/render/renderHtml.js';
import { blockIdOf, escapeHtml, imageSources, renderReleaseBlocks } from '../../server/render/releaseBlocks.js';
import type { PmJson } from '../../shared/editor/json.js';

const t = (text: string, marks?: PmJson['marks']): PmJson => (marks ? { type: 'text', text, marks } : { type: 'text', text });
const p = (content: PmJson[], attrs?: Record<string, unknown>): PmJson => ({ type: 'paragraph', ...(attrs ? { attrs } : {}), content });
const DOC: PmJson[] = [
  { type: 'heading', attrs: { id: 'h1', level: 1 }, content: [t('Titel')] },
  { type: 'heading', attrs: { id: 'h2', level: 2 }, content: [t('Twee')] },
  p([t('a & b < c > d'), t('vet', [{ type: 'bold' }]), t('schuin', [{ type: 'italic' }]), t('door', [{ type: 'strike' }]), t('onder', [{ type: 'underline' }]), t('code', [{ type: 'code' }]), { type: 'hardBreak' }, t('link', [{ type: 'link', attrs: { href: 'https://cltb.be/?a=1&b=2' } }])], { id: 'p1' }),
  { type: 'bulletList', attrs: { id: 'l1' }, content: [{ type: 'listItem', content: [p([t('één')])] }, { type: 'listItem', content: [p([t('twee')])] }] },
  { type: 'orderedList', attrs: { id: 'l2', start: 3 }, content: [{ type: 'listItem', content: [p([t('drie')])] }] },
  { type: 'blockquote', attrs: { id: 'q1' }, content: [p([t('citaat')])] },
  { type: 'codeBlock', attrs: { id: 'c1', language: 'js' }, content: [t('let x = 1;')] },
  { type: 'horizontalRule', attrs: { id: 'r1' } },
  { type: 'image', attrs: { id: 'i1', src: '/media/abcdefgh.png', alt: 'Schema "A"', title: 'T' } },
  { type: 'table', attrs: { id: 't1' }, content: [
    { type: 'tableRow', content: [{ type: 'tableHeader', content: [p([t('A')])] }, { type: 'tableHeader', content: [p([t('B')])] }] },
    { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [p([t('1')])] }] },
  ] },
  { type: 'heading', attrs: { id: 'h3', level: 3 }, content: [t('Sub')] },
];

describe('[R1] what a published page is made of', () => {
  it('[R1] renders every node and mark of the schema, escaped, with block ids as data-id', () => {
    expect(renderBlocksHtml(DOC)).toBe(FULL);
  });

  it('[R1] an empty section renders one empty paragraph', () => {
    expect(renderBlocksHtml([])).toBe("<p></p>");
  });

  it('[R1] plain text: a block a paragraph, list items and rows a line, cells a tab', () => {
    expect(renderBlocksText(DOC)).toBe(TEXT);
  });

  it('[R1] release blocks: permalinks, headings below the section title, media paths rewritten and escaped', () => {
    const html = renderReleaseBlocks(DOC, { headingLevel: 2, permalinkLabel: 'Link "&" <ok>', imageSrc: (src) => (src.includes('abc') ? `/p/toolbox/1/media/${src.slice(7)}?x=1&y="2"` : null) });
    expect(html).toBe(RELEASE);
  });

  it('[R1] without permalinks, and an image whose source cannot be served loses its src', () => {
    expect(renderReleaseBlocks(DOC.slice(7, 9), { headingLevel: 1, permalinkLabel: 'L', permalinks: false, imageSrc: () => null })).toBe("<div class=\"blk\"><hr id=\"b-r1\" /></div>\n<div class=\"blk\"><img id=\"b-i1\" alt=\"Schema &quot;A&quot;\" title=\"T\" /></div>");
    // No rewriting asked for: the media path stays.
    expect(renderReleaseBlocks(DOC.slice(8, 9), { headingLevel: 1, permalinkLabel: 'L' })).toContain('src="/media/abcdefgh.png"');
  });

  it('[R1] impossible heading levels count as 1; the top content heading goes one below the section title', () => {
    const odd = [0, 7, 2.5, undefined].map((level, i): PmJson => ({ type: 'heading', attrs: level === undefined ? {} : { level }, content: [t(`k${i}`)] }));
    expect(renderReleaseBlocks(odd, { headingLevel: 3, permalinkLabel: 'L' })).toBe('<div class="blk"><h4>k0</h4></div>\n<div class="blk"><h4>k1</h4></div>\n<div class="blk"><h4>k2</h4></div>\n<div class="blk"><h4>k3</h4></div>');
    const spread = [2, 6].map((level): PmJson => ({ type: 'heading', attrs: { level }, content: [t(`h${level}`)] }));
    expect(renderReleaseBlocks(spread, { headingLevel: 1, permalinkLabel: 'L' })).toBe('<div class="blk"><h2>h2</h2></div>\n<div class="blk"><h6>h6</h6></div>');
    const capped = [1, 4].map((level): PmJson => ({ type: 'heading', attrs: { level }, content: [t(`h${level}`)] }));
    expect(renderReleaseBlocks(capped, { headingLevel: 4, permalinkLabel: 'L' })).toBe('<div class="blk"><h5>h1</h5></div>\n<div class="blk"><h6>h4</h6></div>');
  });

  it('[R1] the heading shift counts headings only, and a heading without attributes is level 1', () => {
    const mixed: PmJson[] = [p([t('Inleiding')]), { type: 'heading', attrs: { level: 2 }, content: [t('Twee')] }];
    expect(renderReleaseBlocks(mixed, { headingLevel: 1, permalinkLabel: 'L' })).toBe('<div class="blk"><p>Inleiding</p></div>\n<div class="blk"><h2>Twee</h2></div>');
    const bare: PmJson[] = [{ type: 'heading', content: [t('Kaal')] }];
    expect(renderReleaseBlocks(bare, { headingLevel: 2, permalinkLabel: 'L' })).toBe('<div class="blk"><h3>Kaal</h3></div>');
  });

  it('[R1] plain text puts each item of a list, each paragraph of a quote and of a list item on its own line', () => {
    const blocks: PmJson[] = [
      { type: 'orderedList', content: [{ type: 'listItem', content: [p([t('een')]), p([t('uitleg')])] }, { type: 'listItem', content: [p([t('twee')])] }] },
      { type: 'blockquote', content: [p([t('regel 1')]), p([t('regel 2')])] },
    ];
    expect(renderBlocksText(blocks)).toBe('een\nuitleg\ntwee\n\nregel 1\nregel 2');
  });

  it('[R1] image sources are collected from every depth, strings only', () => {
    const blocks: PmJson[] = [
      { type: 'image', attrs: { src: '/media/a.png' } },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'image', attrs: { src: '/media/b.png' } }, { type: 'image', attrs: { src: 5 } }, { type: 'paragraph', attrs: { src: '/media/not.png' } }, { type: 'image' }] }] }] },
    ];
    expect(imageSources(blocks)).toEqual(["/media/a.png","/media/b.png"]);
    expect(imageSources([])).toEqual([]);
  });

  it('[R1] escaping and block ids', () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    const idOf = (id: unknown) => blockIdOf({ type: 'paragraph', attrs: { id } });
    expect([idOf('ok_1-2'), idOf('x'.repeat(100)), idOf('x'.repeat(101)), idOf('bad id'), idOf('x y_ok'), idOf('ok y'), idOf(7), blockIdOf({ type: 'paragraph' })]).toEqual(['ok_1-2', 'x'.repeat(100), null, null, null, null, null, null]);
  });

  it('[R1] the allow-list keeps every allowed tag and attribute as it is', () => {
    const allowed = "<h1 id=\"a\">1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6><p data-id=\"x\">p<br /><strong>b</strong><em>i</em><s>s</s><u>u</u><code class=\"c\">c</code><a href=\"https://cltb.be/\" rel=\"noopener\" target=\"_blank\">a</a><a href=\"http://cltb.be/\">h</a><a href=\"mailto:a@b.be\">m</a></p><blockquote><p>q</p></blockquote><ul><li>u</li></ul><ol start=\"2\" type=\"a\"><li>o</li></ol><pre class=\"language-js\"><code>x</code></pre><hr /><img src=\"https://cltb.be/i.png\" alt=\"A\" title=\"T\" width=\"10\" height=\"20\" /><table><colgroup><col /></colgroup><thead><tr><th colspan=\"2\" rowspan=\"1\" colwidth=\"100\">h</th></tr></thead><tbody><tr><td colspan=\"1\" rowspan=\"2\" colwidth=\"50\">d</td></tr></tbody></table>";
    expect(sanitizeContentHtml(allowed)).toBe(allowed);
  });
});

const FULL = "<h1 data-id=\"h1\">Titel</h1><h2 data-id=\"h2\">Twee</h2><p data-id=\"p1\">a &amp; b &lt; c &gt; d<strong>vet</strong><em>schuin</em><s>door</s><u>onder</u><code>code</code><br /><a rel=\"noopener noreferrer nofollow\" href=\"https://cltb.be/?a=1&amp;b=2\">link</a></p><ul data-id=\"l1\"><li><p>één</p></li><li><p>twee</p></li></ul><ol data-id=\"l2\" start=\"3\"><li><p>drie</p></li></ol><blockquote data-id=\"q1\"><p>citaat</p></blockquote><pre data-id=\"c1\"><code class=\"language-js\">let x = 1;</code></pre><hr data-id=\"r1\" /><img data-id=\"i1\" src=\"/media/abcdefgh.png\" alt=\"Schema &quot;A&quot;\" title=\"T\" /><table data-id=\"t1\"><colgroup><col /><col /></colgroup><tbody><tr><th colspan=\"1\" rowspan=\"1\"><p>A</p></th><th colspan=\"1\" rowspan=\"1\"><p>B</p></th></tr><tr><td colspan=\"2\" rowspan=\"1\"><p>1</p></td></tr></tbody></table><h3 data-id=\"h3\">Sub</h3>";
const TEXT = "Titel\n\nTwee\n\na & b < c > dvetschuindoorondercode\nlink\n\néén\ntwee\n\ndrie\n\ncitaat\n\nlet x = 1;\n\n\n\n\n\nA\tB\n1\n\nSub";
const RELEASE = "<div class=\"blk\"><h3 id=\"b-h1\">Titel</h3><a class=\"pilcrow\" href=\"#b-h1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><h4 id=\"b-h2\">Twee</h4><a class=\"pilcrow\" href=\"#b-h2\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><p id=\"b-p1\">a &amp; b &lt; c &gt; d<strong>vet</strong><em>schuin</em><s>door</s><u>onder</u><code>code</code><br /><a rel=\"noopener noreferrer nofollow\" href=\"https://cltb.be/?a=1&amp;b=2\">link</a></p><a class=\"pilcrow\" href=\"#b-p1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><ul id=\"b-l1\"><li><p>één</p></li><li><p>twee</p></li></ul><a class=\"pilcrow\" href=\"#b-l1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><ol id=\"b-l2\" start=\"3\"><li><p>drie</p></li></ol><a class=\"pilcrow\" href=\"#b-l2\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><blockquote id=\"b-q1\"><p>citaat</p></blockquote><a class=\"pilcrow\" href=\"#b-q1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><pre id=\"b-c1\"><code class=\"language-js\">let x = 1;</code></pre><a class=\"pilcrow\" href=\"#b-c1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><hr id=\"b-r1\" /><a class=\"pilcrow\" href=\"#b-r1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><img id=\"b-i1\" src=\"/p/toolbox/1/media/abcdefgh.png?x=1&amp;y=&quot;2&quot;\" alt=\"Schema &quot;A&quot;\" title=\"T\" /><a class=\"pilcrow\" href=\"#b-i1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><table id=\"b-t1\"><colgroup><col /><col /></colgroup><tbody><tr><th colspan=\"1\" rowspan=\"1\"><p>A</p></th><th colspan=\"1\" rowspan=\"1\"><p>B</p></th></tr><tr><td colspan=\"2\" rowspan=\"1\"><p>1</p></td></tr></tbody></table><a class=\"pilcrow\" href=\"#b-t1\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>\n<div class=\"blk\"><h5 id=\"b-h3\">Sub</h5><a class=\"pilcrow\" href=\"#b-h3\" aria-label=\"Link &quot;&amp;&quot; &lt;ok&gt;\">¶</a></div>";
