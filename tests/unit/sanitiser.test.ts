/**
 * [R1] The published-page sanitiser on its own, and the renderer in front of it (issue 22).
 * Defence in depth: the schema never emits event handlers or script URLs and the CSP blocks
 * inline script, but the sanitiser must still stop them. A corpus of hostile HTML (event
 * handlers, javascript:/data:/vbscript: URLs, SVG and MathML, nested and mutation XSS) goes
 * through `sanitizeContentHtml` directly; hostile ProseMirror JSON goes through
 * `renderBlocksHtml` and `renderReleaseBlocks`. Each case asserts exactly what comes out,
 * and every output is parsed again to check no element carries a handler or a script URL.
 */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { renderBlocksHtml, sanitizeContentHtml } from '../../server/render/renderHtml.js';
import { renderReleaseBlocks } from '../../server/render/releaseBlocks.js';
import type { PmJson } from '../../shared/editor/json.js';

/** [name, hostile HTML, what the sanitiser answers]. */
const HOSTILE_HTML: [string, string, string][] = [
  ["an event handler", "<p onclick=\"alert(1)\">x</p>", "<p>x</p>"],
  ["onerror on an image", "<img src=\"https://cltb.be/a.png\" onerror=\"alert(1)\">", "<img src=\"https://cltb.be/a.png\" />"],
  ["an upper-case handler", "<p ONMOUSEOVER=\"alert(1)\" id=\"a\">x</p>", "<p id=\"a\">x</p>"],
  ["onfocus with autofocus", "<a href=\"https://cltb.be\" onfocus=\"alert(1)\" autofocus>x</a>", "<a href=\"https://cltb.be\">x</a>"],
  ["a javascript: link", "<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"],
  ["mixed-case javascript:", "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"],
  ["javascript: after a space", "<a href=\" javascript:alert(1)\">x</a>", "<a>x</a>"],
  ["javascript: split by a tab", "<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>"],
  ["javascript: as a decimal entity", "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>"],
  ["javascript: as hex entities", "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>", "<a>x</a>"],
  ["a data: HTML link", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "<a>x</a>"],
  ["a data: SVG image", "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">", "<img />"],
  ["a vbscript: link", "<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>"],
  ["a protocol-relative link", "<a href=\"//evil.example/x\">x</a>", "<a>x</a>"],
  ["a mailto: link (kept)", "<a href=\"mailto:info@cltb.be\">x</a>", "<a href=\"mailto:info@cltb.be\">x</a>"],
  ["a media image (kept)", "<img src=\"/media/abcdefgh.png\" alt=\"Schema\">", "<img src=\"/media/abcdefgh.png\" alt=\"Schema\" />"],
  ["SVG with onload", "<svg onload=\"alert(1)\"><circle r=\"1\"/></svg>", ""],
  ["script inside SVG", "<svg><script>alert(1)</script></svg>", ""],
  ["MathML mutation XSS", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<table></table>"],
  ["noscript mutation XSS", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<p></p>"],
  ["a nested script tag", "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"],
  ["script inside a paragraph", "<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"],
  ["an iframe", "<iframe src=\"https://evil.example\"></iframe>", ""],
  ["object and embed", "<object data=\"x.swf\"></object><embed src=\"x.swf\">", ""],
  ["a style element", "<style>p{background:url(javascript:alert(1))}</style><p>x</p>", "<p>x</p>"],
  ["a style attribute", "<p style=\"background:url(javascript:alert(1))\">x</p>", "<p>x</p>"],
  ["a form", "<form action=\"https://evil.example\"><input name=\"a\"><button>b</button></form>", "b"],
  ["a meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", ""],
  ["a base element", "<base href=\"https://evil.example/\">", ""],
  ["a link with target (kept)", "<a href=\"https://cltb.be\" target=\"_blank\">x</a>", "<a href=\"https://cltb.be\" target=\"_blank\">x</a>"],
  ["unknown data- and class attributes", "<p id=\"x\" data-id=\"y\" data-evil=\"z\" class=\"c\">x</p>", "<p id=\"x\" data-id=\"y\">x</p>"],
  ["a comment hiding markup", "<!--<img src=x onerror=alert(1)>-->", ""],
  ["an unclosed tag", "<img src=x onerror=alert(1)//", ""],
  ["an attribute hiding markup", "<p title=\"&quot;><img src=x onerror=alert(1)>\">x</p>", "<p>x</p>"],
  ["a background attribute", "<td background=\"javascript:alert(1)\">x</td>", "<td>x</td>"],
  ["srcset with javascript:", "<a href=\"https://cltb.be\"><img src=\"x\" srcset=\"javascript:alert(1) 1x\"></a>", "<a href=\"https://cltb.be\"><img src=\"x\" /></a>"],
  ["an image map with javascript:", "<img src=\"https://cltb.be/a.png\" usemap=\"#m\"><map name=\"m\"><area href=\"javascript:alert(1)\"></map>", "<img src=\"https://cltb.be/a.png\" />"],
  ["details ontoggle", "<details open ontoggle=\"alert(1)\"><summary>x</summary></details>", "x"],
  ["a namespaced script", "<xss:script xmlns:xss=\"http://www.w3.org/1999/xhtml\">alert(1)</xss:script>", "alert(1)"],
  ["a handler on a code block", "<pre class=\"language-js\" onclick=\"x\">code</pre>", "<pre class=\"language-js\">code</pre>"],
];

const t = (text: string, marks?: PmJson['marks']): PmJson => (marks ? { type: 'text', text, marks } : { type: 'text', text });
/** [name, hostile blocks, renderBlocksHtml's answer, renderReleaseBlocks' answer]. */
const HOSTILE_BLOCKS: [string, PmJson[], string, string][] = [
  ['script in text', [{ type: 'paragraph', content: [t('<script>alert(1)</script>')] }], "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<div class=\"blk\"><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></div>"],
  ['quote breakout in text', [{ type: 'paragraph', content: [t('"><img src=x onerror=alert(1)>')] }], "<p>\"&gt;&lt;img src=x onerror=alert(1)&gt;</p>", "<div class=\"blk\"><p>\"&gt;&lt;img src=x onerror=alert(1)&gt;</p></div>"],
  ['javascript link', [{ type: 'paragraph', content: [t('klik', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])] }], "<p><a rel=\"noopener noreferrer nofollow\">klik</a></p>", "<div class=\"blk\"><p><a rel=\"noopener noreferrer nofollow\">klik</a></p></div>"],
  ['data link', [{ type: 'paragraph', content: [t('klik', [{ type: 'link', attrs: { href: 'data:text/html,<script>alert(1)</script>' } }])] }], "<p><a rel=\"noopener noreferrer nofollow\">klik</a></p>", "<div class=\"blk\"><p><a rel=\"noopener noreferrer nofollow\">klik</a></p></div>"],
  ['vbscript link', [{ type: 'paragraph', content: [t('klik', [{ type: 'link', attrs: { href: 'vbscript:msgbox(1)' } }])] }], "<p><a rel=\"noopener noreferrer nofollow\">klik</a></p>", "<div class=\"blk\"><p><a rel=\"noopener noreferrer nofollow\">klik</a></p></div>"],
  ['entity-encoded javascript link', [{ type: 'paragraph', content: [t('klik', [{ type: 'link', attrs: { href: '&#106;avascript:alert(1)' } }])] }], "<p><a rel=\"noopener noreferrer nofollow\">klik</a></p>", "<div class=\"blk\"><p><a rel=\"noopener noreferrer nofollow\">klik</a></p></div>"],
  ['link href breaking out of the attribute', [{ type: 'paragraph', content: [t('klik', [{ type: 'link', attrs: { href: 'https://cltb.be/" onmouseover="alert(1)' } }])] }], "<p><a rel=\"noopener noreferrer nofollow\" href=\"https://cltb.be/&quot; onmouseover=&quot;alert(1)\">klik</a></p>", "<div class=\"blk\"><p><a rel=\"noopener noreferrer nofollow\" href=\"https://cltb.be/&quot; onmouseover=&quot;alert(1)\">klik</a></p></div>"],
  ['javascript image', [{ type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'x' } }], "<img alt=\"x\" />", "<div class=\"blk\"><img alt=\"x\" /></div>"],
  ['data svg image', [{ type: 'image', attrs: { src: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+', alt: 'x' } }], "<img alt=\"x\" />", "<div class=\"blk\"><img alt=\"x\" /></div>"],
  ['image alt breaking out', [{ type: 'image', attrs: { src: '/media/abcdefgh.png', alt: '" onerror="alert(1)' } }], "<img src=\"/media/abcdefgh.png\" alt=\"&quot; onerror=&quot;alert(1)\" />", "<div class=\"blk\"><img src=\"/media/abcdefgh.png\" alt=\"&quot; onerror=&quot;alert(1)\" /></div>"],
  ['block id breaking out', [{ type: 'paragraph', attrs: { id: '" onclick="alert(1)' }, content: [t('x')] }], "<p data-id=\"&quot; onclick=&quot;alert(1)\">x</p>", "<div class=\"blk\"><p>x</p></div>"],
  ['code block language breaking out', [{ type: 'codeBlock', attrs: { language: '" onclick="alert(1)' }, content: [t('<b>x</b>')] }], "<pre><code class=\"language-&quot; onclick=&quot;alert(1)\">&lt;b&gt;x&lt;/b&gt;</code></pre>", "<div class=\"blk\"><pre><code class=\"language-&quot; onclick=&quot;alert(1)\">&lt;b&gt;x&lt;/b&gt;</code></pre></div>"],
  ['ordered list start breaking out', [{ type: 'orderedList', attrs: { start: '1" onclick="alert(1)' }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [t('x')] }] }] }], "<ol start=\"1&quot; onclick=&quot;alert(1)\"><li><p>x</p></li></ol>", "<div class=\"blk\"><ol start=\"1&quot; onclick=&quot;alert(1)\"><li><p>x</p></li></ol></div>"],
];

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#|[a-z0-9._-]+$)/i;

/** What no output may hold, whatever the input: handlers, script URLs, active elements. */
function dangers(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const found: string[] = [];
  for (const element of document.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'svg', 'math', 'iframe', 'object', 'embed', 'style', 'form', 'meta', 'base', 'link', 'noscript'].includes(tag)) found.push(`<${tag}>`);
    for (const attr of element.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (['href', 'src', 'srcset', 'action', 'background', 'style'].includes(attr.name.toLowerCase()) && (attr.name === 'style' || !SAFE_URL.test(attr.value.trim()))) found.push(`${tag}[${attr.name}=${attr.value}]`);
    }
  }
  return found;
}

