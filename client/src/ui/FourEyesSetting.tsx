/**
 * The four-eyes switch of a workspace (admins): on, nobody approves their own request (V2).
 * Says at once what changed ("Saved. From now on a second person approves…") in a live
 * region, and asks the page to reload the workspace so every review box follows.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';
import { setFourEyes } from '../api/revisions.js';

/** The checkbox and its feedback. */
export function FourEyesSetting({ workspaceSlug, fourEyes, onChanged }: { workspaceSlug: string; fourEyes: boolean; onChanged: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const [checked, setChecked] = useState(fourEyes);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);

  const change = async (value: boolean) => {
    setChecked(value);
    setBusy(true);
    setMessage(null);
    try {
      await setFourEyes(workspaceSlug, value);
      setMessage({ kind: 'saved', text: t(value ? 'review.fourEyesSaved' : 'review.fourEyesOffSaved') });
      await onChanged();
    } catch (caught) {
      setChecked(!value);
      setMessage({ kind: 'error', text: describeError(caught, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="four-eyes-setting">
      <label className="checkbox">
        <input type="checkbox" checked={checked} disabled={busy} onChange={(event) => void change(event.target.checked)} />
        <span>{t('review.fourEyes')}</span>
      </label>
      <p className={message?.kind === 'error' ? 'error' : 'hint'} role="status" aria-live="polite">
        {message?.text ?? ''}
      </p>
    </div>
  );
}
