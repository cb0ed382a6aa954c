/**
 * A field for choosing a password, with the length limits and a hint that states them.
 */
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits.js';

/**
 * The new-password input and its hint: `hintKey` names the hint text (given the minimum
 * length as `count`), `hintId` ties the hint to the input for assistive technology.
 */
export function NewPasswordField({
  label,
  hintKey,
  hintId,
  value,
  onChange,
}: {
  label: string;
  hintKey: string;
  hintId: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
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
        {t(hintKey, { count: LIMITS.minPasswordChars })}
      </p>
    </>
  );
}
