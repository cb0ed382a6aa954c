/**
 * [D4][X1] What the server may ask of yjs (DESIGN.md, "Storage" and "Message pipeline"):
 * compaction re-encodes a Y.Doc and never calls `Y.mergeUpdates` (quadratic, and crafted
 * input hangs it — yjs issue 687); client bytes are read by our own V1 reader, never by
 * yjs's V2 or update-merging code. A scan of every source file under server/, comments
 * left out, keeps it so (the same idea as architecture.test.ts for imports).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The yjs functions that merge or decode raw updates lazily (V2 and merge family). */
const FORBIDDEN = ['mergeUpdates', 'mergeUpdatesV2', 'applyUpdateV2', 'diffUpdate', 'diffUpdateV2', 'convertUpdateFormatV1ToV2', 'convertUpdateFormatV2ToV1', 'encodeStateVectorFromUpdate', 'encodeStateVectorFromUpdateV2', 'parseUpdateMeta', 'parseUpdateMetaV2'];

function serverFiles(): string[] {
  const dir = path.join(ROOT, 'server');
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).map((f) => path.join(dir, f));
}

/** Source text without comments (a comment may name what the code must not do). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('[D4][X1] yjs calls under server/', () => {
  it('[D4] nothing under server/ calls mergeUpdates, applyUpdateV2 or the rest of the merge/V2 family', () => {
    const files = serverFiles();
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) => {
      const code = withoutComments(fs.readFileSync(file, 'utf8'));
      return FORBIDDEN.filter((name) => new RegExp(`\\b${name}\\b`).test(code)).map((name) => `${path.relative(ROOT, file)}: ${name}`);
    });
    expect(offenders).toEqual([]);
  });

  it('[D4] the scan sees through aliases: yjs is imported only as a namespace or by named V1 functions', () => {
    // `import { mergeUpdates as m }` or `Y['merge' + 'Updates']` would slip past a name scan:
    // refuse renamed imports from yjs and computed member access on the yjs namespace.
    const offenders = serverFiles().flatMap((file) => {
      const code = withoutComments(fs.readFileSync(file, 'utf8'));
      const renamed = [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]yjs['"]/g)].some((m) => /\bas\b/.test(m[1].replace(/\btype\s+\w+\s+as\s+\w+/g, '')));
      const computed = /\bY\s*\[/.test(code);
      return renamed || computed ? [path.relative(ROOT, file)] : [];
    });
    expect(offenders).toEqual([]);
  });
});
