/**
 * A field for a person's name, within the name length limit.
 */
import { LIMITS } from '../../../shared/limits.js';

/** The required name input under its visible label. */
export function NameField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input required maxLength={LIMITS.maxNameChars} autoComplete="name" value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
