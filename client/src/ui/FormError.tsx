/**
 * A form's error line, announced as an alert when it appears.
 */

/** The error line; renders nothing while there is no error. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}