describe('[R1] the sanitiser on its own', () => {
  for (const [name, input, output] of HOSTILE_HTML) {
    it(`[R1] ${name}`, () => {
      const sanitised = sanitizeContentHtml(input);
      expect(sanitised).toBe(output);
      expect(dangers(sanitised)).toEqual([]);
      // Sanitising is idempotent: the output is a fixed point (no mutation on a second pass).
      expect(sanitizeContentHtml(sanitised)).toBe(sanitised);
    });
  }

  it('[R1] the danger check itself sees handlers and script URLs (so it can fail)', () => {
    expect(dangers('<p onclick="x">a</p><a href="javascript:x">b</a><svg></svg>')).toEqual(['p[onclick]', 'a[href=javascript:x]', '<svg>']);
  });
});

describe('[R1] the renderer in front of it', () => {
  for (const [name, blocks, html, release] of HOSTILE_BLOCKS) {
    it(`[R1] ${name}`, () => {
      const rendered = renderBlocksHtml(blocks);
      expect(rendered).toBe(html);
      expect(dangers(rendered)).toEqual([]);
      const page = renderReleaseBlocks(blocks, { headingLevel: 2, permalinkLabel: 'Link', imageSrc: (src) => src });
      expect(page).toBe(release);
      expect(dangers(page)).toEqual([]);
    });
  }
});
