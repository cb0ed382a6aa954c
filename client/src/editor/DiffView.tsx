/**
 * A diff between two revisions, or a revision and the draft, shown inline: insertions
 * green and underlined, deletions red and struck through, moved blocks marked, runs of
 * unchanged blocks folded, and the counts on top.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PmJson } from '../../../shared/editor/json.js';
import type { BlockDiff, DocDiff, InlinePart } from '../../../shared/revisions/diff.js';
import { describeError } from '../api/describeError.js';
import { fetchDiff } from '../api/revisions.js';

interface DiffViewProps {
  docName: string;
  from: number;
  to: number | 'draft';
  onClose: () => void;
}

/** Plain text of a block, inner paragraphs, items and cells on their own lines. */
function blockText(block: PmJson): string {
  if (block.type === 'text') return block.text ?? '';
  if (block.type === 'hardBreak') return '\n';
  const inner = (block.content ?? []).map(blockText);
  if (block.type === 'tableRow') return inner.join(' | ');
  return ['bulletList', 'orderedList', 'table', 'blockquote', 'listItem', 'tableCell', 'tableHeader'].includes(block.type) ? inner.join('\n') : inner.join('');
}

function Parts({ parts }: { parts: InlinePart[] }) {
  return (
    <>
      {parts.map((part, index) => {
        if (part.boundary) return part.boundary === 'cell' ? <span key={index} className="diff-boundary"> | </span> : <br key={index} />;
        let node: ReactNode = part.text;
        for (const mark of part.marks ?? []) {
          if (mark === 'bold') node = <strong>{node}</strong>;
          else if (mark === 'italic') node = <em>{node}</em>;
          else if (mark === 'code') node = <code>{node}</code>;
          else if (mark === 'strike') node = <s>{node}</s>;
          else if (mark === 'underline') node = <u>{node}</u>;
        }
        if (part.op === 'insert') return <ins key={index}>{node}</ins>;
        if (part.op === 'delete') return <del key={index}>{node}</del>;
        return <Fragment key={index}>{node}</Fragment>;
      })}
    </>
  );
}

function ChangedBlock({ block }: { block: Extract<BlockDiff, { kind: 'changed' | 'moved' }> }) {
  const { t } = useTranslation();
  if (block.kind === 'moved' && !block.changed) return <p className="diff-text">{blockText(block.after)}</p>;
  return (
    <>
      {block.attrsChanged && <p className="diff-note">{t('review.formatChanged')}</p>}
      {block.parts ? (
        <p className="diff-text">
          <Parts parts={block.parts} />
        </p>
      ) : (
        <>
          <p className="diff-text">
            <del>{blockText(block.before)}</del>
          </p>
          <p className="diff-text">
            <ins>{blockText(block.after)}</ins>
          </p>
        </>
      )}
    </>
  );
}

/** The diff view. */
export function DiffView({ docName, from, to, onClose }: DiffViewProps) {
  const { t } = useTranslation();
  const [diff, setDiff] = useState<DocDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());

  useEffect(() => {
    setDiff(null);
    setError(null);
    fetchDiff(docName, from, to).then(setDiff, (caught: unknown) => setError(describeError(caught, t)));
  }, [docName, from, to, t]);

  const title = t('review.diffTitle', { from, to: to === 'draft' ? t('review.draft') : to });
  // Runs of unchanged blocks fold into one line, so a long section stays readable.
  const groups: ({ kind: 'run'; start: number; blocks: BlockDiff[] } | { kind: 'block'; block: BlockDiff })[] = [];
  (diff?.blocks ?? []).forEach((block, index) => {
    const last = groups[groups.length - 1];
    if (block.kind === 'unchanged') {
      if (last?.kind === 'run') last.blocks.push(block);
      else groups.push({ kind: 'run', start: index, blocks: [block] });
    } else groups.push({ kind: 'block', block });
  });

  return (
    <section className="diff-view" aria-label={title}>
      <div className="diff-header">
        <h3>{title}</h3>
        <button type="button" className="button small secondary" onClick={onClose}>
          {t('review.closeDiff')}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {diff && (
        <>
          <p className="diff-summary" role="status">
            {t('review.diffSummary', { ...diff.summary })}
          </p>
          {diff.capped && <p className="hint">{t('review.diffCapped')}</p>}
          {diff.summary.inserted + diff.summary.deleted + diff.summary.changed + diff.summary.moved === 0 && <p className="muted">{t('review.noDifference')}</p>}
          <div className="diff-blocks">
            {groups.map((group) => {
              if (group.kind === 'run') {
                if (!expanded.has(group.start)) {
                  return (
                    <button key={`run-${group.start}`} type="button" className="diff-fold" onClick={() => setExpanded(new Set([...expanded, group.start]))}>
                      {t('review.unchangedBlocks', { count: group.blocks.length })}
                    </button>
                  );
                }
                return group.blocks.map((block) => (
                  <div key={block.id} className="diff-block diff-unchanged">
                    <p className="diff-text">{block.kind === 'unchanged' ? blockText(block.block) : ''}</p>
                  </div>
                ));
              }
              const { block } = group;
              return (
                <div key={`${block.kind}-${block.id}`} className={`diff-block diff-${block.kind}`}>
                  <span className="diff-label">{t(`review.${block.kind}`)}</span>
                  {block.kind === 'inserted' && (
                    <p className="diff-text">
                      <ins>{blockText(block.block)}</ins>
                    </p>
                  )}
                  {block.kind === 'deleted' && (
                    <p className="diff-text">
                      <del>{blockText(block.block)}</del>
                    </p>
                  )}
                  {(block.kind === 'changed' || block.kind === 'moved') && <ChangedBlock block={block} />}
                </div>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
