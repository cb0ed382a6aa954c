/**
 * "Minor change, translations stay up to date" (issue 20): when approving the lead language,
 * the changed passages since the latest revision, each with a box to tick. A ticked passage's
 * translations that were up to date stay so (the server records it as the approver's decision).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PmJson } from '../../../shared/editor/json.js';
import type { BlockDiff } from '../../../shared/revisions/diff.js';
import { fetchDiff } from '../api/revisions.js';

const textOf = (node: PmJson): string => (node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(textOf).join(' '));

/** The changed passages with a "minor" box each. */
export function MinorChanges({ docName, from, selected, onChange }: { docName: string; from: number; selected: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const [changed, setChanged] = useState<{ id: string; text: string }[] | null>(null);
  useEffect(() => {
    let live = true;
    fetchDiff(docName, from, 'draft').then(
      (diff) => {
        if (!live) return;
        const blocks = diff.blocks as BlockDiff[];
        setChanged(blocks.filter((b) => b.kind === 'changed' || (b.kind === 'moved' && b.changed)).map((b) => ({ id: b.id, text: textOf((b as { after: PmJson }).after).slice(0, 120) })));
      },
      () => live && setChanged([]),
    );
    return () => {
      live = false;
    };
  }, [docName, from]);
  if (!changed?.length) return null;
  return (
    <fieldset className="minor-changes">
      <legend>{t('review.minorTitle')}</legend>
      <p className="hint">{t('review.minorHint')}</p>
      {changed.map((block) => (
        <label key={block.id} className="checkbox">
          <input
            type="checkbox"
            checked={selected.includes(block.id)}
            onChange={(event) => onChange(event.target.checked ? [...selected, block.id] : selected.filter((id) => id !== block.id))}
          />
          <span>{block.text || block.id}</span>
        </label>
      ))}
    </fieldset>
  );
}
