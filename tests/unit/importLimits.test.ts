/**
 * The import limits' building blocks (issue 19), without a server: the zip directory reader
 * refuses too many entries and too large declared sizes before inflating and stops
 * inflating at the declared size; the markup and Markdown scans count blocks and depth
 * without building anything; the result is measured without recursion; a file past a
 * limit is a failure naming the file and the limit.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { convertFile, estimateMarkdownBlocks } from '../../server/imports/convertFile.js';
import { DamagedZipError, readZipDirectory, unpackDocx } from '../../server/imports/docxZip.js';
import { measureBlocks, scanMarkup } from '../../server/imports/htmlToBlocks.js';
import { ImportLimitError } from '../../server/imports/importLimits.js';
import type { PmJson } from '../../shared/editor/json.js';
import { buildHandbookDocx } from '../helpers/docxFixture.js';
import { rawZip, type RawZipEntry } from '../helpers/hostile.js';

const stored = (name: string, text: string): RawZipEntry => ({ name, data: Buffer.from(text), method: 0, declaredSize: Buffer.byteLength(text) });
const limitOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportLimitError) return error.limit;
    throw error;
  }
  return null;
};

describe('[issue 19] the .docx zip reader', () => {
  it('[issue 19] reads an honest Word file whole', async () => {
    const files = unpackDocx(await buildHandbookDocx());
    expect(new TextDecoder().decode(files.get('word/document.xml'))).toContain('Over de coöperatie');
  });

  it('[issue 19] refuses more entries than a Word file has, from the directory', () => {
    const zip = rawZip(Array.from({ length: LIMITS.maxImportZipEntries + 1 }, (_, i) => stored(`part${i}.xml`, 'x')));
    expect(limitOf(() => readZipDirectory(zip))).toBe('maxImportZipEntries');
    expect(limitOf(() => readZipDirectory(rawZip(Array.from({ length: 10 }, (_, i) => stored(`part${i}.xml`, 'x')))))).toBeNull();
  });

  it('[issue 19] refuses declared sizes past the limit, summed over the entries', () => {
    const half = { name: 'a.xml', data: deflateRawSync('x'), method: 8 as const, declaredSize: LIMITS.maxImportUnpackedBytes / 2 + 1 };
    expect(limitOf(() => readZipDirectory(rawZip([half])))).toBeNull();
    expect(limitOf(() => readZipDirectory(rawZip([half, { ...half, name: 'b.xml' }])))).toBe('maxImportUnpackedBytes');
  });

  it('[issue 19] stops inflating an entry that outgrows its declared size; a damaged entry is damaged, not a limit', () => {
    const data = deflateRawSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    expect(limitOf(() => unpackDocx(rawZip([{ name: 'word/document.xml', data, method: 8, declaredSize: 1024 }])))).toBe('maxImportUnpackedBytes');
    expect(unpackDocx(rawZip([{ name: 'word/document.xml', data, method: 8, declaredSize: 4 * 1024 * 1024 }])).get('word/document.xml')!.length).toBe(4 * 1024 * 1024);
    expect(() => unpackDocx(rawZip([{ name: 'word/document.xml', data: Buffer.from('not deflate at all'), method: 8, declaredSize: 100 }]))).toThrow(DamagedZipError);
  });
});

describe('[issue 19] scans before building, measures after', () => {
  it('[issue 19] counts the blocks a Markdown text starts', () => {
    expect(estimateMarkdownBlocks('# Kop\n\nEen alinea\nover twee regels.\n\n- een\n- twee\n\n> citaat\n')).toBe(5);
    expect(estimateMarkdownBlocks('- punt\n'.repeat(1000))).toBe(1000);
  });

  it('[issue 19] reads the depth and blocks of markup; end tags that may be left out do not count', () => {
    expect(scanMarkup('<div><div><p>a<p>b</div></div><ul><li>x<li>y</ul>')).toEqual({ depth: 2, blocks: 4 });
    expect(scanMarkup('<div>'.repeat(500)).depth).toBe(500);
    expect(scanMarkup('<br><img src=x><hr/><p>x</p>').depth).toBe(0);
  });

  it('[issue 19] measures blocks and characters of a deep result without recursion', () => {
    let node: PmJson = { type: 'paragraph', content: [{ type: 'text', text: 'abc' }] };
    for (let i = 0; i < 100_000; i++) node = { type: 'blockquote', content: [node] };
    expect(measureBlocks([node])).toEqual({ blocks: 100_001, chars: 3 });
  });

  it('[issue 19] a file past a limit is a failure naming the file and the limit', async () => {
    const result = await convertFile('lijst.md', Buffer.from('- punt\n'.repeat(LIMITS.maxImportBlocks + 1)));
    expect(result).toMatchObject({ ok: false, failure: { code: 'unprocessable', field: 'file', limit: 'maxImportBlocks' } });
    if (!result.ok) expect(result.failure.message).toMatch(/^lijst\.md has more than 50,000 paragraphs/);
    const deep = await convertFile('diep.html', Buffer.from(`${'<blockquote>'.repeat(LIMITS.maxImportDepth + 1)}x`));
    expect(deep).toMatchObject({ ok: false, failure: { limit: 'maxImportDepth' } });
  });
});
