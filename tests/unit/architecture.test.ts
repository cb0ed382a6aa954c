/**
 * Architecture boundaries (DESIGN.md, "Architecture"): shared/ imports nothing of ours and
 * no I/O; server/ and client/ import shared/ but never each other; nothing imports tests/.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('node_modules') && !f.startsWith('dist'))
    .map((f) => path.join(full, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function resolvesInto(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
  return target === folder || target.startsWith(folder + path.sep);
}

describe('import boundaries', () => {
  it('[ARCH] shared/ imports nothing of ours and no node: modules', () => {
    const offenders = sourceFiles('shared').flatMap((file) =>
      importsOf(file).filter((spec) => spec.startsWith('node:') || ['server', 'client', 'tests'].some((f) => resolvesInto(file, spec, f))).map((spec) => `${file}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('[ARCH] server/ never imports client/ or tests/, client/ never imports server/ or tests/', () => {
    const offenders = [
      ...sourceFiles('server').flatMap((file) => importsOf(file).filter((spec) => resolvesInto(file, spec, 'client') || resolvesInto(file, spec, 'tests')).map((s) => `${file}: ${s}`)),
      ...sourceFiles('client').flatMap((file) => importsOf(file).filter((spec) => resolvesInto(file, spec, 'server') || resolvesInto(file, spec, 'tests')).map((s) => `${file}: ${s}`)),
    ];
    expect(offenders).toEqual([]);
  });
});
