/**
 * A person's colour (carets, suggestions): deterministic from the user id, `#rrggbb`, dark
 * enough for white label text. Pure, so the server (awareness stamping) and the browser
 * (suggestion colours) agree.
 */
import { digest } from 'lib0/hash/sha256';

/** A deterministic, readable colour (`#rrggbb`) for a user id. */
export function colourForUser(userId: string): string {
  const hash = digest(new TextEncoder().encode(userId));
  const hue = ((hash[0] << 8) | hash[1]) % 360;
  const saturation = 0.65;
  const lightness = 0.42;
  // HSL → RGB (CSS Color 4's formula).
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = saturation * Math.min(lightness, 1 - lightness);
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
