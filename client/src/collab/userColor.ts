/**
 * A stable caret colour per person (the server stamps its own; this is what the client
 * offers until then). Colours are `#rrggbb`, as CollaborationCaret requires, and dark
 * enough for white label text.
 */
const PALETTE = ['#1f6f8b', '#8a3b12', '#2e7d32', '#6a1b9a', '#ad1457', '#00695c', '#4e342e', '#283593', '#9e6a00', '#5d4037'];

/** The colour of a person, from their id. */
export function userColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

/** Whether a value is a `#rrggbb` colour (anything else is not put into styles). */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);
}
