/**
 * Content for the benchmarks: Dutch/French-looking prose in the editor's shape
 * (XmlFragment 'default' > XmlElement 'paragraph' {id} > XmlText), and the send-time
 * stamp that typing writers embed in their inserts.
 */
import * as Y from 'yjs';
import { createPrng } from '../../helpers/prng.js';

const NL = ['grond', 'woning', 'huis', 'buurt', 'trust', 'bewo', 'ners', 'ge', 'meen', 'schap', 'be', 'stuur', 'ver', 'een', 'ging', 'plan', 'kandi', 'daat', 'huur', 'koop', 'prijs', 'over', 'een', 'komst', 'wijk'];
const FR = ['ter', 'rain', 'mai', 'son', 'fidu', 'cie', 'quar', 'tier', 'loge', 'ment', 'habi', 'tant', 'con', 'seil', 'ges', 'tion', 'pro', 'jet', 'prix', 'ven', 'te', 'ac', 'cord', 'com', 'mune'];
const SHORT_NL = ['de', 'het', 'een', 'en', 'van', 'voor', 'met', 'op', 'die', 'is'];
const SHORT_FR = ['le', 'la', 'les', 'des', 'et', 'du', 'pour', 'avec', 'qui', 'est'];

/** `count` words of Dutch- or French-looking prose. */
export function prose(seed: number, count: number, lang: 'nl' | 'fr'): string {
  const prng = createPrng(seed);
  const syllables = lang === 'nl' ? NL : FR;
  const short = lang === 'nl' ? SHORT_NL : SHORT_FR;
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    if (prng.chance(0.35)) words.push(prng.pick(short));
    else words.push(Array.from({ length: 1 + prng.int(3) }, () => prng.pick(syllables)).join(''));
  }
  let text = words.join(' ');
  text = text.charAt(0).toUpperCase() + text.slice(1) + '.';
  return text;
}

/** A paragraph element with an id attribute and text. */
export function paragraph(text: string, id: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.setAttribute('id', id);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * Appends `paragraphs` paragraphs totalling about `words` words to a fragment (one
 * transaction), with ids `<idPrefix><n>`, or `ids` when given (one paragraph each).
 */
export function appendProse(doc: Y.Doc, options: { words: number; paragraphs: number; idPrefix: string; seed: number; ids?: string[] }): void {
  const fragment = doc.getXmlFragment('default');
  const perParagraph = Math.max(1, Math.round(options.words / options.paragraphs));
  doc.transact(() => {
    const blocks: Y.XmlElement[] = [];
    for (let i = 0; i < options.paragraphs; i++) {
      blocks.push(paragraph(prose(options.seed + i, perParagraph, i % 2 ? 'fr' : 'nl'), options.ids?.[i] ?? `${options.idPrefix}${i}`));
    }
    fragment.insert(fragment.length, blocks);
  });
}

/** Word count of a fragment's text. */
export function wordCount(fragment: Y.XmlFragment): number {
  let words = 0;
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) {
      for (const inner of child.toArray()) if (inner instanceof Y.XmlText) words += inner.toString().split(/\s+/).filter(Boolean).length;
    }
  }
  return words;
}

// --- send-time stamps -------------------------------------------------------------------
// hrtime is CLOCK_MONOTONIC, shared by every process on the machine, so a stamp made in
// one worker can be read in another. An insert is one ASCII letter followed by two CJK
// characters holding the low 28 bits of the send time in microseconds (wraps every 268 s,
// far above any latency measured). In a V1 update the insert is a varString: length 7,
// the letter, then 2 × 3 UTF-8 bytes — a pattern scanned for without decoding the update.

const STAMP_BITS = 28;
const STAMP_MOD = 1 << STAMP_BITS;
const CJK_BASE = 0x4e00;

/** Now, in microseconds of the monotonic clock. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The text a writer inserts: a letter and the stamp of `us`. */
export function stampText(letter: string, us: number): string {
  const t = us % STAMP_MOD;
  return letter + String.fromCharCode(CJK_BASE + (t >>> 14), CJK_BASE + (t & 0x3fff));
}

const isCont = (b: number) => (b & 0xc0) === 0x80;
const isLead = (b: number) => b >= 0xe4 && b <= 0xe8;

/** Calls `found(latencyUs)` for every stamp in an update (V1), measured against `nowUsValue`. */
export function readStamps(update: Uint8Array, nowUsValue: number, found: (latencyUs: number, sentUs: number) => void): void {
  const now = nowUsValue % STAMP_MOD;
  for (let i = 2; i + 5 < update.length; i++) {
    if (update[i - 2] !== 7 || !isLead(update[i]) || !isCont(update[i + 1]) || !isCont(update[i + 2]) || !isLead(update[i + 3]) || !isCont(update[i + 4]) || !isCont(update[i + 5])) continue;
    const letter = update[i - 1];
    if (letter < 0x61 || letter > 0x7a) continue;
    const hi = ((update[i] & 0x0f) << 12) | ((update[i + 1] & 0x3f) << 6) | (update[i + 2] & 0x3f);
    const lo = ((update[i + 3] & 0x0f) << 12) | ((update[i + 4] & 0x3f) << 6) | (update[i + 5] & 0x3f);
    if (hi < CJK_BASE || hi > CJK_BASE + 0x3fff || lo < CJK_BASE || lo > CJK_BASE + 0x3fff) continue;
    const t = ((hi - CJK_BASE) << 14) | (lo - CJK_BASE);
    let latency = now - t;
    if (latency < 0) latency += STAMP_MOD;
    if (latency < 60_000_000) found(latency, nowUsValue - latency);
    i += 5;
  }
}
