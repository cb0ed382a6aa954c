/**
 * A release's adoption (issue 24): "Adopted, in force from …", or for staff a small form to
 * mark it adopted with the date it comes into force. Adopting freezes the article numbers.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Adoption } from '../../../shared/legal/api.js';
import { adoptRelease } from '../api/legal.js';
import { describeError } from '../api/describeError.js';

interface AdoptReleaseProps {
  workspaceSlug: string;
  version: string;
  adoption: Adoption | undefined;
  mayManage: boolean;
  onAdopted: (adoption: Adoption) => void;
}

/** The adoption line or form of one release. */
export function AdoptRelease({ workspaceSlug, version, adoption, mayManage, onAdopted }: AdoptReleaseProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (adoption) return <p className="small">{t('legal.adopted', { date: adoption.inForceFrom })}</p>;
  if (!mayManage) return null;
  if (!open) {
    return (
      <button type="button" className="button small secondary" onClick={() => setOpen(true)}>
        {t('legal.adopt')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    adoptRelease(workspaceSlug, version, date).then(
      (done) => {
        setBusy(false);
        setOpen(false);
        onAdopted(done);
      },
      (caught: unknown) => {
        setBusy(false);
        setError(describeError(caught, t));
      },
    );
  };
  const fieldId = `in-force-${version}`;
  return (
    <form className="adopt-form" onSubmit={submit} aria-label={t('legal.adoptTitle', { version })}>
      <p className="muted small">{t('legal.adoptExplain')}</p>
      <label htmlFor={fieldId}>{t('legal.inForceFrom')}</label>{' '}
      <input id={fieldId} type="date" required value={date} onChange={(event) => setDate(event.target.value)} />{' '}
      <button type="submit" className="button small" disabled={busy || !date}>
        {t('legal.adoptConfirm')}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
