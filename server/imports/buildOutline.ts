/**
 * From converted files to the sections an import creates: tracked changes settled as the
 * importer chose (kept as suggestions, accepted or rejected), then the text split at
 * headings of the chosen level or above (Decidim's participatory-text rule). The splitting
 * heading becomes the section's title; deeper headings stay in the text. Text before the
 * first splitting heading becomes a section named after the file.
 */
import type { PmJson } from '../../shared/editor/json.js';
import type { TrackedChangesChoice } from '../../shared/imports/api.js';
import { LIMITS } from '../../shared/limits.js';
import type { ConvertedFile } from './convertFile.js';

/** A section to create. */
export interface PlannedSection {
  title: string;
  /** 0 = top level of the import. */
  depth: number;
  file: string;
  blocks: PmJson[];
  /** Change keys (see ConvertedFile.changes) kept as suggestions in this section. */
  suggestions: string[];
}

const textOf = (node: PmJson): string => node.text ?? (node.content ?? []).map(textOf).join('');

/** Settles tracked changes in a block tree: answers the new nodes and the change keys kept. */
function settle(nodes: readonly PmJson[], choice: TrackedChangesChoice, kept: Set<string>): PmJson[] {
  const out: PmJson[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const marks = node.marks ?? [];
      const change = marks.find((mark) => mark.type === 'insertion' || mark.type === 'deletion');
      if (!change) {
        out.push(node);
        continue;
      }
      const key = String(change.attrs?.id);
      if (choice === 'suggest') {
        kept.add(key);
        out.push(node);
        continue;
      }
      const drop = (choice === 'accept') === (change.type === 'deletion');
      if (drop) continue;
      const rest = marks.filter((mark) => mark !== change);
      out.push(rest.length ? { ...node, marks: rest } : { type: 'text', text: node.text });
      continue;
    }
    out.push(node.content ? { ...node, content: settle(node.content, choice, kept) } : node);
  }
  return out;
}

/** The sections of one file. */
export function planSections(file: ConvertedFile, splitLevel: number, choice: TrackedChangesChoice): PlannedSection[] {
  const baseTitle = file.name.replace(/\.[A-Za-z0-9]+$/, '') || file.name;
  const sections: PlannedSection[] = [];
  let current: PlannedSection | null = null;
  let kept = new Set<string>();
  const close = () => {
    if (current) current.suggestions = [...kept];
    kept = new Set();
  };
  for (const block of file.blocks) {
    const level = block.type === 'heading' ? Number(block.attrs?.level ?? 1) : 0;
    if (level >= 1 && level <= splitLevel) {
      close();
      const title = textOf({ type: 'x', content: settle([block], choice === 'suggest' ? 'accept' : choice, new Set()) }).replace(/\s+/g, ' ').trim();
      // A level never jumps more than one below the section before it.
      const previousDepth = sections.length ? sections[sections.length - 1].depth : -1;
      current = { title: (title || baseTitle).slice(0, LIMITS.maxTitleChars), depth: Math.min(level - 1, previousDepth + 1), file: file.name, blocks: [], suggestions: [] };
      sections.push(current);
      continue;
    }
    if (!current) {
      current = { title: baseTitle.slice(0, LIMITS.maxTitleChars), depth: 0, file: file.name, blocks: [], suggestions: [] };
      sections.push(current);
    }
    current.blocks.push(...settle([block], choice, kept));
  }
  close();
  if (!sections.length) sections.push({ title: baseTitle.slice(0, LIMITS.maxTitleChars), depth: 0, file: file.name, blocks: [], suggestions: [] });
  return sections;
}

/** Plain text of a section for the preview, shortened. */
export function previewText(blocks: readonly PmJson[], maxChars = 1500): string {
  const text = blocks.map(textOf).filter(Boolean).join('\n');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** Images (`/media/…` sources) used in blocks. */
export function imagesIn(blocks: readonly PmJson[]): string[] {
  const out: string[] = [];
  const visit = (node: PmJson) => {
    if (node.type === 'image' && typeof node.attrs?.src === 'string') out.push(node.attrs.src);
    node.content?.forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}
