/**
 * A field for choosing a password, with the length limits and a hint that describes it.
 */
import { LIMITS } from '../../../shared/limits.js';

/** The new-password input and its hint; `hintId` ties them together for assistive technology. */
export function NewPasswordField({
  label,
  hint,
  hintId,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  hintId: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          type="password"
          required
          minLength={LIMITS.minPasswordChars}
          maxLength={LIMITS.maxPasswordChars}
          autoComplete="new-password"
          aria-describedby={hintId}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </>
  );
}
