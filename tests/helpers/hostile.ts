/** Hostile inputs for every body field and path parameter: SQL injection and prototype pollution. */

/** Strings that would change a query if they were ever concatenated into SQL. */
export const SQL_INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE users; --', "x' UNION SELECT password_hash FROM users --"] as const;

/** Raw JSON bodies that try to pollute Object.prototype (sent as text, so __proto__ is a real key). */
export const POLLUTING_BODIES = [
  '{"__proto__":{"isSiteAdmin":true}}',
  '{"constructor":{"prototype":{"isSiteAdmin":true}}}',
  '{"__proto__":{"role":"admin"},"role":"reader"}',
] as const;

/** Whether Object.prototype picked anything up. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.isSiteAdmin === undefined && probe.role === undefined && probe.admin === undefined;
}

/** The link path of the newest outbox row to an address (`/invite/…` or `/reset/…`), with its token. */
export function outboxLink(db: { prepare(sql: string): { get(...args: unknown[]): unknown } }, to: string, kind: 'invite' | 'reset'): { token: string; body: string; subject: string } | null {
  const row = db.prepare('SELECT subject, body FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1').get(to) as { subject: string; body: string } | undefined;
  const match = row?.body.match(new RegExp(`/${kind}/([A-Za-z0-9_-]+)`));
  return row && match ? { token: match[1], body: row.body, subject: row.subject } : null;
}

/*
 * Hostile import files (issue 19), generated in the test (no big fixtures in git).
 */

/** One entry of a hand-built zip: its (raw deflate) data and the size its directory declares. */
export interface RawZipEntry {
  name: string;
  data: Buffer;
  /** 8 = deflate, 0 = stored. */
  method: 0 | 8;
  declaredSize: number;
}

/**
 * A zip written byte by byte (APPNOTE.TXT 4.3), so its directory can declare any size:
 * jszip and fflate would only ever write honest sizes. CRCs are left at 0 (the importer
 * refuses these files before a CRC could matter).
 */
export function rawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt32LE(entry.data.length, 20);
    record.writeUInt32LE(entry.declaredSize, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    directory.push(record, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/** Raw deflate of `bytes` spaces, streamed from one 1 MiB buffer (1 GiB deflates to ~1 MiB in a few seconds). */
export async function deflatedSpaces(bytes: number): Promise<Buffer> {
  const zlib = await import('node:zlib');
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = zlib.createDeflateRaw({ level: 9, memLevel: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!deflate.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)))) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

/**
 * A .docx zip bomb: word/document.xml is 1 GiB of spaces deflated to ~1 MiB. `declare`:
 * `honest` writes the real size in the directory; `lying` declares 1 KiB (only inflating
 * can tell).
 */
export function docxBomb(deflated: Buffer, inflatedBytes: number, declare: 'honest' | 'lying'): Buffer {
  const stored = (name: string, text: string): RawZipEntry => ({ name, data: Buffer.from(text), method: 0, declaredSize: Buffer.byteLength(text) });
  return rawZip([
    stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    stored('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
    { name: 'word/document.xml', data: deflated, method: 8, declaredSize: declare === 'honest' ? inflatedBytes : 1024 },
  ]);
}

/** HTML with `depth` <div>s inside one another. */
export const nestedDivs = (depth: number): string => `<!doctype html><html><body>${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}</body></html>`;

/** Markdown with `count` list items. */
export const markdownListItems = (count: number): string => '# Lijst\n\n' + '- punt\n'.repeat(count);

/** HTML with `count` paragraphs. */
export const htmlParagraphs = (count: number): string => `<!doctype html><html><body>${'<p>Een alinea tekst.</p>'.repeat(count)}</body></html>`;

/** Markdown quotes inside one another, `depth` deep. */
export const nestedQuotes = (depth: number): string => `${'>'.repeat(depth)} diep\n`;
