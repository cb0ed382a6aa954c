/**
 * The submit state every form shares: busy while the request runs, and the error to show
 * when it fails.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describeError.js';

/**
 * Runs `run` on submit with `busy` set and the previous error cleared. A failure becomes
 * `explain(caught)` (by default the generic description); `null` shows no error, for a
 * failure the page presents otherwise. `setError` shows an error found outside a submit.
 */
export function useFormSubmit(
  run: () => Promise<void>,
  explain?: (caught: unknown) => string | null,
): { busy: boolean; error: string | null; setError: (error: string | null) => void; handleSubmit: (event: FormEvent) => void } {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (caught) {
      setError(explain ? explain(caught) : describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  return { busy, error, setError, handleSubmit };
}
