/**
 * A form's primary submit button, disabled while the form is being sent.
 */

/** The submit button; shows `busyLabel` (when given) while `busy`. */
export function SubmitButton({ busy, label, busyLabel }: { busy: boolean; label: string; busyLabel?: string }) {
  return (
    <button type="submit" className="button primary" disabled={busy}>
      {busy && busyLabel !== undefined ? busyLabel : label}
    </button>
  );
}
