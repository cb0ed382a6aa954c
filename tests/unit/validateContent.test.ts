/** [X1] The block checker accepts what the editor writes and refuses what it never would. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { checkBlock } from '../../server/collab/validateContent.js';
import { getEditorSchema } from '../../shared/editor/extensions.js';

const schema = getEditorSchema();

/** Builds a block through the real TipTap binding, as a browser would store it. */
function viaBinding(block: object): Y.XmlElement {
  const doc = prosemirrorJSONToYDoc(schema, { type: 'doc', content: [block] }, 'default');
  return doc.getXmlFragment('default').get(0) as Y.XmlElement;
}

/** Builds a block by hand, the way a hostile client could. */
function byHand(build: (fragment: Y.XmlFragment) => void): Y.XmlElement {
  const doc = new Y.Doc();
  build(doc.getXmlFragment('default'));
  return doc.getXmlFragment('default').get(0) as Y.XmlElement;
}

const text = (t: string, marks?: object[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });

describe('checkBlock accepts the editor\'s own content', () => {
  const valid: Record<string, object> = {
    paragraph: { type: 'paragraph', attrs: { id: 'p1' }, content: [text('Hallo '), text('vet', [{ type: 'bold' }])] },
    heading: { type: 'heading', attrs: { id: 'h1', level: 2 }, content: [text('Titel')] },
    link: { type: 'paragraph', attrs: { id: 'l1' }, content: [text('site', [{ type: 'link', attrs: { href: 'https://cltb.be' } }])] },
    mailto: { type: 'paragraph', attrs: { id: 'l2' }, content: [text('mail', [{ type: 'link', attrs: { href: 'mailto:info@cltb.be' } }])] },
    list: { type: 'bulletList', attrs: { id: 'u1' }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('een')] }] }] },
    table: {
      type: 'table',
      attrs: { id: 't1' },
      content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [text('Kop')] }] }] }],
    },
    image: { type: 'image', attrs: { id: 'i1', src: '/media/abcdefgh1234.png', alt: 'plan' } },
    quote: { type: 'blockquote', attrs: { id: 'q1' }, content: [{ type: 'paragraph', content: [text('citaat')] }] },
    'two overlapping comments': {
      type: 'paragraph',
      attrs: { id: 'c1' },
      content: [text('samen', [{ type: 'comment', attrs: { thread: 'thread-one-1' } }, { type: 'comment', attrs: { thread: 'thread-two-2' } }])],
    },
  };
  for (const [name, block] of Object.entries(valid)) {
    it(`[X1] accepts a ${name}`, () => expect(checkBlock(viaBinding(block), schema).ok).toBe(true));
  }
});

describe('checkBlock refuses what the editor never writes', () => {
  const invalid: Record<string, () => Y.XmlElement> = {
    'an unknown node': () => byHand((f) => f.insert(0, [new Y.XmlElement('iframe')])),
    'a javascript: link': () => viaBinding({ type: 'paragraph', content: [text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])] }),
    'a data: link': () => viaBinding({ type: 'paragraph', content: [text('x', [{ type: 'link', attrs: { href: 'data:text/html,<script>' } }])] }),
    'an image from elsewhere': () => viaBinding({ type: 'image', attrs: { src: 'https://evil.example/a.png' } }),
    'a heading level 9': () => byHand((f) => {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 9 as unknown as string);
      f.insert(0, [h]);
    }),
    'a comment without a thread id': () => viaBinding({ type: 'paragraph', content: [text('x', [{ type: 'comment', attrs: { thread: null } }])] }),
    'a comment under a key the binding never writes': () => byHand((f) => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      t.insert(0, 'x', { 'comment--short': { thread: 'thread-one-1' } });
      p.insert(0, [t]);
      f.insert(0, [p]);
    }),
    'an unknown attribute': () => byHand((f) => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('onclick', 'alert(1)');
      f.insert(0, [p]);
    }),
    'an unknown mark': () => byHand((f) => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      p.insert(0, [t]);
      f.insert(0, [p]);
      t.insert(0, 'x', { blink: {} });
    }),
    'an empty list': () => byHand((f) => f.insert(0, [new Y.XmlElement('bulletList')])),
    'a list item at the top': () => byHand((f) => f.insert(0, [new Y.XmlElement('listItem')])),
    'deep nesting': () => byHand((f) => {
      let inner = new Y.XmlElement('blockquote');
      const outer = inner;
      for (let i = 0; i < 60; i++) {
        const next = new Y.XmlElement('blockquote');
        inner.insert(0, [next]);
        inner = next;
      }
      f.insert(0, [outer]);
    }),
  };
  for (const [name, build] of Object.entries(invalid)) {
    it(`[X1] refuses ${name}`, () => expect(checkBlock(build(), schema).ok).toBe(false));
  }
});
